package dev.modelkit.model.memory;

/**
 * Bytes one phase allocated on the measuring thread, beside the prediction for it.
 *
 * @param phase     e.g. {@code create (EAGER, 1 thread)}
 * @param predicted predicted heap bytes (JVM headers and padding included)
 * @param measured  bytes allocated, from {@code ThreadMXBean#getThreadAllocatedBytes}
 * @param note      what the prediction covers
 */
public record Measurement(String phase, long predicted, long measured, String note) {

    /** measured / predicted, or NaN when nothing was predicted. */
    public double ratio() {
        return predicted == 0 ? Double.NaN : (double) measured / predicted;
    }
}
