package dev.modelkit.model;

import dev.modelkit.model.init.ParameterKind;
import dev.modelkit.model.init.TensorSpec;

import java.util.Arrays;

/**
 * The description of one parameter tensor, without its data: what the analytic memory model and
 * the layout tables need.
 *
 * @param name      readable dotted name, e.g. {@code blocks.0.attn.qkv.weight}
 * @param role      what it is (which decides how it is initialised and its component)
 * @param layer     block index, or -1 outside the blocks
 * @param dims      shape; weights are [out, in]
 */
public record ParameterSpec(String name, ParameterRole role, int layer, long... dims) implements TensorSpec {

    public ParameterSpec {
        dims = dims.clone();
    }

    /** How it is initialised. */
    @Override
    public ParameterKind kind() {
        return role.kind();
    }

    /** Which part of the model it belongs to. */
    public Component component() {
        return role.component();
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
        return role.sizeFields();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParameterSpec s && name.equals(s.name) && role == s.role && layer == s.layer && Arrays.equals(dims, s.dims);
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
