package dev.modelkit.model.memory;

/**
 * One parameter tensor in a {@link MemoryReport}.
 *
 * @param name      e.g. {@code blocks.0.attn.qkv.weight}
 * @param shape     e.g. {@code [1152, 384]}
 * @param numel     elements
 * @param bytes     data bytes at the report's dtype
 * @param heapBytes the same as a Java array: header and alignment padding included
 * @param share     fraction of all weight bytes
 */
public record TensorRow(String name, String shape, long numel, long bytes, long heapBytes, double share) {
}
