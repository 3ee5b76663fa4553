package dev.modelkit.model.train;

import dev.modelkit.model.ByteSize;
import dev.modelkit.model.HeapBudget;
import dev.modelkit.model.Parameter;

import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter), with bias correction, as in llm.c
 * and PyTorch's {@code torch.optim.AdamW}:
 * <pre>
 * m = b1 m + (1 - b1) g;   v = b2 v + (1 - b2) g^2
 * p -= lr * ( (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps) + wd * p )
 * </pre>
 *
 * <p><b>Weight decay policy</b> (nanoGPT's): decay every tensor of two or more dimensions, i.e.
 * linear weights, the LM head and both embeddings; never biases or LayerNorm gains/shifts.
 *
 * <p>The moment buffers (8 B per parameter) are allocated on the first {@link #step}; an
 * instance then belongs to that model. Not thread-safe.
 *
 * <pre>{@code
 * AdamW opt = AdamW.builder().learningRate(3e-4).weightDecay(0.1).betas(0.9, 0.95).eps(1e-8).build();
 * }</pre>
 */
public final class AdamW {

    private double learningRate;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    private List<Parameter> parameters;
    private float[][] m;
    private float[][] v;
    private int t;

    private AdamW(Builder b) {
        this.learningRate = b.learningRate;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
    }

    /** Defaults: lr 3e-4, betas (0.9, 0.95), eps 1e-8, weight decay 0.1. */
    public static Builder builder() {
        return new Builder();
    }

    public double learningRate() {
        return learningRate;
    }

    /** Changes the learning rate for the next steps (for a schedule). */
    public AdamW learningRate(double lr) {
        this.learningRate = Builder.check("learningRate", lr, 0, 10);
        return this;
    }

    public double beta1() {
        return beta1;
    }

    public double beta2() {
        return beta2;
    }

    public double eps() {
        return eps;
    }

    public double weightDecay() {
        return weightDecay;
    }

    /** Steps taken so far. */
    public int steps() {
        return t;
    }

    /**
     * The live first moment of parameter {@code index} (model order), or null before the first
     * step; with {@link #secondMoment} and {@link #steps()} the whole state a resume needs.
     */
    public float[] firstMoment(int index) {
        return m == null ? null : m[index];
    }

    /** The live second moment of parameter {@code index}, or null before the first step. */
    public float[] secondMoment(int index) {
        return v == null ? null : v[index];
    }

    /**
     * Puts back a state saved from an optimizer of the same hyperparameters over {@code params}:
     * {@code steps} taken and both moments (arrays parallel to params; null when steps is 0).
     * Only a fresh optimizer (no step taken) can be restored.
     */
    public void restore(List<Parameter> params, int steps, float[][] firstMoments, float[][] secondMoments) {
        if (parameters != null || t != 0) {
            throw new IllegalStateException("this AdamW has already stepped; restore a fresh one");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps = " + steps + " is out of range; allowed: 0.." + Integer.MAX_VALUE);
        }
        if (steps == 0) {
            return;
        }
        for (int i = 0; i < params.size(); i++) {
            long n = params.get(i).numel();
            if (firstMoments[i].length != n || secondMoments[i].length != n) {
                throw new IllegalArgumentException("moments of " + params.get(i).name() + ": lengths "
                        + firstMoments[i].length + " and " + secondMoments[i].length + "; allowed: " + n);
            }
        }
        m = firstMoments;
        v = secondMoments;
        parameters = params;
        t = steps;
    }

    /** Whether a tensor is decayed: two or more dimensions (weights, head, embeddings). */
    public static boolean decays(Parameter p) {
        return p.shape().length >= 2;
    }

    /** Bytes of optimizer state held: 0 before the first step, then 8 per parameter. */
    public long stateBytes() {
        if (m == null) {
            return 0;
        }
        long n = 0;
        for (float[] a : m) {
            n += 8L * a.length;
        }
        return n;
    }

    /**
     * One update of {@code params} from {@code grads}. Elementwise, so the result does not
     * depend on threads; runs on the calling thread.
     *
     * @throws IllegalArgumentException if this optimizer already stepped a different model, or
     *                                  the gradients were never computed
     */
    public void step(List<Parameter> params, Gradients grads) {
        if (parameters == null) {
            long numel = 0;
            for (Parameter p : params) {
                numel += p.numel();
            }
            HeapBudget.require(8 * numel, "training: AdamW state (m and v, 8 B per parameter)",
                    "raise -Xmx or train a smaller model");
            // Fields are set only once every array exists, so a failed first step leaves no half state.
            float[][] mm = new float[params.size()][];
            float[][] vv = new float[params.size()][];
            for (int i = 0; i < params.size(); i++) {
                int n = Math.toIntExact(params.get(i).numel());
                mm[i] = new float[n];
                vv[i] = new float[n];
            }
            m = mm;
            v = vv;
            parameters = params;
        } else if (parameters != params) {
            throw new IllegalArgumentException("this AdamW already holds the state of another model; "
                    + "use one optimizer per model");
        }
        if (!grads.isAllocated()) {
            throw new IllegalArgumentException("no gradients yet: run a backward pass before step()");
        }
        t++;
        float lr = (float) learningRate;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float e = (float) eps;
        float c1 = (float) (1.0 / (1.0 - Math.pow(beta1, t)));
        float c2 = (float) (1.0 / (1.0 - Math.pow(beta2, t)));
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            float[] w = p.values();
            float[] g = grads.get(i);
            float[] mi = m[i];
            float[] vi = v[i];
            float wd = decays(p) ? (float) weightDecay : 0f;
            for (int j = 0; j < w.length; j++) {
                float gj = g[j];
                float mj = b1 * mi[j] + (1 - b1) * gj;
                float vj = b2 * vi[j] + (1 - b2) * gj * gj;
                mi[j] = mj;
                vi[j] = vj;
                float mhat = mj * c1;
                float vhat = vj * c2;
                w[j] -= lr * (mhat / ((float) Math.sqrt(vhat) + e) + wd * w[j]);
            }
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "AdamW[lr=%g, betas=(%g, %g), eps=%g, weightDecay=%g, "
                + "steps=%d, state=%s]", learningRate, beta1, beta2, eps, weightDecay, t,
                ByteSize.format(stateBytes()));
    }

    /** Fluent builder; every value is range-checked in {@link #build()}'s setters. */
    public static final class Builder {
        private double learningRate = 3e-4;
        private double beta1 = 0.9;
        private double beta2 = 0.95;
        private double eps = 1e-8;
        private double weightDecay = 0.1;

        private Builder() {
        }

        /** Step size, in (0, 10]. */
        public Builder learningRate(double lr) {
            this.learningRate = check("learningRate", lr, 0, 10);
            return this;
        }

        /** Moment decay rates, each in [0, 1). */
        public Builder betas(double beta1, double beta2) {
            this.beta1 = checkBeta("beta1", beta1);
            this.beta2 = checkBeta("beta2", beta2);
            return this;
        }

        /** Denominator guard, in (0, 1]. */
        public Builder eps(double eps) {
            this.eps = check("eps", eps, 0, 1);
            return this;
        }

        /** Decoupled weight decay, in [0, 10]; 0 turns it off. */
        public Builder weightDecay(double wd) {
            if (!(wd >= 0 && wd <= 10)) {
                throw new IllegalArgumentException("weightDecay = " + wd + " is out of range; allowed: 0..10");
            }
            this.weightDecay = wd;
            return this;
        }

        public AdamW build() {
            return new AdamW(this);
        }

        static double check(String field, double x, double lowExclusive, double high) {
            if (!(x > lowExclusive && x <= high)) {
                throw new IllegalArgumentException(field + " = " + x + " is out of range; allowed: ("
                        + lowExclusive + ", " + high + "]");
            }
            return x;
        }

        private static double checkBeta(String field, double b) {
            if (!(b >= 0 && b < 1)) {
                throw new IllegalArgumentException(field + " = " + b + " is out of range; allowed: [0, 1)");
            }
            return b;
        }
    }
}
