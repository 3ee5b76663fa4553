package dev.modelkit.kernel.jjava;

import dev.modelkit.kernel.DefaultImports;
import dev.modelkit.kernel.Feature;
import dev.modelkit.kernel.ModelKitFeatures;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * ModelKit for JJava: JJava loads every {@link Extension} listed in
 * {@code META-INF/services/org.dflib.jjava.jupyter.Extension} on its classpath, so putting the
 * extension jar there (or {@code %jars} it) installs the same renderers and magics as
 * {@link dev.modelkit.kernel.ModelKitExtension} does on basekernel kernels. Stock IJava never reads
 * that service file.
 */
public final class JJavaExtension implements Extension {

    /** Called by JJava's ServiceLoader. */
    public JJavaExtension() {
    }

    @Override
    public void install(BaseKernel kernel) {
        for (Feature feature : new ModelKitFeatures().features()) {
            JJavaInstaller.install(kernel, feature);
        }
        DefaultImports.addTo(kernel);  // once per kernel
    }

    /** What {@code ModelKitExtension.install()} calls on JJava: the kernel is JJava's. */
    public static void installInto(Object kernel) {
        new JJavaExtension().install((BaseKernel) kernel);
    }
}
