package dev.modelkit.model;

import dev.modelkit.model.init.ParameterKind;
import dev.modelkit.model.ops.Kernels;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ForwardTest {

    /** Random weights everywhere (biases, gains too) so no term of the forward can hide. */
    private static Transformer randomised(Transformer m, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Parameter p : m.parameters()) {
            float[] v = p.values();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (p.kind() == ParameterKind.NORM_GAIN ? 1 + 0.2 * r.nextGaussian() : 0.3 * r.nextGaussian());
            }
        }
        return m;
    }

    /** The logits as one array per position, for row-wise assertions. */
    private static float[][] rows(Logits logits) {
        float[][] out = new float[logits.rows()][];
        for (int t = 0; t < out.length; t++) {
            out[t] = logits.row(t);
        }
        return out;
    }

    @Test
    void logitsAreAViewOfTheFlatRowMajorArray() {
        Transformer m = randomised(Transformer.builder().preset(Preset.TINY).build(), 2);
        int[] toks = tokens(13, 50, 5);
        Logits logits = m.forward(toks);
        assertEquals("Logits[T=13, V=50]", logits.toString());
        assertEquals(13, logits.rows());
        assertEquals(50, logits.cols());
        float[] flat = new float[13 * 50];
        m.forward(toks, flat);
        assertArrayEquals(flat, logits.values());
        for (int t = 0; t < 13; t++) {
            float[] row = logits.row(t);
            assertArrayEquals(java.util.Arrays.copyOfRange(flat, t * 50, (t + 1) * 50), row);
            assertEquals(Sampler.greedy().sample(row, 0, 50), logits.argmax(t));
            assertEquals(row[7], logits.get(t, 7));
        }
        assertThrows(IllegalArgumentException.class, () -> logits.row(13));
        assertThrows(IllegalArgumentException.class, () -> logits.get(0, 50));
    }

    private static int[] tokens(int n, int vocab, long seed) {
        return new SplittableRandom(seed).ints(n, 0, vocab).toArray();
    }

    @Test
    void matchesAPlainDoublePrecisionReference() {
        for (boolean tied : new boolean[] {false, true}) {
            Transformer m = randomised(Transformer.builder().vocabSize(23).contextLength(16).dModel(24)
                    .layers(2).heads(3).tieEmbeddings(tied).build(), 5);
            int[] toks = tokens(13, 23, 9);
            float[][] got = rows(m.forward(toks));
            double[][] want = new NaiveDecoder(m).forward(toks);
            assertEquals(13, got.length);
            for (int t = 0; t < toks.length; t++) {
                assertEquals(23, got[t].length);
                for (int v = 0; v < 23; v++) {
                    assertEquals(want[t][v], got[t][v], 2e-4 * (1 + Math.abs(want[t][v])),
                            "logit[" + t + "][" + v + "] tied=" + tied);
                }
            }
        }
    }

    @Test
    void presetForwardMatchesTheReferenceToo() {
        Transformer m = Transformer.builder().preset(Preset.TINY).seed(11).build();
        int[] toks = tokens(64, 50, 2);
        float[][] got = rows(m.forward(toks));
        double[][] want = new NaiveDecoder(m).forward(toks);
        for (int t = 0; t < toks.length; t += 7) {
            for (int v = 0; v < 50; v++) {
                assertEquals(want[t][v], got[t][v], 1e-4 * (1 + Math.abs(want[t][v])));
            }
        }
    }

    @Test
    void aLaterTokenNeverChangesEarlierLogits() {
        Transformer m = randomised(Transformer.builder().preset(Preset.TINY).build(), 3);
        int[] a = tokens(20, 50, 4);
        float[][] base = rows(m.forward(a));
        for (int j : new int[] {0, 7, 19}) {
            int[] b = a.clone();
            b[j] = (b[j] + 1) % 50;
            float[][] changed = rows(m.forward(b));
            for (int i = 0; i < j; i++) {
                assertArrayEquals(base[i], changed[i], "position " + i + " saw token " + j);
            }
            assertTrue(!java.util.Arrays.equals(base[j], changed[j]), "position " + j + " ignored its own token");
        }
    }

    @Test
    void resultsDoNotDependOnThreadCount() {
        ForkJoinPool one = new ForkJoinPool(1);
        ForkJoinPool three = new ForkJoinPool(3);
        try {
            int[] toks = tokens(128, 100, 1);
            float[][] a = rows(Transformer.builder().preset(Preset.SMALL).pool(one).build().forward(toks));
            float[][] b = rows(Transformer.builder().preset(Preset.SMALL).pool(three).build().forward(toks));
            for (int t = 0; t < toks.length; t++) {
                assertArrayEquals(a[t], b[t]);
            }
        } finally {
            one.shutdown();
            three.shutdown();
        }
    }

    @Test
    void generateWithTheKvCacheEqualsRecomputingEachStep() {
        Transformer m = randomised(Transformer.builder().vocabSize(31).contextLength(12).dModel(32)
                .layers(2).heads(4).build(), 8);
        int[] prompt = tokens(5, 31, 6);
        // 15 steps: crosses the context length of 12, where the window starts to slide.
        int[] cached = m.generate(prompt, 15, Sampler.greedy());
        int[] seq = java.util.Arrays.copyOf(prompt, prompt.length + 15);
        int len = prompt.length;
        for (int i = 0; i < 15; i++) {
            int from = Math.max(0, len - 12);
            Logits logits = m.forward(java.util.Arrays.copyOfRange(seq, from, len));
            float[] last = logits.row(logits.rows() - 1);
            int next = Sampler.greedy().sample(last, 0, last.length);
            assertEquals(next, cached[i], "step " + i);
            seq[len++] = next;
        }
    }

    @Test
    void samplingIsReproducibleAndRespectsTopK() {
        Transformer m = Transformer.builder().preset(Preset.TINY).build();
        int[] prompt = {1, 2, 3};
        assertArrayEquals(m.generate(prompt, 20, Sampler.topK(5, 1.0, 99)),
                m.generate(prompt, 20, Sampler.topK(5, 1.0, 99)));
        float[] logits = {0f, 5f, 1f, 4f, -2f};
        Sampler top2 = Sampler.topK(2, 1.0, 1);
        for (int i = 0; i < 200; i++) {
            int s = top2.sample(logits, 0, 5);
            assertTrue(s == 1 || s == 3, "top-2 sampled " + s);
        }
        assertEquals(1, Sampler.greedy().sample(logits, 0, 5));
    }

    @Test
    void aWarmForwardAllocatesZeroBytes() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        // What reading the counter costs by itself (nothing on HotSpot, but subtract it if not).
        long cost = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long a = threads.getThreadAllocatedBytes(tid);
            cost = Math.min(cost, threads.getThreadAllocatedBytes(tid) - a);
        }
        // One worker: every loop runs on this thread, where the counter looks. (On a wider pool
        // the loops' tasks are reused too, but a caller that blocks in ForkJoinTask.join gets a
        // small waiter node from the JDK: tens to hundreds of bytes per forward.)
        ForkJoinPool one = new ForkJoinPool(1);
        try {
            Transformer m = Transformer.builder().preset(Preset.SMALL).pool(one).kernels(Kernels.scalar()).build();
            int[] toks = tokens(128, 100, 3);
            float[] logits = new float[128 * 100];
            m.forward(toks, logits);   // allocates the workspace and the loop jobs
            m.forward(toks, logits);   // and lets the JIT settle
            long before = threads.getThreadAllocatedBytes(tid);
            m.forward(toks, logits);
            long allocated = threads.getThreadAllocatedBytes(tid) - before - cost;
            assertEquals(0, allocated, "a warm forward allocated " + allocated + " bytes");
        } finally {
            one.shutdown();
        }
    }
}
