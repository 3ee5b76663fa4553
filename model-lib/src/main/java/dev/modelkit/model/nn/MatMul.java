package dev.modelkit.model.nn;

/**
 * The one matmul of the model: {@code out (T, OC) = in (T, C) · W^T + b} with W stored as
 * (OC, C), the PyTorch Linear layout. Both operands are then read along contiguous rows.
 *
 * <p>The scalar kernel is register-blocked, 2 rows by 4 outputs: eight independent accumulators
 * hide the add latency and each loaded input feeds four multiply-adds. The split across threads
 * is over output columns, so a single row (generation with a KV cache) is parallel too; each
 * output element is summed in the same order whatever the split: every path, blocked or tail,
 * accumulates it in one variable from i = 0 up, so results never depend on thread count or on
 * whether a row or column fell into a block.
 */
public final class MatMul {

    private MatMul() {
    }

    public static void forward(float[] out, float[] in, float[] w, float[] bias,
                               int rows, int c, int oc, Parallel par) {
        par.forRange(oc, (long) rows * c, (lo, hi) -> columns(out, in, w, bias, rows, c, oc, lo, hi));
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
