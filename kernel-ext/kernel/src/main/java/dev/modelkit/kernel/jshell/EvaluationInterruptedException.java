package dev.modelkit.kernel.jshell;

/** The running cell was stopped by a Jupyter interrupt. */
public final class EvaluationInterruptedException extends Exception {
    private static final long serialVersionUID = 1L;

    EvaluationInterruptedException() {
        super("Execution interrupted", null, false, false);
    }
}
