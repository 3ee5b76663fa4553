package dev.modelkit.kernel;

import dev.modelkit.kernel.MimeView;
import dev.modelkit.kernel.display.ProgressBar;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.spencerpark.jupyter.kernel.magic.registry.Magics;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Puts a {@link Feature} into any kernel built on basekernel 2.3.0: stock IJava 1.3.0, our kernel,
 * or another. It uses only basekernel's public API, and finds the magics registry the way IJava
 * exposes it, a public {@code getMagics()} method on the kernel (basekernel itself has none).
 *
 * <p>Each feature is installed once per kernel: a second call is a no-op, so a notebook may run
 * its setup cell again.
 */
public final class BaseKernelInstaller {

    private static final Map<BaseKernel, Set<String>> INSTALLED = Collections.synchronizedMap(new WeakHashMap<>());

    private BaseKernelInstaller() {
    }

    /**
     * Registers the feature's views with the kernel's renderer and its magics with the kernel's
     * magics registry, if it has one.
     *
     * @return false if the feature was already installed in this kernel
     */
    public static boolean install(BaseKernel kernel, Feature feature) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null; in IJava pass "
                    + "io.github.spencerpark.ijava.IJava.getKernelInstance()");
        }
        if (!INSTALLED.computeIfAbsent(kernel, k -> new HashSet<>()).add(feature.name())) {
            return false;
        }
        try {
            for (MimeView<?> view : feature.views()) {
                register(kernel.getRenderer(), view);
            }
            if (!feature.lineMagics().isEmpty()) {
                Magics magics = magicsOf(kernel);
                if (magics == null) {
                    System.err.println("ModelKit: " + kernel.getClass().getName() + " has no public getMagics(); "
                            + "magics " + feature.lineMagics().keySet() + " are not available, renderers are.");
                } else {
                    MagicContext context = contextOf(kernel);
                    feature.lineMagics().forEach((name, magic) ->
                            magics.registerLineMagic(name, args -> magic.run(args, context)));
                }
            }
        } catch (RuntimeException | Error e) {
            // Not installed after all: let a re-run of the setup cell try again.
            INSTALLED.get(kernel).remove(feature.name());
            throw e;
        }
        return true;
    }

    /** True once {@code feature} has been installed into {@code kernel}. */
    public static boolean isInstalled(BaseKernel kernel, String feature) {
        Set<String> names = INSTALLED.get(kernel);
        return names != null && names.contains(feature);
    }

    private static <T> void register(Renderer renderer, MimeView<T> view) {
        List<String> all = new ArrayList<>(view.preferred());
        all.addAll(view.onRequest());
        renderer.createRegistration(view.type())
                .preferring(view.preferred().toArray(String[]::new))
                .supporting(all.toArray(String[]::new))
                .register((value, ctx) -> {
                    for (String mime : all) {
                        ctx.renderIfRequested(MIMEType.parse(mime), () -> view.render(value, mime));
                    }
                });
    }

    /** IJava's JavaKernel (and ours) expose {@code public Magics getMagics()}; basekernel does not. */
    static Magics magicsOf(BaseKernel kernel) {
        Method getter;
        try {
            getter = kernel.getClass().getMethod("getMagics");
        } catch (NoSuchMethodException e) {
            return null;
        }
        try {
            getter.setAccessible(true);  // the kernel class itself may be non-public
            return getter.invoke(kernel) instanceof Magics m ? m : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static MagicContext contextOf(BaseKernel kernel) {
        return new MagicContext() {
            @Override
            public void display(Object value) {
                kernel.display(kernel.getRenderer().render(value));
            }

            @Override
            public boolean bind(String name, Class<?> type, Object value) {
                if (kernel instanceof VariableBinder binder) {
                    binder.bindVariable(name, type, value);
                    return true;
                }
                return false;
            }

            @Override
            public Progress progress(String label, int total) {
                return ProgressBar.show(kernel, label, total);
            }
        };
    }
}
