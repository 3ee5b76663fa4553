package dev.modelkit.kernel;

/**
 * A progress indicator a {@link LineMagic} drives while it works, obtained from
 * {@link MagicContext#progress}. How it is shown (a bar updated in place, or less) is the
 * kernel adapter's business.
 */
public interface Progress {

    /**
     * Moves to {@code done} of the total steps, with a detail such as the step just finished.
     *
     * @throws IllegalArgumentException if {@code done} is outside {@code 0..total}
     */
    void update(int done, String detail);

    /** Completes all steps and replaces the detail with a closing note. */
    void finish(String note);
}
