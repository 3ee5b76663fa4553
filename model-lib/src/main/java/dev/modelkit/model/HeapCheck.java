package dev.modelkit.model;

/**
 * Refuses a model whose weights would not fit in the heap, before allocating them, so that a
 * notebook kernel gets a message with the estimate instead of an OutOfMemoryError.
 */
final class HeapCheck {

    /** Bytes the JVM adds to each array: a 16-byte header on a 64-bit JVM, padded to 8. */
    static final long ARRAY_OVERHEAD = 16;

    private HeapCheck() {
    }

    /** Estimated bytes of a model's weights as Java arrays. */
    static long weightBytes(ModelConfig config) {
        long bytes = 0;
        for (ParameterSpec spec : config.layout()) {
            bytes += ARRAY_OVERHEAD + ((spec.bytesFp32() + 7) & ~7L);
        }
        return bytes;
    }

    static void requireFits(ModelConfig config) {
        long need = weightBytes(config);
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        long headroom = Math.max(16L << 20, max / 20);
        if (need <= free(rt) - headroom) {
            return;
        }
        // Garbage may be holding the space; one full collection decides, and only on this rare path.
        System.gc();
        long free = free(rt);
        if (need > free - headroom) {
            throw new IllegalArgumentException("model too large for the heap: " + config
                    + " needs an estimated " + ByteSize.format(need) + " for "
                    + String.format("%,d", config.parameterCount()) + " fp32 parameters, but only "
                    + ByteSize.format(Math.max(0, free - headroom)) + " of the heap is free (max heap "
                    + ByteSize.format(max) + ", keeping " + ByteSize.format(headroom)
                    + " in reserve); raise -Xmx or choose a smaller dModel, layers or vocabSize");
        }
    }

    private static long free(Runtime rt) {
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }
}
