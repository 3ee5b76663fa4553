package dev.modelkit.model.memory;

/**
 * The predicted memory at one point of a sweep.
 *
 * @param axis           what varies
 * @param value          its value at this point
 * @param attention      the part of {@code activations} that is attention probabilities (B·H·T² per layer when training)
 * @param backwardScratch the backward pass's scratch when training, else 0
 */
public record SweepRow(Axis axis, int value, long weights, long gradients, long optimizerState,
                       long activations, long attention, long kvCache, long logits, long backwardScratch,
                       long total) {
}
