package dev.modelkit.model.train;

/**
 * Backward of {@link dev.modelkit.model.nn.LayerNorm#forward(float[], float[], float[], float[],
 * int, int, float[], float[])}, from the row statistics it saved (llm.c's layernorm_backward).
 *
 * <p>With n = (x - mean) · rstd and y = n · g + b, per row:
 * {@code dx = rstd · (dn - mean(dn) - n · mean(dn · n))} where dn = dy · g.
 */
public final class LayerNormBackward {

    private LayerNormBackward() {
    }

    /**
     * dinp (N, C) <b>+=</b> dL/dx; dgamma, dbeta (C) <b>+=</b> their gradients. Serial: the
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
