package dev.modelkit.model.train;

import dev.modelkit.model.ByteSize;
import dev.modelkit.model.HeapBudget;
import dev.modelkit.model.Parameter;

import java.util.Arrays;
import java.util.List;

/**
 * One gradient array per parameter, parallel to {@code model.parameters()}. Nothing is allocated
 * until the first backward pass (so a model that is only created or run costs 4 B per parameter);
 * from then on 4 more bytes per parameter are held until the model is dropped.
 */
public final class Gradients {

    private final List<Parameter> parameters;
    private float[][] grads;

    Gradients(List<Parameter> parameters) {
        this.parameters = parameters;
    }

    /** Whether the gradient arrays exist yet. */
    public boolean isAllocated() {
        return grads != null;
    }

    /** The arrays, allocating them (zeroed) on first use. */
    float[][] arrays() {
        if (grads == null) {
            long numel = 0;
            for (Parameter p : parameters) {
                numel += p.numel();
            }
            HeapBudget.require(4 * numel, "training: gradients (4 B per parameter)",
                    "raise -Xmx or train a smaller model");
            float[][] g = new float[parameters.size()][];
            for (int i = 0; i < g.length; i++) {
                g[i] = new float[Math.toIntExact(parameters.get(i).numel())];
            }
            grads = g;
        }
        return grads;
    }

    /** The live gradient of parameter {@code index} (model order), or null before any backward. */
    public float[] get(int index) {
        return grads == null ? null : grads[index];
    }

    /** The live gradient of a parameter of this model, or null before any backward. */
    public float[] of(Parameter p) {
        int i = parameters.indexOf(p);
        if (i < 0) {
            throw new IllegalArgumentException("parameter " + p.name() + " does not belong to this model");
        }
        return get(i);
    }

    /** Sets every gradient to zero (nothing to do before the first backward). */
    public void zero() {
        if (grads != null) {
            for (float[] g : grads) {
                Arrays.fill(g, 0f);
            }
        }
    }

    /** The L2 norm of all gradients together (0 before any backward), summed in double. */
    public double norm() {
        if (grads == null) {
            return 0;
        }
        double s = 0;
        for (float[] g : grads) {
            for (float x : g) {
                s += (double) x * x;
            }
        }
        return Math.sqrt(s);
    }

    /** Bytes of gradient data held now: 0 before the first backward, then 4 per parameter. */
    public long bytes() {
        if (grads == null) {
            return 0;
        }
        long n = 0;
        for (float[] g : grads) {
            n += 4L * g.length;
        }
        return n;
    }

    @Override
    public String toString() {
        return "Gradients[" + (grads == null ? "not allocated" : ByteSize.format(bytes())) + "]";
    }
}
