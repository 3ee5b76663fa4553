package dev.modelkit.model;

import dev.modelkit.model.init.Initializer;
import dev.modelkit.model.init.ParameterKind;

/**
 * One named parameter tensor and its fp32 data (row-major, weights as [out, in]).
 *
 * <p>With {@link Init#LAZY} the data is created on the first call to {@link #values()}; every
 * other accessor works without touching it. The array returned is the live storage, not a copy,
 * so that forward passes and optimisers work in place.
 */
public final class Parameter {

    private final ParameterSpec spec;
    private final int index;
    private final Initializer initializer;
    private volatile float[] data;

    Parameter(ParameterSpec spec, int index, Initializer initializer, float[] data) {
        this.spec = spec;
        this.index = index;
        this.initializer = initializer;
        this.data = data;
    }

    public String name() {
        return spec.name();
    }

    /**
     * Its position in {@code model.parameters()}: gradients and optimizer moments are arrays
     * parallel to that list, indexed by this.
     */
    public int index() {
        return index;
    }

    public ParameterRole role() {
        return spec.role();
    }

    /** The shape; weights are [out, in]. A fresh copy. */
    public int[] shape() {
        return spec.shape();
    }

    public long numel() {
        return spec.numel();
    }

    public ParameterSpec spec() {
        return spec;
    }

    public ParameterKind kind() {
        return spec.kind();
    }

    public Component component() {
        return spec.component();
    }

    /** Block index, or -1 for the embeddings, the final norm and the head. */
    public int layer() {
        return spec.layer();
    }

    /** Whether the data exists yet (always true unless the model was built LAZY). */
    public boolean isMaterialized() {
        return data != null;
    }

    /** The live data, creating it first if the model was built LAZY. */
    public float[] values() {
        float[] d = data;
        if (d == null) {
            synchronized (this) {
                d = data;
                if (d == null) {
                    d = initializer.create(spec);
                    data = d;
                }
            }
        }
        return d;
    }

    /** Replaces the data with a copy of {@code src}, e.g. when loading a checkpoint. */
    public void copyFrom(float[] src) {
        if (src.length != numel()) {
            throw new IllegalArgumentException(name() + ": expected " + numel() + " values for shape "
                    + spec.shapeString() + ", got " + src.length);
        }
        float[] d = data;
        if (d == null) {
            data = src.clone();
        } else {
            System.arraycopy(src, 0, d, 0, src.length);
        }
    }

    @Override
    public String toString() {
        return spec.name() + " " + spec.shapeString() + (isMaterialized() ? "" : " (lazy)");
    }
}
