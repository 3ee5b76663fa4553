package dev.modelkit.model.memory;

/**
 * Element type of the analytic model. This library computes in {@link #FP32} only; the others
 * answer "what would it take?" and cannot be measured.
 *
 * <ul>
 *   <li>{@link #FP32}, {@link #BF16}, {@link #FP16}: everything (weights, gradients, optimizer
 *       state, activations, KV cache, logits) at 4, 2 and 2 bytes an element; exact.</li>
 *   <li>{@link #INT8}, {@link #INT4}: weight-only quantization for inference (as GPTQ, AWQ and
 *       bitsandbytes do it): the weights at 8 or 4 bits in groups of {@link Quantization#groupSize()}
 *       elements along each row, each group with an FP16 scale and a zero point at the weight's
 *       width; activations, KV cache and logits stay 16-bit ({@link #bytes()} = 2). Analytic.</li>
 * </ul>
 */
public enum DType {
    FP32(32),
    BF16(16),
    FP16(16),
    INT8(8),
    INT4(4);

    private final int bits;

    DType(int bits) {
        this.bits = bits;
    }

    /** Bits of one stored weight. */
    public int bits() {
        return bits;
    }

    /** True for the weight-only integer types, which hold scales and zero points beside the weights. */
    public boolean quantized() {
        return this == INT8 || this == INT4;
    }

    /**
     * Bytes of one element of what is computed at this dtype: activations, gradients, KV cache,
     * logits (and the weights, for the floating-point types). 2 for {@link #INT8} and
     * {@link #INT4}, which compute at 16 bits.
     */
    public int bytes() {
        return quantized() ? 2 : bits / 8;
    }

    /** Bytes of {@code numel} weights stored at this dtype, without scales (rounded up to a byte). */
    public long weightBytes(long numel) {
        return Math.multiplyExact(numel, (long) bits) / 8 + (numel * bits % 8 == 0 ? 0 : 1);
    }

    /** Case-insensitive lookup: {@code "fp32"}, {@code "bf16"}, {@code "fp16"}, {@code "int8"}, {@code "int4"}. */
    public static DType parse(String name) {
        for (DType d : values()) {
            if (name != null && d.name().equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("dtype: unknown value '" + name
                + "'; allowed: fp32, bf16, fp16, int8, int4");
    }
}
