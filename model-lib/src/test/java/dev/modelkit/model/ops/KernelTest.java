package dev.modelkit.model.ops;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KernelTest {

    @Test
    void layerNormGivesZeroMeanUnitVarianceBeforeTheAffine() {
        SplittableRandom r = new SplittableRandom(1);
        int rows = 5;
        int c = 96;
        float[] in = new float[rows * c];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) (3 + 10 * r.nextGaussian());
        }
        float[] g = new float[c];
        java.util.Arrays.fill(g, 1f);
        float[] out = new float[rows * c];
        float[] mean = new float[rows];
        float[] rstd = new float[rows];
        LayerNorm.forward(out, in, g, new float[c], rows, c, mean, rstd);
        for (int t = 0; t < rows; t++) {
            double m = 0;
            double v = 0;
            for (int i = 0; i < c; i++) {
                m += out[t * c + i];
            }
            m /= c;
            for (int i = 0; i < c; i++) {
                v += (out[t * c + i] - m) * (out[t * c + i] - m);
            }
            v /= c;
            assertEquals(0, m, 1e-5);
            assertEquals(1, v, 1e-3);
            assertEquals(1 / rstd[t], Math.sqrt(variance(in, t * c, c) + LayerNorm.EPS), 1e-3);
        }
    }

    private static double variance(float[] x, int off, int n) {
        double m = 0;
        for (int i = 0; i < n; i++) {
            m += x[off + i];
        }
        m /= n;
        double v = 0;
        for (int i = 0; i < n; i++) {
            v += (x[off + i] - m) * (x[off + i] - m);
        }
        return v / n;
    }

    @Test
    void attentionWeightsAreADistributionOverThePast() {
        SplittableRandom r = new SplittableRandom(2);
        int hd = 8;
        int n = 6;
        float[] q = new float[hd];
        float[] kv = new float[n * hd];
        for (int i = 0; i < hd; i++) {
            q[i] = (float) (5 * r.nextGaussian());
        }
        for (int i = 0; i < kv.length; i++) {
            kv[i] = (float) (5 * r.nextGaussian());
        }
        float[] y = new float[hd];
        float[] att = new float[n];
        Attention.attend(y, 0, q, 0, kv, 0, kv, 0, hd, n, hd, 0.35f, att, 0);
        double sum = 0;
        for (float a : att) {
            assertEquals(true, a >= 0 && a <= 1);
            sum += a;
        }
        assertEquals(1, sum, 1e-6);
        // y is the same convex combination of the values.
        for (int i = 0; i < hd; i++) {
            double want = 0;
            for (int s = 0; s < n; s++) {
                want += att[s] * kv[s * hd + i];
            }
            assertEquals(want, y[i], 1e-4);
        }
    }

    @Test
    void matmulMatchesTheDefinitionForEveryBlockShape() {
        SplittableRandom r = new SplittableRandom(3);
        Parallel seq = new Parallel(new java.util.concurrent.ForkJoinPool(1));
        for (int rows : new int[] {1, 2, 3, 5}) {
            for (int oc : new int[] {1, 4, 7, 9}) {
                int c = 13;
                float[] in = rand(r, rows * c);
                float[] w = rand(r, oc * c);
                float[] b = rand(r, oc);
                float[] out = new float[rows * oc];
                MatMul.forward(out, in, w, b, rows, c, oc, seq);
                for (int t = 0; t < rows; t++) {
                    for (int o = 0; o < oc; o++) {
                        double want = b[o];
                        for (int i = 0; i < c; i++) {
                            want += (double) in[t * c + i] * w[o * c + i];
                        }
                        assertEquals(want, out[t * oc + o], 1e-4, rows + "x" + oc);
                    }
                }
            }
        }
    }

    private static float[] rand(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void geluMatchesItsDefinition() {
        for (float x = -6; x <= 6; x += 0.25f) {
            double want = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
            assertEquals(want, Gelu.apply(x), 1e-6);
        }
        assertEquals(0f, Math.abs(Gelu.apply(-1000f)));
        assertEquals(1000f, Gelu.apply(1000f));
    }
}
