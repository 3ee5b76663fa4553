package dev.modelkit.kernel;

/** What a {@link LineMagic} may ask of the kernel it runs in. */
public interface MagicContext {

    /** Shows a value as a display output of the running cell, rendered by the kernel's renderer. */
    void display(Object value);

    /**
     * Binds a variable in the notebook, if the kernel can (it implements {@link VariableBinder}).
     *
     * @return false when the kernel offers no binding; the value is then reachable through
     *         {@code NotebookModels} (extension module) or by assigning the magic, {@code T name = %magic ...}
     */
    boolean bind(String name, Class<?> type, Object value);

    /**
     * Shows a progress indicator of {@code total} steps in the running cell's output, to be moved
     * with {@link Progress#update} and closed with {@link Progress#finish}. Outside a running cell
     * nothing is shown and updates cost next to nothing.
     *
     * @throws IllegalArgumentException if {@code total < 1}
     */
    Progress progress(String label, int total);
}
