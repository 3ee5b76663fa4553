package dev.modelkit.kernel;

import dev.modelkit.kernel.MimeView;

import java.util.List;
import java.util.Map;

/**
 * One ModelKit notebook feature as kernel-independent parts: the views it renders and the line
 * magics it adds. {@code dev.modelkit.kernel.basekernel.BaseKernelInstaller} (extension module) puts a feature into any basekernel kernel (IJava,
 * ours); {@code dev.modelkit.kernel.jjava.JJavaInstaller} into JJava.
 *
 * @param name       a short unique name, used to install each feature once per kernel
 * @param views      renderers for the feature's types
 * @param lineMagics magics by name, without the {@code %}
 */
public record Feature(String name, List<MimeView<?>> views, Map<String, LineMagic> lineMagics) {

    public Feature {
        views = List.copyOf(views);
        lineMagics = Map.copyOf(lineMagics);
    }
}
