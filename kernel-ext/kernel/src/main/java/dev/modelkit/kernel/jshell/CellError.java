package dev.modelkit.kernel.jshell;

/**
 * Carries an {@link Error} a cell threw (OutOfMemoryError, StackOverflowError, ...) through
 * basekernel's {@code Exception}-only error path; the kernel reports the wrapped error itself.
 */
public final class CellError extends Exception {
    private static final long serialVersionUID = 1L;

    CellError(Error error) {
        super(error.toString(), error, false, false);
    }
}
