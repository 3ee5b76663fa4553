package dev.modelkit.kernel;

import dev.modelkit.kernel.basekernel.BaseKernelInstaller;
import io.github.spencerpark.jupyter.kernel.BaseKernel;

import java.lang.reflect.Method;
import java.util.List;

/**
 * ModelKit's notebook extension: rich display of models, Tablesaw tables, XChart charts and memory
 * reports, the {@code %model}, {@code %bench} and {@code %memory} magics and the
 * {@link DefaultImports}. It knows no kernel's classes, so one load cell works on our kernel, stock
 * IJava 1.3 and JJava:
 *
 * <pre>{@code
 * %jars modelkit-extension.jar
 * dev.modelkit.kernel.ModelKitExtension.install();
 * }</pre>
 *
 * <p>The features are {@link ModelKitFeatures}'; each is installed once per kernel, so installing twice is harmless.
 */
public final class ModelKitExtension {

    /**
     * Where each host keeps its running kernel: a class and a public static no-argument method. Ours,
     * IJava's ({@code IJava.getKernelInstance()}), JJava's ({@code BaseKernel.notebookKernel()}).
     */
    static final List<String[]> HOSTS = List.of(
            new String[] {DefaultImports.OUR_KERNEL, "getKernelInstance"},
            new String[] {"io.github.spencerpark.ijava.IJava", "getKernelInstance"},
            new String[] {"org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel"});

    private ModelKitExtension() {
    }

    /**
     * Finds the kernel running this notebook (ours, IJava's or JJava's) and installs every ModelKit
     * feature and the default imports into it.
     *
     * @return the kernel it installed into
     * @throws IllegalStateException when no known kernel is running in this JVM
     */
    public static Object install() {
        Object kernel = runningKernel();
        if (isBasekernel(kernel)) {
            BaseKernelHost.install(kernel);
        } else {
            dev.modelkit.kernel.jjava.JJavaExtension.installInto(kernel);
        }
        return kernel;
    }

    /** Installs every ModelKit feature, and the default imports, into a basekernel kernel (IJava, ours). */
    public static void install(BaseKernel kernel) {
        for (Feature feature : new ModelKitFeatures().features()) {
            BaseKernelInstaller.install(kernel, feature);
        }
        DefaultImports.addTo(kernel);
    }

    /** The running kernel of the first host found in {@link #HOSTS}. */
    static Object runningKernel() {
        StringBuilder looked = new StringBuilder();
        for (String[] host : HOSTS) {
            looked.append(looked.length() == 0 ? "" : ", ").append(host[0]).append('.').append(host[1]).append("()");
            Object k = call(host[0], host[1]);
            if (k != null) {
                return k;
            }
        }
        throw new IllegalStateException("ModelKitExtension.install(): no running kernel found (looked for " + looked
                + "); on another basekernel kernel pass it: ModelKitExtension.install(kernel)");
    }

    private static Object call(String className, String method) {
        for (ClassLoader loader : new ClassLoader[] {ModelKitExtension.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
            try {
                Method m = Class.forName(className, true, loader).getMethod(method);
                Object k = m.invoke(null);
                if (k != null) {
                    return k;
                }
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                // this host is not here
            }
        }
        return null;
    }

    private static boolean isBasekernel(Object kernel) {
        for (Class<?> c = kernel.getClass(); c != null; c = c.getSuperclass()) {
            if (c.getName().equals("io.github.spencerpark.jupyter.kernel.BaseKernel")) {
                return true;
            }
        }
        return false;
    }

    /** Kept apart so that {@link #install()} links no basekernel class on JJava, which has none. */
    private static final class BaseKernelHost {
        static void install(Object kernel) {
            ModelKitExtension.install((BaseKernel) kernel);
        }
    }
}
