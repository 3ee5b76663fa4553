package dev.modelkit.model.memory;

/**
 * Element type of weights, gradients, optimizer state and activations. This library computes in
 * {@link #FP32} only; the others exist for the analytic model ("what would it take at 16 bits?")
 * and cannot be measured.
 */
public enum DType {
    FP32(4),
    BF16(2),
    FP16(2),
    INT8(1);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Case-insensitive lookup: {@code "fp32"}, {@code "bf16"}, {@code "fp16"}, {@code "int8"}. */
    public static DType parse(String name) {
        for (DType d : values()) {
            if (name != null && d.name().equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("dtype: unknown value '" + name
                + "'; allowed: fp32, bf16, fp16, int8");
    }
}
