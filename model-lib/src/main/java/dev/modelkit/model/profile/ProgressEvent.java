package dev.modelkit.model.profile;

/**
 * Sent after every build, warm-ups included, so a notebook can draw a progress bar.
 *
 * @param key          the case being measured
 * @param warmup       whether the build just finished was a warm-up
 * @param runIndex     0-based index among the case's warm-ups or timed runs
 * @param completed    builds finished so far in the whole profile (1-based)
 * @param total        builds the whole profile will do
 * @param runNanos     wall time of the build just finished
 * @param elapsedNanos wall time since the profile started (GCs and bookkeeping included)
 */
public record ProgressEvent(CaseKey key, boolean warmup, int runIndex, int completed, int total,
                            long runNanos, long elapsedNanos) {

    /** Completed share in [0, 1]. */
    public double fraction() {
        return (double) completed / total;
    }
}
