package dev.modelkit.model.memory;

/**
 * The published formulas for the same model, batch, sequence, dtype and optimizer, to compare
 * this implementation against:
 * <ul>
 *   <li>weights, gradients, optimizer state: EleutherAI, "Transformer Math 101" (2023): weights and
 *       gradients at the dtype; AdamW 8 B/param in pure fp32, 12 B/param in mixed precision
 *       (fp32 master copy + m + v); SGD with momentum 4 or 8 B/param; plain SGD 0 or 4.</li>
 *   <li>activations when training: Korthikanti et al. (2022), "Reducing Activation Recomputation
 *       in Large Transformer Models", per layer sbh(34 + 5as/h) bytes at 16 bits with dropout
 *       ({@link #korthikanti16()}). {@link #activations()} is the same inventory at the report's
 *       dtype: per layer sbh·8d + sbF·2d + 2sbh mask bytes + as²b(2d + 1), which is the published
 *       formula at d = 2 and F = 4h.</li>
 *   <li>activations for inference: Transformer Math 101's rule of thumb, at most 20% of the
 *       weights.</li>
 *   <li>KV cache: 2 · layers · kvHeads · head_dim · sequence · batch · bytes per element (kvHeads =
 *       heads for multi-head attention; grouped-query attention divides it by heads / kvHeads).</li>
 *   <li>logits when training: Korthikanti's 4sbv (fp32 logits for the cross-entropy).</li>
 * </ul>
 */
public record PublishedEstimate(long weights, long gradients, long optimizerState, long activations,
                                long kvCache, long logits, long korthikanti16) {

    public long total() {
        return weights + gradients + optimizerState + activations + kvCache + logits;
    }
}
