package dev.modelkit.model.nn;

import dev.modelkit.model.Parameter;

/** LayerNorm over the last dimension: {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}. */
public final class LayerNorm {

    public static final float EPS = 1e-5f;

    private final Parameter gamma;
    private final Parameter beta;

    public LayerNorm(Parameter gamma, Parameter beta) {
        this.gamma = gamma;
        this.beta = beta;
    }

    public Parameter gamma() {
        return gamma;
    }

    public Parameter beta() {
        return beta;
    }

    /** out (T, C) = LN(in (T, C)). */
    public void forward(float[] out, float[] in, int rows, int c) {
        forward(out, in, gamma.values(), beta.values(), rows, c, null, null);
    }

    /**
     * The kernel; when {@code mean} and {@code rstd} are given (length T) they receive each row's
     * statistics, which the backward pass needs.
     */
    public static void forward(float[] out, float[] in, float[] g, float[] b, int rows, int c,
                               float[] mean, float[] rstd) {
        for (int t = 0; t < rows; t++) {
            int off = t * c;
            float sum = 0;
            for (int i = 0; i < c; i++) {
                sum += in[off + i];
            }
            float m = sum / c;
            float var = 0;
            for (int i = 0; i < c; i++) {
                float d = in[off + i] - m;
                var += d * d;
            }
            float s = (float) (1.0 / Math.sqrt(var / c + EPS));
            for (int i = 0; i < c; i++) {
                out[off + i] = (in[off + i] - m) * s * g[i] + b[i];
            }
            if (mean != null) {
                mean[t] = m;
                rstd[t] = s;
            }
        }
    }
}
