package dev.modelkit.model.memory;

import dev.modelkit.model.Component;

/**
 * Weight bytes of one component in one scope of the model.
 *
 * @param scope     {@code "block 3"}, {@code "outside blocks"} (embeddings, final norm, head) or {@code "total"}
 * @param component embeddings, attention, mlp, norms or head
 * @param tensors   parameter tensors counted
 * @param numel     elements
 * @param bytes     data bytes at the report's dtype
 * @param share     fraction of all weight bytes
 */
public record ComponentRow(String scope, Component component, int tensors, long numel, long bytes, double share) {
}
