package dev.modelkit.model.memory;

import dev.modelkit.model.ParameterSpec;
import dev.modelkit.model.init.ParameterKind;

/**
 * The bookkeeping of group-wise weight quantization (GPTQ, AWQ): each row of a tensor (its last
 * dimension; a 1-D tensor is one row) is cut into groups of {@code groupSize} elements, the last
 * one possibly shorter, and every group stores an FP16 scale (2 bytes) and a zero point at the
 * weight's width (1 byte at INT8, half a byte at INT4, packed). Only the blocks' linear weights are
 * quantized ({@link #appliesTo}); embeddings, the LM head, norms and biases stay 16-bit, as GPTQ,
 * AWQ and bitsandbytes leave them. That matters: Llama-3-8B's embedding and head alone are 1.05 B of
 * its 8.03 B parameters.
 *
 * @param groupSize elements sharing one scale and zero point, 1 or more (128 is GPTQ's and AWQ's default)
 */
public record Quantization(int groupSize) {

    /** GPTQ's and AWQ's default group size. */
    public static final int DEFAULT_GROUP_SIZE = 128;

    /** Bytes of one group's scale (FP16). */
    public static final int SCALE_BYTES = 2;

    public Quantization {
        if (groupSize < 1) {
            throw new IllegalArgumentException("groupSize = " + groupSize + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE + " (GPTQ and AWQ use " + DEFAULT_GROUP_SIZE + ")");
        }
    }

    /** Groups of one tensor: rows × ceil(row length / groupSize). */
    public long groups(ParameterSpec spec) {
        long[] dims = spec.dims();
        long row = dims[dims.length - 1];
        long rows = spec.numel() / row;
        return Math.multiplyExact(rows, (row + groupSize - 1) / groupSize);
    }

    /** True for the tensors a quantized dtype stores at its width: the linear weights inside the blocks. */
    public static boolean appliesTo(ParameterSpec spec) {
        return spec.role().perBlock() && spec.kind() == ParameterKind.WEIGHT;
    }

    /** Bytes of one tensor's values at {@code dtype}: at its width where it is quantized, else 16-bit. */
    public static long valueBytes(ParameterSpec spec, DType dtype) {
        return !dtype.quantized() || appliesTo(spec) ? dtype.weightBytes(spec.numel())
                : Math.multiplyExact(spec.numel(), (long) dtype.bytes());
    }

    /** Bytes of the scales and zero points of one tensor at {@code dtype} (0 for a float type or a 16-bit tensor). */
    public long overheadBytes(ParameterSpec spec, DType dtype) {
        if (!dtype.quantized() || !appliesTo(spec)) {
            return 0;
        }
        long g = groups(spec);
        return Math.addExact(Math.multiplyExact(g, (long) SCALE_BYTES), dtype.weightBytes(g));
    }
}
