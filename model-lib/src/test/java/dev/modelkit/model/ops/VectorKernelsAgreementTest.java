package dev.modelkit.model.ops;

import dev.modelkit.model.Preset;
import dev.modelkit.model.ops.Parallel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link VectorKernels} against {@link ScalarKernels}: every kernel on the shapes of the three
 * presets and on sizes that are not multiples of the 16 lanes; bit-identical results on pools of 1,
 * 2 and 3 threads; and no allocation per call once the JIT has compiled the kernels. Surefire runs
 * {@code Vector*Test} in its own JVM with {@code --add-modules jdk.incubator.vector}.
 *
 * <p><b>Tolerance.</b> The two sets sum in different orders (16 lane-wise FMA chains and a
 * butterfly, against one scalar chain without FMA), so they agree within rounding, not bit for
 * bit: for every kernel, max |vector - scalar| ≤ {@value #TOLERANCE} · max |scalar| over the output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VectorKernelsAgreementTest {

    /** Relative to the largest output magnitude; observed errors are ~1e-7 .. 2e-6. */
    static final double TOLERANCE = 2e-5;

    private static Kernels vector;
    private static final Kernels SCALAR = Kernels.scalar();
    private static ForkJoinPool onePool;
    private static Parallel one;

    @BeforeAll
    static void load() {
        // -Dtest=... makes surefire's default execution (no incubator module) pick this class too;
        // there it is skipped, and the vector-test execution runs it with the module.
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "needs --add-modules jdk.incubator.vector (surefire execution vector-test)");
        vector = Kernels.vector().orElseThrow(() -> new AssertionError("VectorKernels did not load"));
        onePool = new ForkJoinPool(1);
        one = new Parallel(onePool);
    }

    @AfterAll
    static void stop() {
        if (onePool != null) {
            onePool.shutdown();
        }
    }

    /**
     * Runs first, so its first calls execute the kernels before the JIT has compiled them (the
     * Vector API then runs its per-lane Java fallbacks): the results must not change once C2 has
     * compiled them. Same seed must mean same bits, warm or cold.
     */
    @Test
    @Order(1)
    void resultsDoNotDependOnTheJitState() {
        SplittableRandom r = new SplittableRandom(8);
        int n = 12, c = 80, oc = 40, heads = 5, hd = c / heads, c3 = 3 * c;
        float[] inp = random(r, n * c), w = random(r, oc * c), b = random(r, oc), g = random(r, c), be = random(r, c);
        // 65536 GELU inputs: enough that the rare inputs where two exp implementations round differently occur
        float[] x = random(r, 1 << 16), dy = random(r, 1 << 16), dout = random(r, n * oc);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 8;
        }
        float[] qkv = random(r, n * c3);
        float scale = (float) (1.0 / Math.sqrt(hd));
        java.util.function.Supplier<float[][]> all = () -> {
            float[] mm = new float[n * oc], ln = new float[n * c], ge = new float[x.length], gb = dy.clone();
            float[] di = new float[n * c], dw = new float[oc * c], db = new float[oc], y = new float[c], att = new float[n];
            vector.matmulForward(mm, inp, w, b, n, c, oc, one);
            vector.matmulBackward(di, dw, db, dout, inp, w, n, c, oc, one);
            vector.layerNormForward(ln, inp, g, be, n, c, null, null);
            vector.geluForward(ge, x, ge.length);
            vector.geluBackward(gb, x, gb.length);
            vector.attend(y, 0, qkv, (n - 1) * c3, qkv, c, qkv, 2 * c, c3, n, hd, scale, att, 0);
            return new float[][] {mm, di, dw, db, ln, ge, gb, y, att};
        };
        float[][] cold = all.get();
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (int i = 0; i < 3_000 && System.nanoTime() < deadline; i++) {
            all.get();
        }
        float[][] warm = all.get();
        String[] names = {"matmulForward", "dinp", "dW", "dbias", "layerNormForward", "geluForward", "geluBackward",
                "attend y", "attend probabilities"};
        for (int i = 0; i < cold.length; i++) {
            assertArrayEquals(cold[i], warm[i], names[i] + " changed as the JIT compiled the kernels");
        }
    }

    @Test
    void theVectorSetIsTheBestWhenTheModuleIsPresent() {
        assertEquals("dev.modelkit.model.ops.VectorKernels", vector.getClass().getName());
        assertTrue(vector.name().startsWith("vector ("), vector.name());
        assertTrue(Kernels.best().name().startsWith("vector"), Kernels.best().name());
    }

    /** (rows, C, OC): every matmul of each preset at B·T = 2T rows, at T rows, and at 1 row; then odd tails. */
    static List<int[]> matmulShapes() {
        List<int[]> shapes = new ArrayList<>();
        for (Preset p : Preset.reference()) {
            int c = p.config().dModel();
            int t = p.config().contextLength();
            int v = p.config().vocabSize();
            for (int rows : new int[] {2 * t, t, 1}) {
                shapes.add(new int[] {rows, c, 3 * c});                 // qkv
                shapes.add(new int[] {rows, c, c});                     // attention projection
                shapes.add(new int[] {rows, c, 4 * c});                 // fc1
                shapes.add(new int[] {rows, 4 * c, c});                 // fc2
                shapes.add(new int[] {rows, c, v});                     // LM head
            }
        }
        int[][] odd = {{7, 13, 37}, {1, 5, 3}, {5, 19, 33}, {3, 16, 17}, {13, 70, 50}, {1, 384, 100},
                {2, 48, 100}, {9, 64, 60}, {33, 40, 17}, {6, 17, 21}, {1, 33, 47}, {4, 100, 20}};
        for (int[] s : odd) {
            shapes.add(s);
        }
        return shapes;
    }

    @Test
    void matmulForwardAndBackwardAgreeWithScalar() {
        SplittableRandom r = new SplittableRandom(1);
        for (int[] s : matmulShapes()) {
            int n = s[0], c = s[1], oc = s[2];
            String shape = n + "x" + c + "x" + oc;
            float[] inp = random(r, n * c);
            float[] w = random(r, oc * c);
            float[] b = random(r, oc);
            float[] dout = random(r, n * oc);
            for (float[] bias : new float[][] {b, null}) {
                float[] vo = new float[n * oc];
                float[] so = new float[n * oc];
                vector.matmulForward(vo, inp, w, bias, n, c, oc, one);
                SCALAR.matmulForward(so, inp, w, bias, n, c, oc, one);
                close(so, vo, "matmulForward " + shape + (bias == null ? " no bias" : ""));
            }
            float[] vdi = random(r, n * c);                             // overwritten: start from garbage
            float[] sdi = new float[n * c];
            float[] vdw = random(r, oc * c);                            // accumulated: start non-zero
            float[] sdw = vdw.clone();
            float[] vdb = random(r, oc);
            float[] sdb = vdb.clone();
            vector.matmulBackward(vdi, vdw, vdb, dout, inp, w, n, c, oc, one);
            SCALAR.matmulBackward(sdi, sdw, sdb, dout, inp, w, n, c, oc, one);
            close(sdi, vdi, "matmulBackward dinp " + shape);
            close(sdw, vdw, "matmulBackward dW " + shape);
            close(sdb, vdb, "matmulBackward dbias " + shape);
            float[] vdw2 = sdw.clone();                                 // no dinp, no bias
            float[] sdw2 = sdw.clone();
            vector.matmulBackward(null, vdw2, null, dout, inp, w, n, c, oc, one);
            SCALAR.matmulBackward(null, sdw2, null, dout, inp, w, n, c, oc, one);
            close(sdw2, vdw2, "matmulBackward dW only " + shape);
        }
    }

    @Test
    void layerNormForwardAndBackwardAgreeWithScalar() {
        SplittableRandom r = new SplittableRandom(2);
        int[][] shapes = {{128, 128}, {256, 256}, {256, 384}, {1, 384}, {7, 37}, {3, 70}, {5, 16}, {2, 3}};
        for (int[] s : shapes) {
            int n = s[0], c = s[1];
            String shape = n + "x" + c;
            float[] inp = random(r, n * c);
            for (int i = 0; i < inp.length; i++) {
                inp[i] = inp[i] * 3 + 0.7f;                             // a mean and spread that LN must remove
            }
            float[] g = random(r, c);
            float[] b = random(r, c);
            float[] vo = new float[n * c], so = new float[n * c];
            float[] vm = new float[n], vr = new float[n], sm = new float[n], sr = new float[n];
            vector.layerNormForward(vo, inp, g, b, n, c, vm, vr);
            SCALAR.layerNormForward(so, inp, g, b, n, c, sm, sr);
            close(so, vo, "layerNormForward " + shape);
            close(sm, vm, "layerNorm mean " + shape);
            close(sr, vr, "layerNorm rstd " + shape);
            float[] vo2 = new float[n * c];
            vector.layerNormForward(vo2, inp, g, b, n, c, null, null);
            assertArrayEquals(vo, vo2, "layerNormForward without statistics " + shape);
            float[] dout = random(r, n * c);
            float[] vdi = random(r, n * c);                             // all three accumulate
            float[] sdi = vdi.clone();
            float[] vdg = random(r, c), sdg = vdg.clone();
            float[] vdb = random(r, c), sdb = vdb.clone();
            vector.layerNormBackward(vdi, vdg, vdb, dout, inp, g, sm, sr, n, c);
            SCALAR.layerNormBackward(sdi, sdg, sdb, dout, inp, g, sm, sr, n, c);
            close(sdi, vdi, "layerNormBackward dinp " + shape);
            close(sdg, vdg, "layerNormBackward dgamma " + shape);
            close(sdb, vdb, "layerNormBackward dbeta " + shape);
        }
    }

    @Test
    void geluForwardAndBackwardAgreeWithScalarIncludingSaturation() {
        SplittableRandom r = new SplittableRandom(3);
        for (int n : new int[] {64 * 512, 128 * 1024, 128 * 1536, 1001, 15, 1}) {
            float[] x = random(r, n);
            for (int i = 0; i < n; i++) {
                x[i] *= 12;                                             // [-6, 6]: into tanh's flat tails
            }
            if (n > 4) {
                x[0] = 60f;                                             // exp(2u) overflows: tanh -> 1
                x[1] = -60f;                                            // exp(2u) underflows: tanh -> -1
                x[2] = 0f;
            }
            float[] vo = new float[n], so = new float[n];
            vector.geluForward(vo, x, n);
            SCALAR.geluForward(so, x, n);
            close(so, vo, "geluForward n=" + n);
            float[] inPlace = x.clone();
            vector.geluForward(inPlace, inPlace, n);
            assertArrayEquals(vo, inPlace, "geluForward in place n=" + n);
            float[] vd = random(r, n);
            float[] sd = vd.clone();
            vector.geluBackward(vd, x, n);
            SCALAR.geluBackward(sd, x, n);
            close(sd, vd, "geluBackward n=" + n);
        }
    }

    /** Every row of a causal sequence against its prefix, over a fused (T, 3C) qkv, per head. */
    @Test
    void attendAgreesWithScalar() {
        SplittableRandom r = new SplittableRandom(4);
        int[][] shapes = {{64, 128, 4}, {128, 256, 4}, {128, 384, 6}, {37, 48, 2}, {19, 40, 5}, {5, 12, 1}};
        for (int[] s : shapes) {
            int t = s[0], c = s[1], heads = s[2];
            int hd = c / heads;
            float scale = (float) (1.0 / Math.sqrt(hd));
            float[] qkv = random(r, t * 3 * c);
            for (int h = 0; h < heads; h++) {
                float[] vy = new float[t * c], sy = new float[t * c];
                float[] va = new float[t * t], sa = new float[t * t];
                for (int row = 0; row < t; row++) {
                    vector.attend(vy, row * c + h * hd, qkv, row * 3 * c + h * hd, qkv, c + h * hd,
                            qkv, 2 * c + h * hd, 3 * c, row + 1, hd, scale, va, row * t);
                    SCALAR.attend(sy, row * c + h * hd, qkv, row * 3 * c + h * hd, qkv, c + h * hd,
                            qkv, 2 * c + h * hd, 3 * c, row + 1, hd, scale, sa, row * t);
                }
                close(sy, vy, "attend y T=" + t + " C=" + c + " head " + h);
                close(sa, va, "attend probabilities T=" + t + " C=" + c + " head " + h);
            }
        }
    }

    /** (batch, T, C, heads): the presets' training shapes at B = 2, then odd head sizes. */
    static final int[][] ATTENTION = {{2, 64, 128, 4}, {2, 128, 256, 4}, {2, 128, 384, 6},
            {3, 7, 24, 2}, {2, 19, 48, 3}, {1, 33, 40, 5}};

    @Test
    void attentionBackwardAgreesWithScalar() {
        SplittableRandom r = new SplittableRandom(5);
        for (int[] s : ATTENTION) {
            AttentionCase a = new AttentionCase(r, s[0], s[1], s[2], s[3]);
            float[] vd = random(r, a.qkv.length);                      // overwritten
            float[] sd = new float[a.qkv.length];
            vector.attentionBackward(vd, new float[a.batch * a.heads * a.seq], a.datty, a.qkv, a.att,
                    a.batch, a.seq, a.c, a.heads, one);
            SCALAR.attentionBackward(sd, new float[a.batch * a.heads * a.seq], a.datty, a.qkv, a.att,
                    a.batch, a.seq, a.c, a.heads, one);
            close(sd, vd, "attentionBackward " + java.util.Arrays.toString(s));
        }
    }

    @Test
    void theParallelKernelsAreBitIdenticalOnPoolsOfOneTwoAndThreeThreads() {
        SplittableRandom r = new SplittableRandom(6);
        List<int[]> shapes = new ArrayList<>(List.of(new int[] {128, 384, 1152}, new int[] {1, 384, 1536},
                new int[] {256, 1536, 384}, new int[] {128, 384, 100}, new int[] {1, 384, 100},
                new int[] {37, 70, 211}, new int[] {3, 129, 1001}));
        ForkJoinPool[] pools = {new ForkJoinPool(1), new ForkJoinPool(2), new ForkJoinPool(3)};
        try {
            for (int[] s : shapes) {
                int n = s[0], c = s[1], oc = s[2];
                String shape = n + "x" + c + "x" + oc;
                float[] inp = random(r, n * c), w = random(r, oc * c), b = random(r, oc), dout = random(r, n * oc);
                float[] dw0 = random(r, oc * c), db0 = random(r, oc);
                float[][] ref = null;
                for (ForkJoinPool pool : pools) {
                    Parallel par = new Parallel(pool);
                    float[] out = new float[n * oc], di = new float[n * c], dw = dw0.clone(), db = db0.clone();
                    vector.matmulForward(out, inp, w, b, n, c, oc, par);
                    vector.matmulBackward(di, dw, db, dout, inp, w, n, c, oc, par);
                    float[][] got = {out, di, dw, db};
                    if (ref == null) {
                        ref = got;
                    } else {
                        for (int i = 0; i < got.length; i++) {
                            assertArrayEquals(ref[i], got[i], new String[] {"forward", "dinp", "dW", "dbias"}[i]
                                    + " " + shape + " differs on " + pool.getParallelism() + " threads");
                        }
                    }
                }
            }
            for (int[] s : ATTENTION) {
                AttentionCase a = new AttentionCase(r, s[0], s[1], s[2], s[3]);
                float[] ref = null;
                for (ForkJoinPool pool : pools) {
                    float[] d = new float[a.qkv.length];
                    vector.attentionBackward(d, new float[a.batch * a.heads * a.seq], a.datty, a.qkv, a.att,
                            a.batch, a.seq, a.c, a.heads, new Parallel(pool));
                    if (ref == null) {
                        ref = d;
                    } else {
                        assertArrayEquals(ref, d, "attentionBackward " + java.util.Arrays.toString(s)
                                + " differs on " + pool.getParallelism() + " threads");
                    }
                }
            }
        } finally {
            for (ForkJoinPool p : pools) {
                p.shutdown();
            }
        }
    }

    /**
     * Each kernel, on a 1-thread pool (so {@link Parallel} runs the body inline and only the kernel
     * itself could allocate), called until the JIT has compiled it: a batch of warm calls must then
     * allocate 0 bytes. Vector API code allocates a box per vector until C2 has inlined it, so the
     * warm-up is bounded in time, not in calls.
     */
    @Test
    void noKernelAllocatesOnceWarm() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 16, c = 64, oc = 48, c3 = 3 * c, heads = 4, hd = c / heads;
        float[] inp = random(r, n * c), w = random(r, oc * c), b = random(r, oc), out = new float[n * oc];
        float[] dout = random(r, n * oc), di = new float[n * c], dw = new float[oc * c], db = new float[oc];
        float[] row = random(r, c), wide = random(r, 16 * c), single = new float[16];
        float[] lnOut = new float[n * c], mean = new float[n], rstd = new float[n], g = random(r, c), beta = random(r, c);
        float[] lnDin = new float[n * c], lnDout = random(r, n * c), dg = new float[c], dbeta = new float[c];
        float[] x = random(r, n * c), d = random(r, n * c), gOut = new float[n * c];
        AttentionCase a = new AttentionCase(r, 2, n, c, heads);
        float[] dqkv = new float[a.qkv.length], dRow = new float[2 * heads * n];
        float[] y = new float[c], att = new float[n];
        float scale = (float) (1.0 / Math.sqrt(hd));
        assertWarmCallsAllocateNothing("matmulForward", () -> vector.matmulForward(out, inp, w, b, n, c, oc, one));
        assertWarmCallsAllocateNothing("matmulForward T=1", () -> vector.matmulForward(single, row, wide, null, 1, c, 16, one));
        assertWarmCallsAllocateNothing("matmulBackward", () -> vector.matmulBackward(di, dw, db, dout, inp, w, n, c, oc, one));
        assertWarmCallsAllocateNothing("layerNormForward", () -> vector.layerNormForward(lnOut, inp, g, beta, n, c, mean, rstd));
        assertWarmCallsAllocateNothing("layerNormBackward",
                () -> vector.layerNormBackward(lnDin, dg, dbeta, lnDout, inp, g, mean, rstd, n, c));
        assertWarmCallsAllocateNothing("geluForward", () -> vector.geluForward(gOut, x, n * c));
        assertWarmCallsAllocateNothing("geluBackward", () -> vector.geluBackward(d, x, n * c));
        assertWarmCallsAllocateNothing("attend", () -> vector.attend(y, 0, a.qkv, (n - 1) * c3, a.qkv, c, a.qkv, 2 * c,
                c3, n, hd, scale, att, 0));
        assertWarmCallsAllocateNothing("attentionBackward",
                () -> vector.attentionBackward(dqkv, dRow, a.datty, a.qkv, a.att, 2, n, c, heads, one));
    }

    /**
     * What a warm call may allocate: nothing. (Vectors stay in locals of one compiled method; none
     * crosses a call C2 might not inline, so none is boxed.)
     */
    private static final long BOX_BYTES = 0;

    /**
     * A warm forward of whole models on the common pool allocates nothing summed over every thread,
     * the pool's workers included (but for {@link #JOIN_WAITER_BYTES}): JDK 17's common pool erases a worker's thread-locals after each
     * task, so per-thread scratch kept in a ThreadLocal was made again on every call
     * ({@link Parallel.PerThread} instead). Shapes: a preset wide enough for every blocked path.
     * Counted: the calling thread and the common pool's workers, the threads a forward runs on;
     * not the JVM's and surefire's own threads, whose occasional allocations (surefire's
     * reporting, reference handling) made the sum over every thread fail at random. Asserted: the
     * least of the rounds in 30 s, i.e. that a warm steady state exists.
     */
    @Test
    void aWarmModelForwardAllocatesNothingOnAnyThread() {
        for (Preset p : new Preset[] {Preset.TINY, Preset.MEDIUM}) {
            dev.modelkit.model.Transformer m = dev.modelkit.model.Transformer.builder().preset(p).kernels(vector).build();
            int t = p.config().contextLength();
            int[] tokens = new int[t];
            for (int i = 0; i < t; i++) {
                tokens[i] = (i * 7 + 1) % p.config().vocabSize();
            }
            float[] logits = new float[t * p.config().vocabSize()];
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long deadline = System.nanoTime() + 30_000_000_000L;
            long least = Long.MAX_VALUE;
            while (System.nanoTime() < deadline) {
                for (int i = 0; i < 50; i++) {
                    m.forward(tokens, logits);
                }
                long[] ids = forwardThreads();
                long[] before = new long[ids.length];
                long[] after = new long[ids.length];
                allThreads(threads, ids, before);                  // reading the counters allocates nothing
                for (int i = 0; i < 20; i++) {
                    m.forward(tokens, logits);
                }
                allThreads(threads, ids, after);
                long bytes = 0;
                for (int i = 0; i < ids.length; i++) {
                    if (before[i] >= 0 && after[i] >= 0) {
                        bytes += after[i] - before[i];
                    }
                }
                least = Math.min(least, bytes);
                if (least <= 0) {
                    break;
                }
            }
            assertTrue(least <= 20 * JOIN_WAITER_BYTES, p + ": 20 warm forwards still allocated " + least
                    + " bytes over the caller and the common pool's workers (least of the rounds in 30 s); allowed: "
                    + JOIN_WAITER_BYTES + " per forward");
        }
    }

    /**
     * The one object a warm forward may create on a busy machine: when the caller finds a chunk
     * still running on a worker after spinning ({@link Parallel}), the JDK's join blocks and
     * allocates a waiter node (24 B). A re-made scratch buffer (over 1 KB) or boxed vectors (96 B
     * each, thousands per forward) are far larger.
     */
    private static final long JOIN_WAITER_BYTES = 64;

    /** Fills {@code into} with each thread's allocated bytes so far (-1 for one that has ended). */
    /** Ids of the threads a forward on the common pool runs on: this one and the pool's workers. */
    private static long[] forwardThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t == Thread.currentThread() || t.getName().startsWith("ForkJoinPool.commonPool-worker"))
                .mapToLong(Thread::getId).toArray();
    }

    private static void allThreads(com.sun.management.ThreadMXBean threads, long[] ids, long[] into) {
        for (int i = 0; i < ids.length; i++) {
            into[i] = threads.getThreadAllocatedBytes(ids[i]);
        }
    }

    private static void assertWarmCallsAllocateNothing(String kernel, Runnable call) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long deadline = System.nanoTime() + 30_000_000_000L;
        long last = -1;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 2_000; i++) {
                call.run();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                call.run();
            }
            last = threads.getCurrentThreadAllocatedBytes() - before;
            if (last <= 100 * BOX_BYTES) {
                return;
            }
        }
        fail(kernel + ": 100 warm calls still allocated " + last + " bytes after 30 s of warm-up; allowed: "
                + BOX_BYTES + " per call");
    }

    /** A causal attention case: qkv (B, T, 3C), probabilities att (B, H, T, T) from the scalar forward, datty (B, T, C). */
    private static final class AttentionCase {
        final int batch, seq, c, heads;
        final float[] qkv, att, datty;

        AttentionCase(SplittableRandom r, int batch, int seq, int c, int heads) {
            this.batch = batch;
            this.seq = seq;
            this.c = c;
            this.heads = heads;
            int hd = c / heads, c3 = 3 * c;
            float scale = (float) (1.0 / Math.sqrt(hd));
            qkv = random(r, batch * seq * c3);
            for (int i = 0; i < qkv.length; i++) {
                qkv[i] *= 4;                                            // peaked softmax rows
            }
            att = new float[batch * heads * seq * seq];
            float[] y = new float[batch * seq * c];
            for (int b = 0; b < batch; b++) {
                for (int h = 0; h < heads; h++) {
                    int base = b * seq * c3;
                    for (int t = 0; t < seq; t++) {
                        SCALAR.attend(y, (b * seq + t) * c + h * hd, qkv, base + t * c3 + h * hd, qkv, base + c + h * hd,
                                qkv, base + 2 * c + h * hd, c3, t + 1, hd, scale, att, ((b * heads + h) * seq + t) * seq);
                    }
                }
            }
            datty = random(r, batch * seq * c);
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() - 0.5);
        }
        return a;
    }

    /** max |actual - expected| ≤ TOLERANCE · max |expected|, and no NaN where the scalar has none. */
    private static void close(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double maxAbs = 0;
        double maxErr = 0;
        int worst = -1;
        for (int i = 0; i < expected.length; i++) {
            if (Float.isNaN(actual[i]) != Float.isNaN(expected[i])) {
                fail(what + ": element " + i + " is " + actual[i] + ", scalar " + expected[i]);
            }
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
            double err = Math.abs((double) actual[i] - expected[i]);
            if (err > maxErr) {
                maxErr = err;
                worst = i;
            }
        }
        double rel = maxAbs == 0 ? maxErr : maxErr / maxAbs;
        if (Boolean.getBoolean("modelkit.test.printErrors")) {
            System.out.printf("%-55s rel err %.2e%n", what, rel);
        }
        assertTrue(rel <= TOLERANCE, what + ": max |vector - scalar| = " + maxErr + " at " + worst + " ("
                + actual[Math.max(worst, 0)] + " vs " + expected[Math.max(worst, 0)] + "), " + rel
                + " of max |scalar| " + maxAbs + "; allowed " + TOLERANCE);
    }
}
