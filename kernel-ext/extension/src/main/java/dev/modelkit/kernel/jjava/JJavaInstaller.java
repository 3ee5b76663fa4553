package dev.modelkit.kernel.jjava;

import dev.modelkit.kernel.Feature;
import dev.modelkit.kernel.MagicContext;
import dev.modelkit.kernel.Progress;
import dev.modelkit.kernel.VariableBinder;
import dev.modelkit.kernel.MimeView;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.LineMagic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Puts a {@link Feature} into a JJava kernel. JJava forked basekernel into
 * {@code org.dflib.jjava.jupyter}: the same renderer API under other class names and a magics
 * registry of its own, so only this registration code differs from
 * {@link dev.modelkit.kernel.BaseKernelInstaller}; the views and magics are shared.
 *
 * <p>This class must not touch basekernel ({@code io.github.spencerpark}) classes: JJava does not
 * ship them.
 */
public final class JJavaInstaller {

    private static final Map<BaseKernel, Set<String>> INSTALLED = Collections.synchronizedMap(new WeakHashMap<>());

    private JJavaInstaller() {
    }

    /** @return false if the feature was already installed in this kernel */
    public static boolean install(BaseKernel kernel, Feature feature) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null");
        }
        if (!INSTALLED.computeIfAbsent(kernel, k -> new HashSet<>()).add(feature.name())) {
            return false;
        }
        try {
            for (MimeView<?> view : feature.views()) {
                register(kernel.getRenderer(), view);
            }
            MagicContext context = contextOf(kernel);
            feature.lineMagics().forEach((name, magic) -> {
                LineMagic<Object, BaseKernel> adapted = (k, args) -> magic.run(args, context);
                kernel.getMagicsRegistry().registerLineMagic(name, adapted);
            });
        } catch (RuntimeException | Error e) {
            // Not installed after all: let a re-run of the setup cell try again.
            INSTALLED.get(kernel).remove(feature.name());
            throw e;
        }
        return true;
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
                return JJavaProgress.show(kernel, label, total);
            }
        };
    }
}
