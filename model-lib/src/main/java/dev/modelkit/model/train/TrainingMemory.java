package dev.modelkit.model.train;

import dev.modelkit.model.ByteSize;

/**
 * Refuses a training allocation (gradients, optimizer state) that would not fit in the heap, with
 * the estimate, instead of an OutOfMemoryError that would leave the model half-trained.
 */
final class TrainingMemory {

    private TrainingMemory() {
    }

    static void requireFits(String what, long bytes) {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes <= free) {
            return;
        }
        System.gc();    // garbage may hold the space; decide after one collection, on this rare path only
        free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free) {
            throw new IllegalArgumentException("training needs " + ByteSize.format(bytes) + " for " + what
                    + " but only " + ByteSize.format(Math.max(0, free)) + " of the heap is free (max heap "
                    + ByteSize.format(rt.maxMemory()) + "); raise -Xmx or train a smaller model");
        }
    }
}
