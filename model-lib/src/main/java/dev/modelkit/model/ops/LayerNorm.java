package dev.modelkit.model.ops;

/**
 * LayerNorm over the last dimension, forward and backward (llm.c's layernorm_forward/backward):
 * {@code y = (x - mean) / sqrt(var + eps) * gamma + beta}.
 */
public final class LayerNorm {

    /** GPT-2's epsilon, the default ({@code ModelConfig.normEps} may set another). */
    public static final float EPS = 1e-5f;

    private LayerNorm() {
    }

    /**
     * out (N, C) = LN(in (N, C)); when {@code mean} and {@code rstd} are given (length N) they
     * receive each row's statistics, which the backward pass needs.
     */
    public static void forward(float[] out, float[] in, float[] g, float[] b, int rows, int c,
                               float[] mean, float[] rstd) {
        forward(out, in, g, b, rows, c, EPS, mean, rstd);
    }

    /** As {@link #forward(float[], float[], float[], float[], int, int, float[], float[])} with epsilon {@code eps}. */
    public static void forward(float[] out, float[] in, float[] g, float[] b, int rows, int c, float eps,
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
            float s = (float) (1.0 / Math.sqrt(var / c + eps));
            for (int i = 0; i < c; i++) {
                out[off + i] = (in[off + i] - m) * s * g[i] + b[i];
            }
            if (mean != null) {
                mean[t] = m;
                rstd[t] = s;
            }
        }
    }

    /**
     * From the row statistics the forward saved. With n = (x - mean) · rstd and y = n · g + b,
     * per row: {@code dx = rstd · (dn - mean(dn) - n · mean(dn · n))} where dn = dy · g.
     *
     * <p>dinp (N, C) <b>+=</b> dL/dx; dgamma, dbeta (C) <b>+=</b> their gradients. Serial: the
     * per-column sums over rows are then in a fixed order, and the work is only O(N·C).
     */
    public static void backward(float[] dinp, float[] dgamma, float[] dbeta, float[] dout, float[] inp,
                                float[] gamma, float[] mean, float[] rstd, int rows, int c) {
        for (int t = 0; t < rows; t++) {
            int off = t * c;
            float m = mean[t];
            float s = rstd[t];
            // Two reductions over the row: mean(dn) and mean(dn * n).
            float dnMean = 0;
            float dnNormMean = 0;
            for (int i = 0; i < c; i++) {
                float n = (inp[off + i] - m) * s;
                float dn = gamma[i] * dout[off + i];
                dnMean += dn;
                dnNormMean += dn * n;
            }
            dnMean /= c;
            dnNormMean /= c;
            for (int i = 0; i < c; i++) {
                float n = (inp[off + i] - m) * s;
                float dn = gamma[i] * dout[off + i];
                dbeta[i] += dout[off + i];
                dgamma[i] += n * dout[off + i];
                dinp[off + i] += s * (dn - dnMean - n * dnNormMean);
            }
        }
    }
}
