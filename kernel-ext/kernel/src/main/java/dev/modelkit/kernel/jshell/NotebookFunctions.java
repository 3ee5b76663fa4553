package dev.modelkit.kernel.jshell;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.UUID;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.magic.registry.UndefinedMagicException;

/**
 * The functions every cell can call without a prefix (statically imported by the start-up
 * script), with IJava's names and signatures: {@code display}, {@code render},
 * {@code updateDisplay}, and the {@code lineMagic}/{@code cellMagic} calls that magic syntax is
 * rewritten into.
 */
public final class NotebookFunctions {
    private NotebookFunctions() {
    }

    private static ModelKitKernel kernel() {
        ModelKitKernel k = ModelKitKernel.getKernelInstance();
        if (k == null) {
            throw new IllegalStateException("no ModelKit kernel is running in this JVM");
        }
        return k;
    }

    /** Renders {@code o} with the kernel's renderers (as a cell result would be). */
    public static DisplayData render(Object o) {
        return kernel().getRenderer().render(o);
    }

    /** Renders {@code o} as the given MIME types only, e.g. {@code render(x, "text/html")}. */
    public static DisplayData render(Object o, String... mimeTypes) {
        return kernel().getRenderer().renderAs(o, mimeTypes);
    }

    /**
     * Shows {@code o} now, in the running cell's output.
     *
     * @return the display id, for {@link #updateDisplay(String, Object)}
     */
    public static String display(Object o) {
        return show(render(o));
    }

    /** Shows {@code o} rendered as the given MIME types; returns the display id. */
    public static String display(Object o, String... mimeTypes) {
        return show(render(o, mimeTypes));
    }

    private static String show(DisplayData data) {
        if (!data.hasDisplayId()) {
            data.setDisplayId(UUID.randomUUID().toString());
        }
        kernel().display(data);
        return data.getDisplayId();
    }

    /** Replaces the output shown under {@code displayId} (from any later cell too). */
    public static void updateDisplay(String displayId, Object o) {
        kernel().getIO().display.updateDisplay(displayId, render(o));
    }

    /** Replaces the output under {@code displayId} with {@code o} rendered as the given types. */
    public static void updateDisplay(String displayId, Object o, String... mimeTypes) {
        kernel().getIO().display.updateDisplay(displayId, render(o, mimeTypes));
    }

    /**
     * Errors a magic raised about its input or state (bad arguments, an unknown magic, a missing
     * file). The kernel shows only their message, which names the problem and the usage; a magic's
     * other failures (a bug) keep their frames. Weak, so a kept error never pins its objects.
     */
    private static final Set<Throwable> MAGIC_USAGE_ERRORS = Collections.synchronizedSet(
            Collections.newSetFromMap(new WeakHashMap<>()));

    static boolean isMagicUsageError(Throwable t) {
        return MAGIC_USAGE_ERRORS.contains(t);
    }

    /** An error about a magic's input, shown as its message alone. */
    static IllegalArgumentException usageError(String message) {
        IllegalArgumentException e = new IllegalArgumentException(message);
        MAGIC_USAGE_ERRORS.add(e);
        return e;
    }

    private static RuntimeException magicFailed(String magic, Exception e) {
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                || e instanceof UnsupportedOperationException || e instanceof UndefinedMagicException
                || e instanceof java.io.IOException) {
            RuntimeException shown = e instanceof RuntimeException r ? r
                    : new IllegalArgumentException(magic + ": " + e.getMessage());
            MAGIC_USAGE_ERRORS.add(shown);
            return shown;
        }
        return e instanceof RuntimeException r ? r : new MagicFailedException(magic, e);
    }

    /** Empties the running cell's output area now (IPython's {@code clear_output()}). */
    public static void clearOutput() {
        clearOutput(false);
    }

    /**
     * IPython's {@code clear_output(wait)}: with {@code wait}, the output area is emptied only when
     * the next output arrives, so a cell redrawing a progress line does not flicker.
     */
    public static void clearOutput(boolean wait) {
        System.out.flush(); // what was printed before the call belongs to the output being cleared
        System.err.flush();
        if (!dev.modelkit.kernel.wire.WireConnection.clearOutput(wait)) {
            throw new IllegalStateException("clearOutput() works only inside a running cell");
        }
    }

    /** Runs line magic {@code %name args}. */
    public static <T> T lineMagic(String name, List<String> args) {
        try {
            return kernel().getMagics().applyLineMagic(name, args);
        } catch (Exception e) {
            throw magicFailed("%" + name, e);
        }
    }

    /** Runs cell magic {@code %%name args} over {@code body}. */
    public static <T> T cellMagic(String name, List<String> args, String body) {
        try {
            return kernel().getMagics().applyCellMagic(name, args, body);
        } catch (Exception e) {
            throw magicFailed("%%" + name, e);
        }
    }

    /** A magic failed with a checked exception that is not about its input. */
    public static final class MagicFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MagicFailedException(String magic, Exception cause) {
            super(magic + " failed: " + cause, cause);
        }
    }
}
