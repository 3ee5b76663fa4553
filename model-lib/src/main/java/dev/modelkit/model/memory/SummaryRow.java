package dev.modelkit.model.memory;

/**
 * One line of the report's summary: an item, this implementation's prediction, and the published
 * formula's figure for the same sizes.
 *
 * @param item      weights, gradients, optimizer state, activations, KV cache, logits or total
 * @param bytes     predicted for this implementation
 * @param share     fraction of the total
 * @param published the published formula at the report's dtype (0 where it counts nothing)
 * @param source    where {@code published} comes from
 */
public record SummaryRow(String item, long bytes, double share, long published, String source) {
}
