package dev.modelkit.model.profile;

import dev.modelkit.model.Init;

/**
 * One measured {@code build()}: its wall time and what the JVM did meanwhile.
 *
 * @param model          the size built
 * @param init           how weights were materialised
 * @param eagerGradients whether a gradient array per tensor was allocated too (the reference's
 *                       hidden 4 B/param of gradients on top of 4 B/param of weights)
 * @param warmup         true for a warm-up build, which the summaries leave out
 * @param index          0-based position among the warm-ups or among the timed runs of its case
 * @param nanos          wall time of the build, {@link System#nanoTime()} before and after
 * @param gcCount        collections that ran during the build, summed over every collector
 * @param gcMillis       collection time during the build as the collectors report it
 * @param allocatedBytes bytes allocated during the build by all live threads (the caller and any
 *                       pool workers), or -1 when the JVM cannot tell
 */
public record CreationRun(ProfiledModel model, Init init, boolean eagerGradients, boolean warmup,
                          int index, long nanos, long gcCount, long gcMillis, long allocatedBytes) {

    /** Wall time in milliseconds. */
    public double millis() {
        return nanos / 1e6;
    }

    /** Whether at least one collection ran while this build did. */
    public boolean sawGc() {
        return gcCount > 0;
    }

    /** Whether this run belongs to the given case. */
    public boolean belongsTo(CaseKey key) {
        return key.model().equals(model) && key.init() == init && key.eagerGradients() == eagerGradients;
    }

    /** The (model, init, gradients) case this run belongs to. */
    public CaseKey key() {
        return new CaseKey(model, init, eagerGradients);
    }
}
