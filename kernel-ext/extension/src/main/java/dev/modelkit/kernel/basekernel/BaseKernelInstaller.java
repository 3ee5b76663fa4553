package dev.modelkit.kernel.basekernel;

import dev.modelkit.kernel.Feature;
import dev.modelkit.kernel.LineMagic;
import dev.modelkit.kernel.MagicContext;
import dev.modelkit.kernel.MimeView;
import dev.modelkit.kernel.host.FeatureInstaller;
import dev.modelkit.kernel.host.InPlaceProgress;
import dev.modelkit.kernel.host.KernelHost;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Puts a {@link Feature} into any kernel built on basekernel 2.3.0: stock IJava 1.3.0, our kernel,
 * or another. It uses only basekernel's public API, and finds the magics registry the way IJava
 * exposes it, a public {@code getMagics()} method on the kernel (basekernel itself has none).
 * What it does with them is {@link FeatureInstaller}'s, shared with JJava's adapter.
 */
public final class BaseKernelInstaller implements KernelHost {

    private final BaseKernel kernel;

    private BaseKernelInstaller(BaseKernel kernel) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null; in IJava pass "
                    + "io.github.spencerpark.ijava.IJava.getKernelInstance()");
        }
        this.kernel = kernel;
    }

    /**
     * Registers the feature's views with the kernel's renderer and its magics with the kernel's
     * magics registry, if it has one. Each feature is installed once per kernel.
     *
     * @return false if the feature was already installed in this kernel
     */
    public static boolean install(BaseKernel kernel, Feature feature) {
        return FeatureInstaller.install(new BaseKernelInstaller(kernel), feature);
    }

    /** True once {@code feature} has been installed into {@code kernel}. */
    public static boolean isInstalled(BaseKernel kernel, String feature) {
        return FeatureInstaller.isInstalled(kernel, feature);
    }

    /**
     * A progress bar of {@code total} steps in the current cell's output, updated in place; what
     * line magics get from {@code MagicContext.progress}.
     *
     * @throws IllegalArgumentException if {@code kernel} is null or {@code total < 1}
     */
    public static InPlaceProgress progress(BaseKernel kernel, String label, int total) {
        return InPlaceProgress.show(new BaseKernelInstaller(kernel), label, total);
    }

    @Override
    public Object kernel() {
        return kernel;
    }

    @Override
    public <T> void addView(MimeView<T> view) {
        List<String> all = FeatureInstaller.mimeTypes(view);
        kernel.getRenderer().createRegistration(view.type())
                .preferring(view.preferred().toArray(String[]::new))
                .supporting(all.toArray(String[]::new))
                .register((value, ctx) -> {
                    for (String mime : all) {
                        ctx.renderIfRequested(MIMEType.parse(mime), () -> view.render(value, mime));
                    }
                });
    }

    @Override
    public boolean addLineMagic(String name, LineMagic magic, MagicContext context) {
        Magics magics = magicsOf(kernel);
        if (magics == null) {
            return false;
        }
        magics.registerLineMagic(name, args -> magic.run(args, context));
        return true;
    }

    @Override
    public void display(Object value) {
        kernel.display(kernel.getRenderer().render(value));
    }

    @Override
    public void display(String text, String html, String displayId) {
        kernel.display(data(text, html, displayId));
    }

    @Override
    public void updateDisplay(String text, String html, String displayId) {
        kernel.getIO().display.updateDisplay(data(text, html, displayId));
    }

    private static DisplayData data(String text, String html, String displayId) {
        DisplayData d = new DisplayData(text);
        d.putHTML(html);
        d.setDisplayId(displayId);
        return d;
    }

    /** IJava's JavaKernel (and ours) expose {@code public Magics getMagics()}; basekernel does not. */
    private static Magics magicsOf(BaseKernel kernel) {
        try {
            Method getter = kernel.getClass().getMethod("getMagics");
            getter.setAccessible(true);  // the kernel class itself may be non-public
            return getter.invoke(kernel) instanceof Magics m ? m : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;  // no getMagics(), or it failed: no registry to put magics in
        }
    }
}
