package dev.modelkit.model;

/**
 * The one check behind every "would this fit?" refusal (model weights, token arrays, gradients,
 * optimizer state, training activations): compare an estimate with the free heap, less a reserve
 * for the JVM and the notebook kernel, before allocating, so the caller gets a message with the
 * estimate instead of an OutOfMemoryError.
 */
public final class HeapBudget {

    private HeapBudget() {
    }

    /** Bytes the heap can still grow into: max heap minus what is in use (garbage included). */
    public static long free() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /** Kept back from every estimate: 5% of the max heap, at least 16 MiB. */
    public static long reserve() {
        return Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 20);
    }

    /**
     * Refuses {@code bytes} that would not fit.
     *
     * @param what   the subject of the message, e.g. "gradients (4 B per parameter)"
     * @param advice what to do instead, e.g. "raise -Xmx or train a smaller model"
     * @throws IllegalArgumentException with the estimate, the free heap and the max heap
     */
    public static void require(long bytes, String what, String advice) {
        if (bytes <= free() - reserve()) {
            return;
        }
        // Garbage may be holding the space; one full collection decides, and only on this rare path.
        System.gc();
        long available = Math.max(0, free() - reserve());
        if (bytes > available) {
            throw new IllegalArgumentException(what + " needs an estimated " + ByteSize.format(bytes)
                    + " but only " + ByteSize.format(available) + " of the heap is free (max heap "
                    + ByteSize.format(Runtime.getRuntime().maxMemory()) + ", keeping "
                    + ByteSize.format(reserve()) + " in reserve); " + advice);
        }
    }
}
