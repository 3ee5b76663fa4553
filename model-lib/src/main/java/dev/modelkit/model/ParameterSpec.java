package dev.modelkit.model;

import java.util.Arrays;

/**
 * The description of one parameter tensor, without its data: what the analytic memory model and
 * the layout tables need.
 *
 * @param name      readable dotted name, e.g. {@code blocks.0.attn.qkv.weight}
 * @param kind      how it is initialised
 * @param component which part of the model it belongs to
 * @param layer     block index, or -1 outside the blocks
 * @param dims      shape; weights are [out, in]
 */
public record ParameterSpec(String name, ParameterKind kind, Component component, int layer, long... dims) {

    public ParameterSpec {
        dims = dims.clone();
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** Shape as ints (valid once the config has been validated). */
    public int[] shape() {
        int[] s = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            s[i] = Math.toIntExact(dims[i]);
        }
        return s;
    }

    /** Number of elements. */
    public long numel() {
        long n = 1;
        for (long d : dims) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes of fp32 data (4 per element), not counting the JVM array header. */
    public long bytesFp32() {
        return 4 * numel();
    }

    /** e.g. {@code [384, 1152]}. */
    public String shapeString() {
        return Arrays.toString(dims);
    }

    /** fan_in of a weight [out, in] (its last dimension). */
    public long fanIn() {
        return dims[dims.length - 1];
    }

    /** fan_out of a weight [out, in] (its first dimension). */
    public long fanOut() {
        return dims[0];
    }

    String sizeFields() {
        if (name.equals("tok_emb") || name.equals("lm_head.weight")) {
            return "vocabSize or dModel";
        }
        if (name.equals("pos_emb")) {
            return "contextLength or dModel";
        }
        if (name.contains("mlp")) {
            return "dModel or mlpRatio";
        }
        return "dModel";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpec s && name.equals(s.name) && kind == s.kind
                && component == s.component && layer == s.layer && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return name + " " + shapeString();
    }
}
