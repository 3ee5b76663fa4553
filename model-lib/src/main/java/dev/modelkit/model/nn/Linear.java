package dev.modelkit.model.nn;

import dev.modelkit.model.Parameter;

/** A linear layer {@code y = x W^T + b}, W stored as (out, in); the bias is optional. */
public final class Linear {

    private final Parameter weight;
    private final Parameter bias;
    private final int in;
    private final int out;

    public Linear(Parameter weight, Parameter bias) {
        this.weight = weight;
        this.bias = bias;
        int[] shape = weight.shape();
        this.out = shape[0];
        this.in = shape[1];
    }

    public Parameter weight() {
        return weight;
    }

    /** The bias, or null. */
    public Parameter bias() {
        return bias;
    }

    public int in() {
        return in;
    }

    public int out() {
        return out;
    }

    /** y (T, out) = x (T, in) · W^T + b. */
    public void forward(float[] y, float[] x, int rows, Parallel par) {
        MatMul.forward(y, x, weight.values(), bias == null ? null : bias.values(), rows, in, out, par);
    }
}
