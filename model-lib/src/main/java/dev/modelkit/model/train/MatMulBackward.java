package dev.modelkit.model.train;

import dev.modelkit.model.nn.Parallel;

/**
 * Backward of {@code out (N, OC) = inp (N, C) · W^T + b} with W stored (OC, C), as in
 * {@link dev.modelkit.model.nn.MatMul#forward}. N = B·T rows.
 *
 * <p>Both halves are scalar kernels register-blocked 4 by 4, like the forward's 2 by 4 (Java
 * has no FMA contraction and C2 does not vectorise such reductions, so blocking is what pays).
 * Each output element is accumulated in a fixed order (over o for dinp, over rows for dW) by
 * exactly one task, so results do not depend on the pool's size.
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

    /**
     * Rows [t0, t1) of dinp = dout · W, register-blocked 4 rows by 4 columns: per step of the
     * inner loop over o, 8 loads feed 16 multiply-adds held in 16 scalar registers. Every element
     * is summed over o = 0..OC-1 in one variable, in blocks and tails alike, so the result does
     * not depend on where a row falls.
     */
    static void inputRows(float[] dinp, float[] dout, float[] w, int c, int oc, int t0, int t1) {
        int t = t0;
        for (; t + 4 <= t1; t += 4) {
            int g0 = t * oc;                                    // dout rows t..t+3: (OC) each
            int g1 = g0 + oc;
            int g2 = g1 + oc;
            int g3 = g2 + oc;
            int i = 0;
            for (; i + 4 <= c; i += 4) {
                float a00 = 0, a01 = 0, a02 = 0, a03 = 0;
                float a10 = 0, a11 = 0, a12 = 0, a13 = 0;
                float a20 = 0, a21 = 0, a22 = 0, a23 = 0;
                float a30 = 0, a31 = 0, a32 = 0, a33 = 0;
                for (int o = 0; o < oc; o++) {
                    int wo = o * c + i;                         // W[o, i..i+3]
                    float w0 = w[wo];
                    float w1 = w[wo + 1];
                    float w2 = w[wo + 2];
                    float w3 = w[wo + 3];
                    float d0 = dout[g0 + o];
                    float d1 = dout[g1 + o];
                    float d2 = dout[g2 + o];
                    float d3 = dout[g3 + o];
                    a00 += d0 * w0;
                    a01 += d0 * w1;
                    a02 += d0 * w2;
                    a03 += d0 * w3;
                    a10 += d1 * w0;
                    a11 += d1 * w1;
                    a12 += d1 * w2;
                    a13 += d1 * w3;
                    a20 += d2 * w0;
                    a21 += d2 * w1;
                    a22 += d2 * w2;
                    a23 += d2 * w3;
                    a30 += d3 * w0;
                    a31 += d3 * w1;
                    a32 += d3 * w2;
                    a33 += d3 * w3;
                }
                int r0 = t * c + i;
                int r1 = r0 + c;
                int r2 = r1 + c;
                int r3 = r2 + c;
                dinp[r0] = a00;
                dinp[r0 + 1] = a01;
                dinp[r0 + 2] = a02;
                dinp[r0 + 3] = a03;
                dinp[r1] = a10;
                dinp[r1 + 1] = a11;
                dinp[r1 + 2] = a12;
                dinp[r1 + 3] = a13;
                dinp[r2] = a20;
                dinp[r2 + 1] = a21;
                dinp[r2 + 2] = a22;
                dinp[r2 + 3] = a23;
                dinp[r3] = a30;
                dinp[r3 + 1] = a31;
                dinp[r3 + 2] = a32;
                dinp[r3 + 3] = a33;
            }
            for (; i < c; i++) {
                for (int r = 0; r < 4; r++) {
                    dinp[(t + r) * c + i] = columnDot(dout, (t + r) * oc, w, i, c, oc);
                }
            }
        }
        for (; t < t1; t++) {
            for (int i = 0; i < c; i++) {
                dinp[t * c + i] = columnDot(dout, t * oc, w, i, c, oc);
            }
        }
    }

    /** sum over o of dout[row + o] * W[o, i], in the blocked kernel's order. */
    private static float columnDot(float[] dout, int row, float[] w, int i, int c, int oc) {
        float s = 0;
        for (int o = 0; o < oc; o++) {
            s += dout[row + o] * w[o * c + i];
        }
        return s;
    }

    /**
     * Rows [o0, o1) of dW += dout^T · inp and entries [o0, o1) of dbias, register-blocked
     * 4 outputs by 4 inputs over the N rows; each element is summed over t = 0..N-1 in one
     * variable, then added to dW.
     */
    static void weightRows(float[] dw, float[] dbias, float[] dout, float[] inp, int rows, int c, int oc,
                           int o0, int o1) {
        if (dbias != null) {
            for (int o = o0; o < o1; o++) {
                float db = 0;
                for (int t = 0; t < rows; t++) {
                    db += dout[t * oc + o];
                }
                dbias[o] += db;
            }
        }
        int o = o0;
        for (; o + 4 <= o1; o += 4) {
            int i = 0;
            for (; i + 4 <= c; i += 4) {
                float a00 = 0, a01 = 0, a02 = 0, a03 = 0;
                float a10 = 0, a11 = 0, a12 = 0, a13 = 0;
                float a20 = 0, a21 = 0, a22 = 0, a23 = 0;
                float a30 = 0, a31 = 0, a32 = 0, a33 = 0;
                for (int t = 0; t < rows; t++) {
                    int g = t * oc + o;                         // dout[t, o..o+3]
                    int x = t * c + i;                          // inp[t, i..i+3]
                    float d0 = dout[g];
                    float d1 = dout[g + 1];
                    float d2 = dout[g + 2];
                    float d3 = dout[g + 3];
                    float x0 = inp[x];
                    float x1 = inp[x + 1];
                    float x2 = inp[x + 2];
                    float x3 = inp[x + 3];
                    a00 += d0 * x0;
                    a01 += d0 * x1;
                    a02 += d0 * x2;
                    a03 += d0 * x3;
                    a10 += d1 * x0;
                    a11 += d1 * x1;
                    a12 += d1 * x2;
                    a13 += d1 * x3;
                    a20 += d2 * x0;
                    a21 += d2 * x1;
                    a22 += d2 * x2;
                    a23 += d2 * x3;
                    a30 += d3 * x0;
                    a31 += d3 * x1;
                    a32 += d3 * x2;
                    a33 += d3 * x3;
                }
                int r0 = o * c + i;
                int r1 = r0 + c;
                int r2 = r1 + c;
                int r3 = r2 + c;
                dw[r0] += a00;
                dw[r0 + 1] += a01;
                dw[r0 + 2] += a02;
                dw[r0 + 3] += a03;
                dw[r1] += a10;
                dw[r1 + 1] += a11;
                dw[r1 + 2] += a12;
                dw[r1 + 3] += a13;
                dw[r2] += a20;
                dw[r2 + 1] += a21;
                dw[r2 + 2] += a22;
                dw[r2 + 3] += a23;
                dw[r3] += a30;
                dw[r3 + 1] += a31;
                dw[r3 + 2] += a32;
                dw[r3 + 3] += a33;
            }
            for (; i < c; i++) {
                for (int r = 0; r < 4; r++) {
                    dw[(o + r) * c + i] += rowDot(dout, o + r, inp, i, rows, c, oc);
                }
            }
        }
        for (; o < o1; o++) {
            for (int i = 0; i < c; i++) {
                dw[o * c + i] += rowDot(dout, o, inp, i, rows, c, oc);
            }
        }
    }

    /** sum over t of dout[t, o] * inp[t, i], in the blocked kernel's order. */
    private static float rowDot(float[] dout, int o, float[] inp, int i, int rows, int c, int oc) {
        float s = 0;
        for (int t = 0; t < rows; t++) {
            s += dout[t * oc + o] * inp[t * c + i];
        }
        return s;
    }
}
