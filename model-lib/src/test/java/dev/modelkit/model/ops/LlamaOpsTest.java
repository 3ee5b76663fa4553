package dev.modelkit.model.ops;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Properties of the Llama family's ops that the model-level tests do not isolate. */
class LlamaOpsTest {

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @Test
    void ropeScoresDependOnlyOnTheDistanceAndItsBackwardUndoesIt() {
        int heads = 2;
        int kv = 1;
        int d = 16;
        int width = (heads + 2 * kv) * d;
        int seq = 40;
        float[] cos = new float[seq * d / 2];
        float[] sin = new float[seq * d / 2];
        Rope.table(cos, sin, seq, d, 10_000);
        // the same q and k at every row: after rotation, q_t · k_s must depend on t - s only
        float[] row = random(width, 1);
        float[] x = new float[seq * width];
        for (int t = 0; t < seq; t++) {
            System.arraycopy(row, 0, x, t * width, width);
        }
        float[] before = x.clone();
        Rope.forward(x, cos, sin, seq, seq, 0, heads, kv, d);
        int k = heads * d;                                   // the single KV head's k slice
        for (int delta : new int[] {0, 3, 17}) {
            double first = dot(x, delta * width, x, k, d);  // q at position delta, k at position 0
            for (int s = 1; s + delta < seq; s += 5) {
                assertEquals(first, dot(x, (s + delta) * width, x, s * width + k, d), 1e-4, "distance " + delta);
            }
        }
        // v is not rotated; the backward (the inverse rotation) restores q and k
        for (int t = 0; t < seq; t++) {
            for (int i = (heads + kv) * d; i < width; i++) {
                assertEquals(before[t * width + i], x[t * width + i]);
            }
        }
        Rope.backward(x, cos, sin, seq, seq, heads, kv, d);
        for (int i = 0; i < x.length; i++) {
            assertEquals(before[i], x[i], 1e-5);
        }
    }

    private static double dot(float[] a, int ao, float[] b, int bo, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += (double) a[ao + i] * b[bo + i];
        }
        return s;
    }

    /**
     * Grouped-query attention is multi-head attention with each KV head repeated for its group
     * (Hugging Face's repeat_kv): the same outputs and dq, and dk, dv the group sums.
     */
    @Test
    void groupedQueryAttentionIsMultiHeadWithRepeatedKvHeads() {
        int batch = 2;
        int seq = 7;
        int heads = 6;
        int kvHeads = 2;
        int d = 4;
        int group = heads / kvHeads;
        int gw = (heads + 2 * kvHeads) * d;
        int mw = 3 * heads * d;
        float[] gqa = random(batch * seq * gw, 3);
        float[] mha = new float[batch * seq * mw];
        for (int r = 0; r < batch * seq; r++) {
            System.arraycopy(gqa, r * gw, mha, r * mw, heads * d);                        // q
            for (int h = 0; h < heads; h++) {
                int j = h / group;
                System.arraycopy(gqa, r * gw + heads * d + j * d, mha, r * mw + heads * d + h * d, d);
                System.arraycopy(gqa, r * gw + (heads + kvHeads) * d + j * d, mha, r * mw + 2 * heads * d + h * d, d);
            }
        }
        ForkJoinPool pool = new ForkJoinPool(2);
        try {
            Parallel par = new Parallel(pool);
            for (Kernels k : sets()) {
                int q = heads * d;
                float[] yg = new float[batch * seq * q];
                float[] ym = new float[batch * seq * q];
                float[] ag = new float[batch * heads * seq * seq];
                float[] am = new float[batch * heads * seq * seq];
                k.attentionForward(yg, ag, gqa, batch, seq, heads, kvHeads, d, par);
                k.attentionForward(ym, am, mha, batch, seq, heads * d, heads, par);
                assertArrayEquals(ym, yg, k.name() + ": outputs");
                float[] dy = random(yg.length, 4);
                float[] dg = new float[gqa.length];
                float[] dm = new float[mha.length];
                k.attentionBackward(dg, new float[batch * heads * seq], dy, gqa, ag, batch, seq, heads, kvHeads, d, par);
                k.attentionBackward(dm, new float[batch * heads * seq], dy, mha, am, batch, seq, heads * d, heads, par);
                for (int r = 0; r < batch * seq; r++) {
                    for (int i = 0; i < q; i++) {
                        assertEquals(dm[r * mw + i], dg[r * gw + i], 1e-5, k.name() + ": dq");
                    }
                    for (int j = 0; j < kvHeads; j++) {
                        for (int i = 0; i < d; i++) {
                            float dk = 0;
                            float dv = 0;
                            for (int h = j * group; h < (j + 1) * group; h++) {
                                dk += dm[r * mw + q + h * d + i];
                                dv += dm[r * mw + 2 * q + h * d + i];
                            }
                            assertEquals(dk, dg[r * gw + q + j * d + i], 1e-5, k.name() + ": dk");
                            assertEquals(dv, dg[r * gw + q + kvHeads * d + j * d + i], 1e-5, k.name() + ": dv");
                        }
                    }
                }
            }
        } finally {
            pool.shutdown();
        }
    }

    private static Kernels[] sets() {
        return Kernels.vector().map(v -> new Kernels[] {Kernels.scalar(), v}).orElse(new Kernels[] {Kernels.scalar()});
    }

    @Test
    void rmsNormHasUnitRootMeanSquareAndSwiGluIsSiluTimesUp() {
        int rows = 3;
        int c = 50;
        float[] in = random(rows * c, 5);
        float[] g = new float[c];
        java.util.Arrays.fill(g, 1f);
        float[] out = new float[rows * c];
        float[] rstd = new float[rows];
        RmsNorm.forward(out, in, g, rows, c, 1e-6f, rstd);
        for (int t = 0; t < rows; t++) {
            assertEquals(1.0, Math.sqrt(dot(out, t * c, out, t * c, c) / c), 1e-5);
            assertEquals(1 / rstd[t], Math.sqrt(dot(in, t * c, in, t * c, c) / c + 1e-6), 1e-5);
        }
        float[] gate = {-3f, -0.5f, 0f, 0.5f, 3f};
        float[] up = {2f, 2f, 2f, 2f, 2f};
        float[] y = new float[5];
        SwiGlu.forward(y, gate, up, 5);
        for (int i = 0; i < 5; i++) {
            assertEquals(2 * gate[i] / (1 + Math.exp(-gate[i])), y[i], 1e-6);
        }
    }
}
