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

    /** Estimated bytes of a model's weights as Java arrays: data, headers, 8-byte padding. */
    static long weightBytes(ModelConfig config) {
        // Every tensor has an even element count but for odd dModel/vocab rows; padding is at most
        // 4 bytes a tensor, so an upper bound without listing the tensors is enough here.
        long params = config.parameterCount();
        if (params > Long.MAX_VALUE / 8) {
            return Long.MAX_VALUE;   // far beyond any heap; saturate rather than overflow
        }
        return 4 * params + (ARRAY_OVERHEAD + 4) * config.tensorCount();
    }

    static void requireFits(ModelConfig config) {
        HeapBudget.require(weightBytes(config), "model too large for the heap: " + config + " with "
                        + String.format("%,d", config.parameterCount()) + " fp32 parameters",
                "raise -Xmx or choose a smaller dModel, layers or vocabSize");
    }
}
