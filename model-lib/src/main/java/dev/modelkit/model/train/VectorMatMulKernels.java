package dev.modelkit.model.train;

import dev.modelkit.model.nn.Parallel;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API matmuls (jdk.incubator.vector), compiled on their own with
 * {@code --add-modules jdk.incubator.vector} and loaded only through {@link MatMulKernels#best()}.
 *
 * <p>All three products are one kernel, {@code C[m, :] (+)= sum_k A[m, k] · B[k, :]} with B
 * row-major and A read through strides, so that A may be a transposed view: a block of 4 rows
 * by 2 vectors of C lives in 8 registers across the whole k loop (each step: 2 vector loads of
 * B, 4 broadcasts of A, 8 fused multiply-adds). Every element of C is accumulated by one lane
 * (or, past the last full vector, by {@link Math#fma} in the same order), from k = 0 up, so the
 * result does not depend on the block it falls in nor on the split across threads.
 *
 * <ul>
 * <li>forward: A = inp (N, C), B = W^T (C, OC), transposed into scratch once per call;</li>
 * <li>dinp: A = dout (N, OC), B = W (OC, C);</li>
 * <li>dW: A = dout^T, read with strides (1, OC), B = inp (N, C), accumulated.</li>
 * </ul>
 * Not thread-safe (one transpose buffer): one instance per training state.
 */
final class VectorMatMulKernels implements MatMulKernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private float[] wt = new float[0];

    @Override
    public String name() {
        return "vector (" + L + " lanes)";
    }

    @Override
    public void forward(float[] out, float[] inp, float[] w, float[] bias, int rows, int c, int oc, Parallel par) {
        if (wt.length < oc * c) {
            wt = new float[oc * c];
        }
        float[] b = wt;
        for (int o = 0; o < oc; o++) {                          // W (OC, C) -> W^T (C, OC)
            for (int i = 0; i < c; i++) {
                b[i * oc + o] = w[o * c + i];
            }
        }
        par.forRange(rows, (long) c * oc, (m0, m1) -> kernel(out, inp, c, 1, b, bias, false, m0, m1, c, oc));
    }

    @Override
    public void backward(float[] dinp, float[] dw, float[] dbias, float[] dout, float[] inp, float[] w,
                         int rows, int c, int oc, Parallel par) {
        if (dinp != null) {
            par.forRange(rows, (long) c * oc, (m0, m1) -> kernel(dinp, dout, oc, 1, w, null, false, m0, m1, oc, c));
        }
        par.forRange(oc, (long) rows * c, (m0, m1) -> {
            kernel(dw, dout, 1, oc, inp, null, true, m0, m1, rows, c);
            if (dbias != null) {
                for (int o = m0; o < m1; o++) {
                    float db = 0;
                    for (int t = 0; t < rows; t++) {
                        db += dout[t * oc + o];
                    }
                    dbias[o] += db;
                }
            }
        });
    }

    /**
     * Rows [m0, m1) of C (M, n) = A · B (+ bias), or C += A · B when {@code accumulate}:
     * A[m, k] = a[m * ars + k * aks], B (K, n) row-major.
     */
    static void kernel(float[] cm, float[] a, int ars, int aks, float[] b, float[] bias, boolean accumulate,
                       int m0, int m1, int k, int n) {
        int m = m0;
        for (; m + 4 <= m1; m += 4) {
            int a0 = m * ars;
            int a1 = a0 + ars;
            int a2 = a1 + ars;
            int a3 = a2 + ars;
            int j = 0;
            for (; j + 2 * L <= n; j += 2 * L) {
                FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
                FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
                FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
                FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
                for (int kk = 0; kk < k; kk++) {
                    int bo = kk * n + j;
                    FloatVector b0 = FloatVector.fromArray(S, b, bo);
                    FloatVector b1 = FloatVector.fromArray(S, b, bo + L);
                    int ak = kk * aks;
                    FloatVector x0 = FloatVector.broadcast(S, a[a0 + ak]);
                    FloatVector x1 = FloatVector.broadcast(S, a[a1 + ak]);
                    FloatVector x2 = FloatVector.broadcast(S, a[a2 + ak]);
                    FloatVector x3 = FloatVector.broadcast(S, a[a3 + ak]);
                    c00 = x0.fma(b0, c00);
                    c01 = x0.fma(b1, c01);
                    c10 = x1.fma(b0, c10);
                    c11 = x1.fma(b1, c11);
                    c20 = x2.fma(b0, c20);
                    c21 = x2.fma(b1, c21);
                    c30 = x3.fma(b0, c30);
                    c31 = x3.fma(b1, c31);
                }
                store(cm, m * n + j, c00, bias, j, accumulate);
                store(cm, m * n + j + L, c01, bias, j + L, accumulate);
                store(cm, (m + 1) * n + j, c10, bias, j, accumulate);
                store(cm, (m + 1) * n + j + L, c11, bias, j + L, accumulate);
                store(cm, (m + 2) * n + j, c20, bias, j, accumulate);
                store(cm, (m + 2) * n + j + L, c21, bias, j + L, accumulate);
                store(cm, (m + 3) * n + j, c30, bias, j, accumulate);
                store(cm, (m + 3) * n + j + L, c31, bias, j + L, accumulate);
            }
            for (int r = 0; r < 4; r++) {
                rowTail(cm, a, (m + r) * ars, aks, b, bias, accumulate, m + r, j, k, n);
            }
        }
        for (; m < m1; m++) {
            rowTail(cm, a, m * ars, aks, b, bias, accumulate, m, 0, k, n);
        }
    }

    /** Columns [j0, n) of row m: whole vectors first, then lanes one by one with Math.fma. */
    private static void rowTail(float[] cm, float[] a, int arow, int aks, float[] b, float[] bias,
                                boolean accumulate, int m, int j0, int k, int n) {
        int j = j0;
        for (; j + L <= n; j += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int kk = 0; kk < k; kk++) {
                acc = FloatVector.broadcast(S, a[arow + kk * aks]).fma(FloatVector.fromArray(S, b, kk * n + j), acc);
            }
            store(cm, m * n + j, acc, bias, j, accumulate);
        }
        for (; j < n; j++) {
            float acc = 0;
            for (int kk = 0; kk < k; kk++) {
                acc = Math.fma(a[arow + kk * aks], b[kk * n + j], acc);
            }
            int ci = m * n + j;
            cm[ci] = accumulate ? cm[ci] + acc : acc + (bias == null ? 0 : bias[j]);
        }
    }

    private static void store(float[] cm, int off, FloatVector acc, float[] bias, int j, boolean accumulate) {
        if (accumulate) {
            acc = acc.add(FloatVector.fromArray(S, cm, off));
        } else if (bias != null) {
            acc = acc.add(FloatVector.fromArray(S, bias, j));
        }
        acc.intoArray(cm, off);
    }
}
