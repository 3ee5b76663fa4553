package dev.modelkit.model.ops;

/**
 * The one matmul of the model, forward and backward: {@code out (N, OC) = in (N, C) · W^T + b}
 * with W stored as (OC, C), the PyTorch Linear layout. Both operands are then read along
 * contiguous rows. N is T in inference, B·T in training.
 *
 * <p>The scalar kernel is register-blocked, 2 rows by 4 outputs: eight independent accumulators
 * hide the add latency and each loaded input feeds four multiply-adds. The split across threads
 * is over output columns, so a single row (generation with a KV cache) is parallel too; each
 * output element is summed in the same order whatever the split: every path, blocked or tail,
 * accumulates it in one variable from i = 0 up, so results never depend on thread count or on
 * whether a row or column fell into a block.
 *
 * <p>The backward halves are register-blocked 4 by 4, like the forward's 2 by 4 (Java has no FMA
 * contraction and C2 does not vectorise such reductions, so blocking is what pays). Each output
 * element is accumulated in a fixed order (over o for dinp, over rows for dW) by exactly one
 * task, so results do not depend on the pool's size.
 */
public final class MatMul {

    private MatMul() {
    }

    private static final Parallel.Slot<Forward> FORWARD = Parallel.slot(Forward::new);
    private static final Parallel.Slot<Backward> BACKWARD = Parallel.slot(Backward::new);

    /** out (N, OC) = in (N, C) · W^T + bias; bias may be null. */
    public static void forward(float[] out, float[] in, float[] w, float[] bias,
                               int rows, int c, int oc, Parallel par) {
        Forward job = par.job(FORWARD);
        job.out = out;
        job.in = in;
        job.w = w;
        job.bias = bias;
        job.rows = rows;
        job.c = c;
        job.oc = oc;
        try {
            par.forRange(oc, (long) rows * c, job);
        } finally {
            job.out = job.in = job.w = job.bias = null;          // hold no activations between calls
        }
    }

    /** The forward's loop body over output columns; its fields are the call's arguments. */
    private static final class Forward implements Parallel.RangeBody {
        float[] out, in, w, bias;
        int rows, c, oc;

        @Override
        public void run(int lo, int hi) {
            columns(out, in, w, bias, rows, c, oc, lo, hi);
        }
    }

    /** Output columns {@code [o0, o1)} for every row. */
    static void columns(float[] out, float[] in, float[] w, float[] bias,
                        int rows, int c, int oc, int o0, int o1) {
        int t = 0;
        for (; t + 2 <= rows; t += 2) {
            int x0 = t * c;
            int x1 = x0 + c;
            int o = o0;
            for (; o + 4 <= o1; o += 4) {
                int w0 = o * c;
                int w1 = w0 + c;
                int w2 = w1 + c;
                int w3 = w2 + c;
                float a00 = 0, a01 = 0, a02 = 0, a03 = 0;
                float a10 = 0, a11 = 0, a12 = 0, a13 = 0;
                for (int i = 0; i < c; i++) {
                    float v0 = in[x0 + i];
                    float v1 = in[x1 + i];
                    float k0 = w[w0 + i];
                    float k1 = w[w1 + i];
                    float k2 = w[w2 + i];
                    float k3 = w[w3 + i];
                    a00 += v0 * k0;
                    a01 += v0 * k1;
                    a02 += v0 * k2;
                    a03 += v0 * k3;
                    a10 += v1 * k0;
                    a11 += v1 * k1;
                    a12 += v1 * k2;
                    a13 += v1 * k3;
                }
                int r0 = t * oc + o;
                int r1 = r0 + oc;
                float b0 = 0, b1 = 0, b2 = 0, b3 = 0;
                if (bias != null) {
                    b0 = bias[o];
                    b1 = bias[o + 1];
                    b2 = bias[o + 2];
                    b3 = bias[o + 3];
                }
                out[r0] = a00 + b0;
                out[r0 + 1] = a01 + b1;
                out[r0 + 2] = a02 + b2;
                out[r0 + 3] = a03 + b3;
                out[r1] = a10 + b0;
                out[r1 + 1] = a11 + b1;
                out[r1 + 2] = a12 + b2;
                out[r1 + 3] = a13 + b3;
            }
            for (; o < o1; o++) {
                out[t * oc + o] = sequentialDot(in, x0, w, o * c, c) + (bias == null ? 0 : bias[o]);
                out[(t + 1) * oc + o] = sequentialDot(in, x1, w, o * c, c) + (bias == null ? 0 : bias[o]);
            }
        }
        for (; t < rows; t++) {
            for (int o = o0; o < o1; o++) {
                out[t * oc + o] = sequentialDot(in, t * c, w, o * c, c) + (bias == null ? 0 : bias[o]);
            }
        }
    }

    /** The blocked kernel's summation order, for the tails. */
    private static float sequentialDot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s = 0;
        for (int i = 0; i < n; i++) {
            s += a[aOff + i] * b[bOff + i];
        }
        return s;
    }

    /**
     * dinp (N, C) = dout (N, OC) · W (OC, C), <b>overwriting</b> dinp (it may be null to skip);
     * dW (OC, C) += dout^T · inp and dbias (OC) += column sums of dout, <b>accumulating</b>
     * (dbias may be null for a layer without bias).
     */
    public static void backward(float[] dinp, float[] dw, float[] dbias, float[] dout, float[] inp,
                                float[] w, int rows, int c, int oc, Parallel par) {
        Backward job = par.job(BACKWARD);
        job.dinp = dinp;
        job.dw = dw;
        job.dbias = dbias;
        job.dout = dout;
        job.inp = inp;
        job.w = w;
        job.rows = rows;
        job.c = c;
        job.oc = oc;
        try {
            if (dinp != null) {
                job.weights = false;
                par.forRange(rows, (long) c * oc, job);
            }
            job.weights = true;
            par.forRange(oc, (long) rows * c, job);
        } finally {
            job.dinp = job.dw = job.dbias = job.dout = job.inp = job.w = null;
        }
    }

    /** The backward's two loop bodies: rows of dinp, or (weights) rows of dW. */
    private static final class Backward implements Parallel.RangeBody {
        float[] dinp, dw, dbias, dout, inp, w;
        int rows, c, oc;
        boolean weights;

        @Override
        public void run(int lo, int hi) {
            if (weights) {
                weightRows(dw, dbias, dout, inp, rows, c, oc, lo, hi);
            } else {
                inputRows(dinp, dout, w, c, oc, lo, hi);
            }
        }
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

    /** A dot product with four accumulators. */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
            s2 += a[aOff + i + 2] * b[bOff + i + 2];
            s3 += a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
