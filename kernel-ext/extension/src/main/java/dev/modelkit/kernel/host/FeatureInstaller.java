package dev.modelkit.kernel.host;

import dev.modelkit.kernel.Feature;
import dev.modelkit.kernel.LineMagic;
import dev.modelkit.kernel.MagicContext;
import dev.modelkit.kernel.MimeView;
import dev.modelkit.kernel.Progress;
import dev.modelkit.kernel.VariableBinder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Puts a {@link Feature} into a kernel through its {@link KernelHost}: the views, then the line
 * magics with a {@link MagicContext} built on the host. Each feature is installed once per kernel:
 * a second call is a no-op, so a notebook may run its setup cell again.
 */
public final class FeatureInstaller {

    private static final Map<Object, Set<String>> INSTALLED = Collections.synchronizedMap(new WeakHashMap<>());

    private FeatureInstaller() {
    }

    /** @return false if the feature was already installed in this host's kernel */
    public static boolean install(KernelHost host, Feature feature) {
        Object kernel = host.kernel();
        if (!INSTALLED.computeIfAbsent(kernel, k -> new HashSet<>()).add(feature.name())) {
            return false;
        }
        try {
            for (MimeView<?> view : feature.views()) {
                host.addView(view);
            }
            MagicContext context = contextOf(host);
            for (Map.Entry<String, LineMagic> magic : feature.lineMagics().entrySet()) {
                if (!host.addLineMagic(magic.getKey(), magic.getValue(), context)) {  // only basekernel can lack one
                    System.err.println("ModelKit: " + kernel.getClass().getName() + " has no public getMagics(); "
                            + "magics " + feature.lineMagics().keySet() + " are not available, renderers are.");
                    break;
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
    public static boolean isInstalled(Object kernel, String feature) {
        Set<String> names = INSTALLED.get(kernel);
        return names != null && names.contains(feature);
    }

    /** A view's MIME types, preferred first: what a renderer registration supports. */
    public static List<String> mimeTypes(MimeView<?> view) {
        List<String> all = new ArrayList<>(view.preferred());
        all.addAll(view.onRequest());
        return all;
    }

    private static MagicContext contextOf(KernelHost host) {
        return new MagicContext() {
            @Override
            public void display(Object value) {
                host.display(value);
            }

            @Override
            public boolean bind(String name, Class<?> type, Object value) {
                if (host.kernel() instanceof VariableBinder binder) {
                    binder.bindVariable(name, type, value);
                    return true;
                }
                return false;
            }

            @Override
            public Progress progress(String label, int total) {
                return InPlaceProgress.show(host, label, total);
            }
        };
    }
}
