package dev.modelkit.model.train;

import dev.modelkit.model.nn.Parallel;

/**
 * Backward of {@code out (N, OC) = inp (N, C) · W^T + b} with W stored (OC, C), as in
 * {@link dev.modelkit.model.nn.MatMul#forward}. N = B·T rows.
 *
 * <p>Both halves are written as rows of axpy ({@code y += a * x} over a contiguous row), a loop
 * C2 vectorises. Each output element is accumulated in a fixed order (over o for dinp, over rows
 * for dW) by exactly one task, so results do not depend on the pool's size.
 */
public final class MatMulBackward {

    private MatMulBackward() {
    }

    /**
     * dinp (N, C) = dout (N, OC) · W (OC, C), <b>overwriting</b> dinp (it may be null to skip);
     * dW (OC, C) += dout^T · inp and dbias (OC) += column sums of dout, <b>accumulating</b>
     * (dbias may be null for a layer without bias).
     */
    public static void backward(float[] dinp, float[] dw, float[] dbias, float[] dout, float[] inp,
                                float[] w, int rows, int c, int oc, Parallel par) {
        if (dinp != null) {
            par.forRange(rows, (long) c * oc, (t0, t1) -> inputRows(dinp, dout, w, c, oc, t0, t1));
        }
        par.forRange(oc, (long) rows * c, (o0, o1) -> weightRows(dw, dbias, dout, inp, rows, c, oc, o0, o1));
    }

    /** Rows [t0, t1) of dinp. */
    static void inputRows(float[] dinp, float[] dout, float[] w, int c, int oc, int t0, int t1) {
        for (int t = t0; t < t1; t++) {
            int di = t * c;
            java.util.Arrays.fill(dinp, di, di + c, 0f);
            int go = t * oc;
            for (int o = 0; o < oc; o++) {
                float d = dout[go + o];                         // dL/dout[t, o]
                int wo = o * c;                                 // W row o: (C)
                for (int i = 0; i < c; i++) {
                    dinp[di + i] += d * w[wo + i];
                }
            }
        }
    }

    /** Rows [o0, o1) of dW and entries [o0, o1) of dbias. */
    static void weightRows(float[] dw, float[] dbias, float[] dout, float[] inp, int rows, int c, int oc,
                           int o0, int o1) {
        for (int o = o0; o < o1; o++) {
            int wo = o * c;
            float db = 0;
            for (int t = 0; t < rows; t++) {
                float d = dout[t * oc + o];
                db += d;
                int xi = t * c;                                 // inp row t: (C)
                for (int i = 0; i < c; i++) {
                    dw[wo + i] += d * inp[xi + i];
                }
            }
            if (dbias != null) {
                dbias[o] += db;
            }
        }
    }
}
