package dev.modelkit.model.ops;

/**
 * RMSNorm over the last dimension, forward and backward (Llama's norm):
 * {@code y = x / sqrt(mean(x^2) + eps) * gamma}; unlike LayerNorm, no mean is subtracted and
 * there is no shift.
 */
public final class RmsNorm {

    private RmsNorm() {
    }

    /**
     * out (N, C) = RMSNorm(in (N, C)); when {@code rstd} is given (length N) it receives each
     * row's 1 / rms, which the backward pass needs.
     */
    public static void forward(float[] out, float[] in, float[] g, int rows, int c, float eps, float[] rstd) {
        for (int t = 0; t < rows; t++) {
            int off = t * c;
            float ss = 0;
            for (int i = 0; i < c; i++) {
                ss += in[off + i] * in[off + i];
            }
            float s = (float) (1.0 / Math.sqrt(ss / c + eps));
            for (int i = 0; i < c; i++) {
                out[off + i] = in[off + i] * s * g[i];
            }
            if (rstd != null) {
                rstd[t] = s;
            }
        }
    }

    /**
     * From the row statistic the forward saved. With n = x · rstd and y = n · g, per row:
     * {@code dx = rstd · (dn - n · mean(dn · n))} where dn = dy · g (LayerNorm's formula without
     * the mean term, since no mean was subtracted).
     *
     * <p>dinp (N, C) <b>+=</b> dL/dx; dgamma (C) <b>+=</b> its gradient. Serial, like LayerNorm's,
     * so the per-column sums over rows are in a fixed order.
     */
    public static void backward(float[] dinp, float[] dgamma, float[] dout, float[] inp, float[] gamma,
                                float[] rstd, int rows, int c) {
        for (int t = 0; t < rows; t++) {
            int off = t * c;
            float s = rstd[t];
            float dnNormMean = 0;
            for (int i = 0; i < c; i++) {
                dnNormMean += gamma[i] * dout[off + i] * inp[off + i] * s;
            }
            dnNormMean /= c;
            for (int i = 0; i < c; i++) {
                float n = inp[off + i] * s;
                float dn = gamma[i] * dout[off + i];
                dgamma[i] += n * dout[off + i];
                dinp[off + i] += s * (dn - n * dnNormMean);
            }
        }
    }
}
