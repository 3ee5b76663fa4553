package dev.modelkit.model.train;

import java.util.Arrays;

/**
 * One named fp32 buffer of the training arena, as listed by {@link Activations#inventory}.
 *
 * @param name  e.g. {@code blocks.0.qkv}
 * @param shape e.g. {@code [B, T, 3C]} resolved to numbers
 * @param role  whether the forward pass keeps it for backward, or backward uses it as scratch
 */
public record ActivationBuffer(String name, long[] shape, Role role) {

    /** Why a buffer exists. */
    public enum Role {
        /** Written by the forward pass and read again by the backward pass. */
        SAVED,
        /** Working memory of the backward pass (gradients with respect to activations). */
        SCRATCH
    }

    public ActivationBuffer {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of floats. */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Bytes of float data (4 per element), not counting the JVM array header. */
    public long bytes() {
        return 4 * numel();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivationBuffer b && name.equals(b.name) && role == b.role
                && Arrays.equals(shape, b.shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(shape) + " " + role;
    }
}
