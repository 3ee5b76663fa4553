package dev.modelkit.kernel;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.stream.Collectors;

/**
 * The ModelKit packages a notebook has imported from its first cell, so {@code Transformer},
 * {@code MemoryModel} or {@code ProfileTables} need no import and Tab on
 * {@code Transformer.builder().} completes. Our kernel has them in its start-up script
 * ({@code startup.jshell}, kept equal to this list by a test); on IJava and JJava the extension
 * evaluates them when it is installed, through the host's {@code evalRaw}.
 */
public final class DefaultImports {

    /** The imports, in the order they are evaluated. */
    public static final List<String> IMPORTS = List.of(
            "import dev.modelkit.model.*;",
            "import dev.modelkit.model.memory.*;",
            "import dev.modelkit.model.profile.*;",
            "import dev.modelkit.model.train.*;",
            "import dev.modelkit.kernel.NotebookModels;",
            "import dev.modelkit.kernel.model.*;",
            "import dev.modelkit.kernel.memory.*;",
            "import dev.modelkit.kernel.profile.*;",
            "import dev.modelkit.kernel.tables.*;",
            "import dev.modelkit.kernel.display.*;");

    /** Our kernel's class: it has the imports already. */
    static final String OUR_KERNEL = "dev.modelkit.kernel.jshell.ModelKitKernel";

    /** Kernels that have the imports: each gets them once, however often the load cell runs. */
    private static final Set<Object> DONE = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private DefaultImports() {
    }

    /** The imports as one cell of code. */
    public static String code() {
        return String.join("\n", IMPORTS);
    }

    /**
     * Evaluates the imports in {@code kernel} through its public {@code evalRaw(String)} (IJava's
     * JavaKernel and JJava's BaseKernel have one). Called from inside the load cell: JShell compiles
     * a cell's later snippets after this, so they see the imports, and an import runs no code, so it
     * does not wait for the host's busy execution thread.
     *
     * @return false when the kernel has no {@code evalRaw}, is ours (imports already there), has them
     *         already from an earlier call, or refused them; a refusal is reported on stderr with the
     *         lines to paste instead
     */
    public static boolean addTo(Object kernel) {
        if (kernel == null || kernel.getClass().getName().equals(OUR_KERNEL) || DONE.contains(kernel)) {
            return false;
        }
        Method evalRaw;
        try {
            evalRaw = kernel.getClass().getMethod("evalRaw", String.class);
            evalRaw.setAccessible(true);  // the kernel class itself may be non-public
        } catch (NoSuchMethodException | RuntimeException e) {
            return false;
        }
        try {
            evalRaw.invoke(kernel, code());
            DONE.add(kernel);
            return true;
        } catch (InvocationTargetException | IllegalAccessException | RuntimeException e) {
            Throwable why = e instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : e;
            System.err.println("ModelKit: the default imports were not added (" + why + "); paste them instead:\n"
                    + IMPORTS.stream().collect(Collectors.joining("\n")));
            return false;
        }
    }
}
