package dev.modelkit.model.ops;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.util.Arrays;

/**
 * The {@code jdk.incubator.vector} kernel set ({@link Kernels#vector()}), compiled on its own with
 * {@code --add-modules jdk.incubator.vector} and loaded reflectively. L = the preferred species'
 * lanes (16 fp32 on AVX-512).
 *
 * <p><b>Matmul forward</b> from {@link #PACK_ROWS} rows on is the broadcast form
 * ({@link #packedColumns}): each panel of 2L output columns of W is copied transposed, a chunk of
 * the contraction at a time, into a per-thread buffer that stays in L1, and blocks of 8 rows
 * stream past it with 16 accumulators that are never reduced across lanes. The copy costs about
 * one multiply-add per weight, which the rows share. Below that, a dot-product form on W as stored
 * (OC, C), since a copy of W costs as much as the whole product at T = 1: a block of 4 rows by 4
 * outputs keeps 16 vector accumulators over C, reduced together by a butterfly
 * ({@link #transposeSum}) that costs 15 blend-permute-adds instead of 16 serial lane reductions.
 * A single row (T = 1, generation with a KV cache) uses 1 row by 16 outputs, and the split over
 * threads is over blocks of 16 output columns, so it is parallel too. <b>Backward</b> uses the
 * broadcast form, which needs no transpose: dinp (4 rows by 4 vectors over o) and dW (4 outputs by 4 vectors over
 * rows), both with 16 accumulators, the contraction cut into chunks of {@link #CHUNK} so that the
 * streamed panel stays in L1; a chunk resumes from the stored partial sums, so the result is the
 * same as one unbroken sum.
 *
 * <p><b>Fixed order.</b> Every output element is computed by one task; which code path computes
 * it (block or tail) depends only on its index, never on the split, because the splits fall on
 * block boundaries. The broadcast form sums each element in one FMA chain over C (a chunk
 * resumes from the stored partial sum), then adds the bias. Dot products sum lane-wise over C in
 * steps of L with FMA, then reduce the L partial sums by the same XOR butterfly whether one
 * vector or sixteen are reduced (addition is commutative, so the butterfly gives every lane the
 * same tree), then add the C mod L tail and the bias. So results are bit-identical for any pool
 * size.
 *
 * <p><b>No allocation once warm</b> and no mutable state in the instance: per-thread scratch is a
 * {@link Parallel.PerThread} (a ThreadLocal would be erased by the common pool after each task),
 * no vector crosses a call C2 might not inline (that would box it), and the loop bodies handed
 * to {@link Parallel} are task objects owned by the calling thread (a small stack of them, so a
 * kernel that runs inside another one's task on the same thread does not clobber it), filled per
 * call and cleared after, never capturing lambdas. Any number of callers may share one instance.
 *
 * <p>GELU and softmax use {@link #exp(float)}'s polynomial, our own rather than the Vector
 * API's {@code EXP}: that one is SVML in C2-compiled code but {@code Math.exp} per lane before, so
 * its results would change as the JIT warms up. tanh is {@code 1 - 2 / (exp(2u) + 1)} as in the
 * scalar set.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Rows (backward dW) or outputs (backward dinp) per chunk of the contraction. */
    private static final int CHUNK = 128;

    /** Output columns per task unit of the forward: 4 blocks of 4, or one single-row block of 16. */
    private static final int COLS = 16;

    /** Output columns per panel (and task unit) of the broadcast-form forward: 2 vectors. */
    private static final int PANEL = 2 * L;

    /** Rows per block of the broadcast-form forward. */
    private static final int RB = 8;

    /** Contraction steps per packed chunk of W: KC by PANEL floats, 32 KB at L = 16, fits L1. */
    private static final int KC = 256;

    /**
     * From this many rows the forward packs W and uses the broadcast form: the copy costs about
     * one multiply-add per weight, which the rows then share; below it, dot products read W as is.
     */
    static final int PACK_ROWS = 8;

    /** LayerNorm epsilon, as in the scalar set. */
    private static final float EPS = LayerNorm.EPS;   // one constant: Kernels hands off only at this eps

    private static final float SQRT_2_OVER_PI = 0.7978845608f;
    private static final float GELU_COEFF = 0.044715f;

    // Butterfly shuffles and masks for L = 16: XOR_b maps lane l to l ^ b; BIT_b holds the lanes with bit b set.
    private static final VectorShuffle<Float> XOR8 = xor(8);
    private static final VectorShuffle<Float> XOR4 = xor(4);
    private static final VectorShuffle<Float> XOR2 = xor(2);
    private static final VectorShuffle<Float> XOR1 = xor(1);
    private static final VectorMask<Float> BIT8 = bit(8);
    private static final VectorMask<Float> BIT4 = bit(4);
    private static final VectorMask<Float> BIT2 = bit(2);
    private static final VectorMask<Float> BIT1 = bit(1);

    /** Per executing thread: a chunk of W, transposed, for {@link #packedColumns}: (KC, PANEL). */
    private static final Parallel.PerThread<float[]> PACK = new Parallel.PerThread<>(() -> new float[KC * PANEL]);

    /** Per executing thread: 16 accumulators and their 16 sums, for {@link #transposeSum}. */
    private static final Parallel.PerThread<float[]> SCRATCH = new Parallel.PerThread<>(() -> new float[17 * L]);

    /** The per-thread stack of task objects; see the class comment. */
    private static final Parallel.PerThread<Frames> FRAMES = new Parallel.PerThread<>(Frames::new);

    /** Public no-arg constructor: {@link Kernels#vector()} loads the class reflectively. */
    public VectorKernels() {
    }

    @Override
    public String name() {
        return "vector (" + L + " lanes)";
    }

    // ================================================================ matmul

    @Override
    public void matmulForward(float[] out, float[] inp, float[] w, float[] bias, int rows, int c, int oc,
                              Parallel par) {
        Frames frames = FRAMES.get();
        Frame f = frames.enter();
        try {
            boolean packed = rows >= PACK_ROWS;
            int unit = packed ? PANEL : COLS;
            MatmulForward task = f.matmulForward.set(out, inp, w, bias, rows, c, oc, packed);
            par.forRange((oc + unit - 1) / unit, (long) rows * c * unit, task);
        } finally {
            f.matmulForward.clear();
            frames.exit();
        }
    }

    /**
     * Output columns [o0, o1) of every row by the broadcast form; o0 is a multiple of {@link #PANEL}.
     * Per panel of PANEL columns and chunk of {@link #KC} steps of the contraction, that piece of W
     * is copied transposed into a per-thread buffer, (KC, PANEL), which then stays in L1 while every
     * block of {@link #RB} rows streams past it: per step, 2 vector loads and 8 broadcasts feed 16
     * FMAs into accumulators that are never reduced across lanes. Each output element is one FMA
     * chain over i = 0..C-1 (a chunk resumes from the stored partial sum), then + bias, whichever
     * block or tail computes it. The last panel, when narrower than PANEL, takes dot products.
     */
    static void packedColumns(float[] out, float[] inp, float[] w, float[] bias, int rows, int c, int oc,
                              int o0, int o1) {
        float[] pack = PACK.get();
        int cv = S.loopBound(c);
        for (int ob = o0; ob < o1; ob += PANEL) {
            if (o1 - ob < PANEL) {
                float[] scratch = SCRATCH.get();
                for (int t = 0; t < rows; t++) {
                    for (int o = ob; o < o1; o++) {
                        put(out, t * oc + o, dot(inp, t * c, w, o * c, cv, c, scratch), bias, o);
                    }
                }
                break;
            }
            for (int k0 = 0; k0 < c; k0 += KC) {
                int k1 = Math.min(k0 + KC, c);
                packPanel(pack, w, ob, c, k0, k1);
                int t = 0;
                for (; t + RB <= rows; t += RB) {
                    block8x2(out, inp, pack, t, ob, c, oc, k0, k1);
                }
                for (; t < rows; t++) {
                    row1x2(out, inp, pack, t, ob, c, oc, k0, k1);
                }
            }
            if (bias != null) {
                FloatVector b0 = FloatVector.fromArray(S, bias, ob);
                FloatVector b1 = FloatVector.fromArray(S, bias, ob + L);
                for (int t = 0; t < rows; t++) {
                    int y = t * oc + ob;
                    FloatVector.fromArray(S, out, y).add(b0).intoArray(out, y);
                    FloatVector.fromArray(S, out, y + L).add(b1).intoArray(out, y + L);
                }
            }
        }
    }

    /** pack (k1 - k0, PANEL) = W[o, k0..k1) transposed, for the PANEL rows of W from o. */
    private static void packPanel(float[] pack, float[] w, int o, int c, int k0, int k1) {
        for (int j = 0; j < PANEL; j++) {
            int src = (o + j) * c;
            for (int k = k0, p = j; k < k1; k++, p += PANEL) {
                pack[p] = w[src + k];
            }
        }
    }

    /** out[t..t+7, o..o+2L) over steps [k0, k1) of the packed chunk: 16 accumulators. */
    private static void block8x2(float[] out, float[] inp, float[] pack, int t, int o, int c, int oc,
                                 int k0, int k1) {
        int y0 = t * oc + o;                                    // out rows t..t+7, columns o..o+2L
        int y1 = y0 + oc;
        int y2 = y1 + oc;
        int y3 = y2 + oc;
        int y4 = y3 + oc;
        int y5 = y4 + oc;
        int y6 = y5 + oc;
        int y7 = y6 + oc;
        FloatVector a00, a01, a10, a11, a20, a21, a30, a31, a40, a41, a50, a51, a60, a61, a70, a71;
        if (k0 == 0) {
            a00 = a01 = a10 = a11 = a20 = a21 = a30 = a31 = FloatVector.zero(S);
            a40 = a41 = a50 = a51 = a60 = a61 = a70 = a71 = FloatVector.zero(S);
        } else {
            a00 = FloatVector.fromArray(S, out, y0);
            a01 = FloatVector.fromArray(S, out, y0 + L);
            a10 = FloatVector.fromArray(S, out, y1);
            a11 = FloatVector.fromArray(S, out, y1 + L);
            a20 = FloatVector.fromArray(S, out, y2);
            a21 = FloatVector.fromArray(S, out, y2 + L);
            a30 = FloatVector.fromArray(S, out, y3);
            a31 = FloatVector.fromArray(S, out, y3 + L);
            a40 = FloatVector.fromArray(S, out, y4);
            a41 = FloatVector.fromArray(S, out, y4 + L);
            a50 = FloatVector.fromArray(S, out, y5);
            a51 = FloatVector.fromArray(S, out, y5 + L);
            a60 = FloatVector.fromArray(S, out, y6);
            a61 = FloatVector.fromArray(S, out, y6 + L);
            a70 = FloatVector.fromArray(S, out, y7);
            a71 = FloatVector.fromArray(S, out, y7 + L);
        }
        int x0 = t * c;                                         // inp rows t..t+7: (C) each
        int x1 = x0 + c;
        int x2 = x1 + c;
        int x3 = x2 + c;
        int x4 = x3 + c;
        int x5 = x4 + c;
        int x6 = x5 + c;
        int x7 = x6 + c;
        for (int k = k0, p = 0; k < k1; k++, p += PANEL) {
            FloatVector w0 = FloatVector.fromArray(S, pack, p);
            FloatVector w1 = FloatVector.fromArray(S, pack, p + L);
            FloatVector x = FloatVector.broadcast(S, inp[x0 + k]);
            a00 = x.fma(w0, a00);
            a01 = x.fma(w1, a01);
            x = FloatVector.broadcast(S, inp[x1 + k]);
            a10 = x.fma(w0, a10);
            a11 = x.fma(w1, a11);
            x = FloatVector.broadcast(S, inp[x2 + k]);
            a20 = x.fma(w0, a20);
            a21 = x.fma(w1, a21);
            x = FloatVector.broadcast(S, inp[x3 + k]);
            a30 = x.fma(w0, a30);
            a31 = x.fma(w1, a31);
            x = FloatVector.broadcast(S, inp[x4 + k]);
            a40 = x.fma(w0, a40);
            a41 = x.fma(w1, a41);
            x = FloatVector.broadcast(S, inp[x5 + k]);
            a50 = x.fma(w0, a50);
            a51 = x.fma(w1, a51);
            x = FloatVector.broadcast(S, inp[x6 + k]);
            a60 = x.fma(w0, a60);
            a61 = x.fma(w1, a61);
            x = FloatVector.broadcast(S, inp[x7 + k]);
            a70 = x.fma(w0, a70);
            a71 = x.fma(w1, a71);
        }
        a00.intoArray(out, y0);
        a01.intoArray(out, y0 + L);
        a10.intoArray(out, y1);
        a11.intoArray(out, y1 + L);
        a20.intoArray(out, y2);
        a21.intoArray(out, y2 + L);
        a30.intoArray(out, y3);
        a31.intoArray(out, y3 + L);
        a40.intoArray(out, y4);
        a41.intoArray(out, y4 + L);
        a50.intoArray(out, y5);
        a51.intoArray(out, y5 + L);
        a60.intoArray(out, y6);
        a61.intoArray(out, y6 + L);
        a70.intoArray(out, y7);
        a71.intoArray(out, y7 + L);
    }

    /** out[t, o..o+2L) over steps [k0, k1) of the packed chunk: the rows after the last block of 8. */
    private static void row1x2(float[] out, float[] inp, float[] pack, int t, int o, int c, int oc, int k0, int k1) {
        int y = t * oc + o;
        FloatVector a0 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, out, y);
        FloatVector a1 = k0 == 0 ? FloatVector.zero(S) : FloatVector.fromArray(S, out, y + L);
        int x = t * c;
        for (int k = k0, p = 0; k < k1; k++, p += PANEL) {
            FloatVector v = FloatVector.broadcast(S, inp[x + k]);
            a0 = v.fma(FloatVector.fromArray(S, pack, p), a0);
            a1 = v.fma(FloatVector.fromArray(S, pack, p + L), a1);
        }
        a0.intoArray(out, y);
        a1.intoArray(out, y + L);
    }

    /** Output columns [o0, o1) of every row; o0 is a multiple of {@link #COLS}. */
    static void forwardColumns(float[] out, float[] inp, float[] w, float[] bias, int rows, int c, int oc,
                               int o0, int o1) {
        int cv = S.loopBound(c);
        float[] scratch = SCRATCH.get();
        for (int ob = o0; ob < o1; ob += COLS) {
            int oe = Math.min(ob + COLS, o1);                   // this block of W rows stays in L1
            int t = 0;
            for (; t + 4 <= rows; t += 4) {
                int o = ob;
                for (; o + 4 <= oe; o += 4) {
                    block4x4(out, inp, w, bias, t, o, c, cv, oc, scratch);
                }
                for (; o < oe; o++) {
                    for (int r = t; r < t + 4; r++) {
                        put(out, r * oc + o, dot(inp, r * c, w, o * c, cv, c, scratch), bias, o);
                    }
                }
            }
            for (; t < rows; t++) {
                if (L == 16 && oe - ob == 16 && cv == c) {
                    row1x16(out, inp, w, bias, t, ob, c, oc, scratch);
                } else {
                    for (int o = ob; o < oe; o++) {
                        put(out, t * oc + o, dot(inp, t * c, w, o * c, cv, c, scratch), bias, o);
                    }
                }
            }
        }
    }

    /** out[t..t+3, o..o+3]: 16 accumulators over C, reduced together. */
    private static void block4x4(float[] out, float[] inp, float[] w, float[] bias, int t, int o, int c, int cv,
                                 int oc, float[] scratch) {
        int x0 = t * c;                                         // inp rows t..t+3: (C) each
        int x1 = x0 + c;
        int x2 = x1 + c;
        int x3 = x2 + c;
        int w0 = o * c;                                         // W rows o..o+3: (C) each
        int w1 = w0 + c;
        int w2 = w1 + c;
        int w3 = w2 + c;
        FloatVector a00 = FloatVector.zero(S), a01 = FloatVector.zero(S), a02 = FloatVector.zero(S), a03 = FloatVector.zero(S);
        FloatVector a10 = FloatVector.zero(S), a11 = FloatVector.zero(S), a12 = FloatVector.zero(S), a13 = FloatVector.zero(S);
        FloatVector a20 = FloatVector.zero(S), a21 = FloatVector.zero(S), a22 = FloatVector.zero(S), a23 = FloatVector.zero(S);
        FloatVector a30 = FloatVector.zero(S), a31 = FloatVector.zero(S), a32 = FloatVector.zero(S), a33 = FloatVector.zero(S);
        for (int i = 0; i < cv; i += L) {
            FloatVector k0 = FloatVector.fromArray(S, w, w0 + i);
            FloatVector k1 = FloatVector.fromArray(S, w, w1 + i);
            FloatVector k2 = FloatVector.fromArray(S, w, w2 + i);
            FloatVector k3 = FloatVector.fromArray(S, w, w3 + i);
            FloatVector v = FloatVector.fromArray(S, inp, x0 + i);
            a00 = v.fma(k0, a00);
            a01 = v.fma(k1, a01);
            a02 = v.fma(k2, a02);
            a03 = v.fma(k3, a03);
            v = FloatVector.fromArray(S, inp, x1 + i);
            a10 = v.fma(k0, a10);
            a11 = v.fma(k1, a11);
            a12 = v.fma(k2, a12);
            a13 = v.fma(k3, a13);
            v = FloatVector.fromArray(S, inp, x2 + i);
            a20 = v.fma(k0, a20);
            a21 = v.fma(k1, a21);
            a22 = v.fma(k2, a22);
            a23 = v.fma(k3, a23);
            v = FloatVector.fromArray(S, inp, x3 + i);
            a30 = v.fma(k0, a30);
            a31 = v.fma(k1, a31);
            a32 = v.fma(k2, a32);
            a33 = v.fma(k3, a33);
        }
        int r0 = t * oc + o;
        int r1 = r0 + oc;
        int r2 = r1 + oc;
        int r3 = r2 + oc;
        if (L == 16) {
            // scratch[16 L + r*4 + q] = the full sum of a_rq
            // a vector passed to a method C2 does not inline is boxed, so the 16 stores stay here
            a00.intoArray(scratch, 0);
            a01.intoArray(scratch, L);
            a02.intoArray(scratch, 2 * L);
            a03.intoArray(scratch, 3 * L);
            a10.intoArray(scratch, 4 * L);
            a11.intoArray(scratch, 5 * L);
            a12.intoArray(scratch, 6 * L);
            a13.intoArray(scratch, 7 * L);
            a20.intoArray(scratch, 8 * L);
            a21.intoArray(scratch, 9 * L);
            a22.intoArray(scratch, 10 * L);
            a23.intoArray(scratch, 11 * L);
            a30.intoArray(scratch, 12 * L);
            a31.intoArray(scratch, 13 * L);
            a32.intoArray(scratch, 14 * L);
            a33.intoArray(scratch, 15 * L);
            transposeSum(scratch);
            int y = 16 * L;
            put(out, r0, scratch[y], inp, x0, w, w0, cv, c, bias, o);
            put(out, r0 + 1, scratch[y + 1], inp, x0, w, w1, cv, c, bias, o + 1);
            put(out, r0 + 2, scratch[y + 2], inp, x0, w, w2, cv, c, bias, o + 2);
            put(out, r0 + 3, scratch[y + 3], inp, x0, w, w3, cv, c, bias, o + 3);
            put(out, r1, scratch[y + 4], inp, x1, w, w0, cv, c, bias, o);
            put(out, r1 + 1, scratch[y + 5], inp, x1, w, w1, cv, c, bias, o + 1);
            put(out, r1 + 2, scratch[y + 6], inp, x1, w, w2, cv, c, bias, o + 2);
            put(out, r1 + 3, scratch[y + 7], inp, x1, w, w3, cv, c, bias, o + 3);
            put(out, r2, scratch[y + 8], inp, x2, w, w0, cv, c, bias, o);
            put(out, r2 + 1, scratch[y + 9], inp, x2, w, w1, cv, c, bias, o + 1);
            put(out, r2 + 2, scratch[y + 10], inp, x2, w, w2, cv, c, bias, o + 2);
            put(out, r2 + 3, scratch[y + 11], inp, x2, w, w3, cv, c, bias, o + 3);
            put(out, r3, scratch[y + 12], inp, x3, w, w0, cv, c, bias, o);
            put(out, r3 + 1, scratch[y + 13], inp, x3, w, w1, cv, c, bias, o + 1);
            put(out, r3 + 2, scratch[y + 14], inp, x3, w, w2, cv, c, bias, o + 2);
            put(out, r3 + 3, scratch[y + 15], inp, x3, w, w3, cv, c, bias, o + 3);
        } else {
            // each accumulator through memory: a vector passed to a call C2 might not inline is boxed
            a00.intoArray(scratch, 0);
            a01.intoArray(scratch, L);
            a02.intoArray(scratch, 2 * L);
            a03.intoArray(scratch, 3 * L);
            a10.intoArray(scratch, 4 * L);
            a11.intoArray(scratch, 5 * L);
            a12.intoArray(scratch, 6 * L);
            a13.intoArray(scratch, 7 * L);
            a20.intoArray(scratch, 8 * L);
            a21.intoArray(scratch, 9 * L);
            a22.intoArray(scratch, 10 * L);
            a23.intoArray(scratch, 11 * L);
            a30.intoArray(scratch, 12 * L);
            a31.intoArray(scratch, 13 * L);
            a32.intoArray(scratch, 14 * L);
            a33.intoArray(scratch, 15 * L);
            put(out, r0, sumLanes(scratch, 0), inp, x0, w, w0, cv, c, bias, o);
            put(out, r0 + 1, sumLanes(scratch, L), inp, x0, w, w1, cv, c, bias, o + 1);
            put(out, r0 + 2, sumLanes(scratch, 2 * L), inp, x0, w, w2, cv, c, bias, o + 2);
            put(out, r0 + 3, sumLanes(scratch, 3 * L), inp, x0, w, w3, cv, c, bias, o + 3);
            put(out, r1, sumLanes(scratch, 4 * L), inp, x1, w, w0, cv, c, bias, o);
            put(out, r1 + 1, sumLanes(scratch, 5 * L), inp, x1, w, w1, cv, c, bias, o + 1);
            put(out, r1 + 2, sumLanes(scratch, 6 * L), inp, x1, w, w2, cv, c, bias, o + 2);
            put(out, r1 + 3, sumLanes(scratch, 7 * L), inp, x1, w, w3, cv, c, bias, o + 3);
            put(out, r2, sumLanes(scratch, 8 * L), inp, x2, w, w0, cv, c, bias, o);
            put(out, r2 + 1, sumLanes(scratch, 9 * L), inp, x2, w, w1, cv, c, bias, o + 1);
            put(out, r2 + 2, sumLanes(scratch, 10 * L), inp, x2, w, w2, cv, c, bias, o + 2);
            put(out, r2 + 3, sumLanes(scratch, 11 * L), inp, x2, w, w3, cv, c, bias, o + 3);
            put(out, r3, sumLanes(scratch, 12 * L), inp, x3, w, w0, cv, c, bias, o);
            put(out, r3 + 1, sumLanes(scratch, 13 * L), inp, x3, w, w1, cv, c, bias, o + 1);
            put(out, r3 + 2, sumLanes(scratch, 14 * L), inp, x3, w, w2, cv, c, bias, o + 2);
            put(out, r3 + 3, sumLanes(scratch, 15 * L), inp, x3, w, w3, cv, c, bias, o + 3);
        }
    }

    /** out[idx] = reduced lanes + the C mod L tail + bias: the one finishing order of every dot. */
    private static void put(float[] out, int idx, float lanes, float[] a, int aOff, float[] b, int bOff, int cv, int c,
                            float[] bias, int o) {
        put(out, idx, cv == c ? lanes : lanes + tail(a, aOff, b, bOff, cv, c), bias, o);
    }

    private static void put(float[] out, int idx, float dot, float[] bias, int o) {
        out[idx] = bias == null ? dot : dot + bias[o];
    }

    /** out[t, o..o+15] for one row (L = 16, C a multiple of 16): 1 input load per 16 FMAs. */
    private static void row1x16(float[] out, float[] inp, float[] w, float[] bias, int t, int o, int c, int oc,
                                float[] scratch) {
        int x = t * c;
        int w0 = o * c;
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S), a5 = FloatVector.zero(S), a6 = FloatVector.zero(S), a7 = FloatVector.zero(S);
        FloatVector a8 = FloatVector.zero(S), a9 = FloatVector.zero(S), a10 = FloatVector.zero(S), a11 = FloatVector.zero(S);
        FloatVector a12 = FloatVector.zero(S), a13 = FloatVector.zero(S), a14 = FloatVector.zero(S), a15 = FloatVector.zero(S);
        for (int i = 0; i < c; i += L) {
            FloatVector v = FloatVector.fromArray(S, inp, x + i);
            int k = w0 + i;
            a0 = v.fma(FloatVector.fromArray(S, w, k), a0);
            a1 = v.fma(FloatVector.fromArray(S, w, k + c), a1);
            a2 = v.fma(FloatVector.fromArray(S, w, k + 2 * c), a2);
            a3 = v.fma(FloatVector.fromArray(S, w, k + 3 * c), a3);
            a4 = v.fma(FloatVector.fromArray(S, w, k + 4 * c), a4);
            a5 = v.fma(FloatVector.fromArray(S, w, k + 5 * c), a5);
            a6 = v.fma(FloatVector.fromArray(S, w, k + 6 * c), a6);
            a7 = v.fma(FloatVector.fromArray(S, w, k + 7 * c), a7);
            a8 = v.fma(FloatVector.fromArray(S, w, k + 8 * c), a8);
            a9 = v.fma(FloatVector.fromArray(S, w, k + 9 * c), a9);
            a10 = v.fma(FloatVector.fromArray(S, w, k + 10 * c), a10);
            a11 = v.fma(FloatVector.fromArray(S, w, k + 11 * c), a11);
            a12 = v.fma(FloatVector.fromArray(S, w, k + 12 * c), a12);
            a13 = v.fma(FloatVector.fromArray(S, w, k + 13 * c), a13);
            a14 = v.fma(FloatVector.fromArray(S, w, k + 14 * c), a14);
            a15 = v.fma(FloatVector.fromArray(S, w, k + 15 * c), a15);
        }
        // a vector passed to a method C2 does not inline is boxed, so the 16 stores stay here
        a0.intoArray(scratch, 0);
        a1.intoArray(scratch, L);
        a2.intoArray(scratch, 2 * L);
        a3.intoArray(scratch, 3 * L);
        a4.intoArray(scratch, 4 * L);
        a5.intoArray(scratch, 5 * L);
        a6.intoArray(scratch, 6 * L);
        a7.intoArray(scratch, 7 * L);
        a8.intoArray(scratch, 8 * L);
        a9.intoArray(scratch, 9 * L);
        a10.intoArray(scratch, 10 * L);
        a11.intoArray(scratch, 11 * L);
        a12.intoArray(scratch, 12 * L);
        a13.intoArray(scratch, 13 * L);
        a14.intoArray(scratch, 14 * L);
        a15.intoArray(scratch, 15 * L);
        transposeSum(scratch);
        FloatVector y = FloatVector.fromArray(S, scratch, 16 * L);
        if (bias != null) {
            y = y.add(FloatVector.fromArray(S, bias, o));
        }
        y.intoArray(out, t * oc + o);
    }

    /**
     * dinp (N, C) = dout · W (overwritten, skipped when null); dW += dout^T · inp and dbias +=
     * column sums of dout (accumulated). Each half is its own parallel loop.
     */
    @Override
    public void matmulBackward(float[] dinp, float[] dw, float[] dbias, float[] dout, float[] inp, float[] w,
                               int rows, int c, int oc, Parallel par) {
        Frames frames = FRAMES.get();
        Frame f = frames.enter();
        try {
            if (dinp != null) {
                par.forRange((rows + 3) / 4, 4L * c * oc, f.inputGrad.set(dinp, dout, w, rows, c, oc));
            }
            par.forRange((oc + 3) / 4, 4L * rows * c, f.weightGrad.set(dw, dbias, dout, inp, rows, c, oc));
        } finally {
            f.inputGrad.clear();
            f.weightGrad.clear();
            frames.exit();
        }
    }

    /**
     * Rows [t0, t1) of dinp = dout (N, OC) · W (OC, C): 4 rows by 4 vectors of C, summed over o
     * in chunks of {@link #CHUNK} (that chunk of W, CHUNK by 4L floats, stays in L1 across rows).
     */
    static void inputGradRows(float[] dinp, float[] dout, float[] w, int c, int oc, int t0, int t1) {
        int cv = S.loopBound(c);
        for (int oStart = 0; oStart < oc; oStart += CHUNK) {
            int oEnd = Math.min(oStart + CHUNK, oc);
            boolean first = oStart == 0;
            int i = 0;
            for (; i + 4 * L <= cv; i += 4 * L) {
                int t = t0;
                for (; t + 4 <= t1; t += 4) {
                    dinpBlock4x4(dinp, dout, w, c, oc, t, i, oStart, oEnd, first);
                }
                for (; t < t1; t++) {
                    for (int j = i; j < i + 4 * L; j += L) {
                        dinpVector(dinp, dout, w, c, oc, t, j, oStart, oEnd, first);
                    }
                }
            }
            for (; i < cv; i += L) {
                for (int t = t0; t < t1; t++) {
                    dinpVector(dinp, dout, w, c, oc, t, i, oStart, oEnd, first);
                }
            }
            for (; i < c; i++) {
                for (int t = t0; t < t1; t++) {
                    float acc = first ? 0f : dinp[t * c + i];
                    for (int o = oStart; o < oEnd; o++) {
                        acc = Math.fma(dout[t * oc + o], w[o * c + i], acc);
                    }
                    dinp[t * c + i] = acc;
                }
            }
        }
    }

    private static void dinpBlock4x4(float[] dinp, float[] dout, float[] w, int c, int oc, int t, int i,
                                     int oStart, int oEnd, boolean first) {
        int d0 = t * c + i;                                     // dinp[t..t+3, i..i+4L)
        int d1 = d0 + c;
        int d2 = d1 + c;
        int d3 = d2 + c;
        FloatVector a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23, a30, a31, a32, a33;
        if (first) {
            a00 = a01 = a02 = a03 = a10 = a11 = a12 = a13 = FloatVector.zero(S);
            a20 = a21 = a22 = a23 = a30 = a31 = a32 = a33 = FloatVector.zero(S);
        } else {
            a00 = FloatVector.fromArray(S, dinp, d0);
            a01 = FloatVector.fromArray(S, dinp, d0 + L);
            a02 = FloatVector.fromArray(S, dinp, d0 + 2 * L);
            a03 = FloatVector.fromArray(S, dinp, d0 + 3 * L);
            a10 = FloatVector.fromArray(S, dinp, d1);
            a11 = FloatVector.fromArray(S, dinp, d1 + L);
            a12 = FloatVector.fromArray(S, dinp, d1 + 2 * L);
            a13 = FloatVector.fromArray(S, dinp, d1 + 3 * L);
            a20 = FloatVector.fromArray(S, dinp, d2);
            a21 = FloatVector.fromArray(S, dinp, d2 + L);
            a22 = FloatVector.fromArray(S, dinp, d2 + 2 * L);
            a23 = FloatVector.fromArray(S, dinp, d2 + 3 * L);
            a30 = FloatVector.fromArray(S, dinp, d3);
            a31 = FloatVector.fromArray(S, dinp, d3 + L);
            a32 = FloatVector.fromArray(S, dinp, d3 + 2 * L);
            a33 = FloatVector.fromArray(S, dinp, d3 + 3 * L);
        }
        int g0 = t * oc;                                        // dout rows t..t+3: (OC) each
        int g1 = g0 + oc;
        int g2 = g1 + oc;
        int g3 = g2 + oc;
        for (int o = oStart; o < oEnd; o++) {
            int k = o * c + i;                                  // W[o, i..i+4L)
            FloatVector k0 = FloatVector.fromArray(S, w, k);
            FloatVector k1 = FloatVector.fromArray(S, w, k + L);
            FloatVector k2 = FloatVector.fromArray(S, w, k + 2 * L);
            FloatVector k3 = FloatVector.fromArray(S, w, k + 3 * L);
            FloatVector g = FloatVector.broadcast(S, dout[g0 + o]);
            a00 = g.fma(k0, a00);
            a01 = g.fma(k1, a01);
            a02 = g.fma(k2, a02);
            a03 = g.fma(k3, a03);
            g = FloatVector.broadcast(S, dout[g1 + o]);
            a10 = g.fma(k0, a10);
            a11 = g.fma(k1, a11);
            a12 = g.fma(k2, a12);
            a13 = g.fma(k3, a13);
            g = FloatVector.broadcast(S, dout[g2 + o]);
            a20 = g.fma(k0, a20);
            a21 = g.fma(k1, a21);
            a22 = g.fma(k2, a22);
            a23 = g.fma(k3, a23);
            g = FloatVector.broadcast(S, dout[g3 + o]);
            a30 = g.fma(k0, a30);
            a31 = g.fma(k1, a31);
            a32 = g.fma(k2, a32);
            a33 = g.fma(k3, a33);
        }
        a00.intoArray(dinp, d0);
        a01.intoArray(dinp, d0 + L);
        a02.intoArray(dinp, d0 + 2 * L);
        a03.intoArray(dinp, d0 + 3 * L);
        a10.intoArray(dinp, d1);
        a11.intoArray(dinp, d1 + L);
        a12.intoArray(dinp, d1 + 2 * L);
        a13.intoArray(dinp, d1 + 3 * L);
        a20.intoArray(dinp, d2);
        a21.intoArray(dinp, d2 + L);
        a22.intoArray(dinp, d2 + 2 * L);
        a23.intoArray(dinp, d2 + 3 * L);
        a30.intoArray(dinp, d3);
        a31.intoArray(dinp, d3 + L);
        a32.intoArray(dinp, d3 + 2 * L);
        a33.intoArray(dinp, d3 + 3 * L);
    }

    /** dinp[t, i..i+L) over o in [oStart, oEnd): the tail form, same order per element. */
    private static void dinpVector(float[] dinp, float[] dout, float[] w, int c, int oc, int t, int i,
                                   int oStart, int oEnd, boolean first) {
        int d = t * c + i;
        FloatVector acc = first ? FloatVector.zero(S) : FloatVector.fromArray(S, dinp, d);
        for (int o = oStart; o < oEnd; o++) {
            acc = FloatVector.broadcast(S, dout[t * oc + o]).fma(FloatVector.fromArray(S, w, o * c + i), acc);
        }
        acc.intoArray(dinp, d);
    }

    /**
     * Rows [o0, o1) of dW (OC, C) += dout^T · inp and dbias[o0, o1) += column sums of dout:
     * 4 outputs by 4 vectors of C, summed over the N rows in chunks of {@link #CHUNK} (that chunk of
     * inp, CHUNK by 4L floats, stays in L1 across outputs). Each chunk resumes from the stored
     * partial sums, so dW[o, i] = dW + sum over t in order, one FMA chain.
     */
    static void weightGradRows(float[] dw, float[] dbias, float[] dout, float[] inp, int rows, int c, int oc,
                               int o0, int o1) {
        if (dbias != null) {
            int o = o0;
            for (; o + L <= o1; o += L) {
                FloatVector db = FloatVector.zero(S);
                for (int t = 0; t < rows; t++) {
                    db = db.add(FloatVector.fromArray(S, dout, t * oc + o));
                }
                db.add(FloatVector.fromArray(S, dbias, o)).intoArray(dbias, o);
            }
            for (; o < o1; o++) {
                float db = 0;
                for (int t = 0; t < rows; t++) {
                    db += dout[t * oc + o];
                }
                dbias[o] = db + dbias[o];
            }
        }
        int cv = S.loopBound(c);
        for (int tStart = 0; tStart < rows; tStart += CHUNK) {
            int tEnd = Math.min(tStart + CHUNK, rows);
            int i = 0;
            for (; i + 4 * L <= cv; i += 4 * L) {
                int o = o0;
                for (; o + 4 <= o1; o += 4) {
                    dwBlock4x4(dw, dout, inp, c, oc, o, i, tStart, tEnd);
                }
                for (; o < o1; o++) {
                    for (int j = i; j < i + 4 * L; j += L) {
                        dwVector(dw, dout, inp, c, oc, o, j, tStart, tEnd);
                    }
                }
            }
            for (; i < cv; i += L) {
                for (int o = o0; o < o1; o++) {
                    dwVector(dw, dout, inp, c, oc, o, i, tStart, tEnd);
                }
            }
            for (; i < c; i++) {
                for (int o = o0; o < o1; o++) {
                    float acc = dw[o * c + i];
                    for (int t = tStart; t < tEnd; t++) {
                        acc = Math.fma(dout[t * oc + o], inp[t * c + i], acc);
                    }
                    dw[o * c + i] = acc;
                }
            }
        }
    }

    private static void dwBlock4x4(float[] dw, float[] dout, float[] inp, int c, int oc, int o, int i,
                                   int tStart, int tEnd) {
        int r0 = o * c + i;                                     // dW[o..o+3, i..i+4L)
        int r1 = r0 + c;
        int r2 = r1 + c;
        int r3 = r2 + c;
        FloatVector a00 = FloatVector.fromArray(S, dw, r0);
        FloatVector a01 = FloatVector.fromArray(S, dw, r0 + L);
        FloatVector a02 = FloatVector.fromArray(S, dw, r0 + 2 * L);
        FloatVector a03 = FloatVector.fromArray(S, dw, r0 + 3 * L);
        FloatVector a10 = FloatVector.fromArray(S, dw, r1);
        FloatVector a11 = FloatVector.fromArray(S, dw, r1 + L);
        FloatVector a12 = FloatVector.fromArray(S, dw, r1 + 2 * L);
        FloatVector a13 = FloatVector.fromArray(S, dw, r1 + 3 * L);
        FloatVector a20 = FloatVector.fromArray(S, dw, r2);
        FloatVector a21 = FloatVector.fromArray(S, dw, r2 + L);
        FloatVector a22 = FloatVector.fromArray(S, dw, r2 + 2 * L);
        FloatVector a23 = FloatVector.fromArray(S, dw, r2 + 3 * L);
        FloatVector a30 = FloatVector.fromArray(S, dw, r3);
        FloatVector a31 = FloatVector.fromArray(S, dw, r3 + L);
        FloatVector a32 = FloatVector.fromArray(S, dw, r3 + 2 * L);
        FloatVector a33 = FloatVector.fromArray(S, dw, r3 + 3 * L);
        for (int t = tStart; t < tEnd; t++) {
            int x = t * c + i;                                  // inp[t, i..i+4L)
            FloatVector x0 = FloatVector.fromArray(S, inp, x);
            FloatVector x1 = FloatVector.fromArray(S, inp, x + L);
            FloatVector x2 = FloatVector.fromArray(S, inp, x + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, inp, x + 3 * L);
            int g = t * oc + o;                                 // dout[t, o..o+3]
            FloatVector d = FloatVector.broadcast(S, dout[g]);
            a00 = d.fma(x0, a00);
            a01 = d.fma(x1, a01);
            a02 = d.fma(x2, a02);
            a03 = d.fma(x3, a03);
            d = FloatVector.broadcast(S, dout[g + 1]);
            a10 = d.fma(x0, a10);
            a11 = d.fma(x1, a11);
            a12 = d.fma(x2, a12);
            a13 = d.fma(x3, a13);
            d = FloatVector.broadcast(S, dout[g + 2]);
            a20 = d.fma(x0, a20);
            a21 = d.fma(x1, a21);
            a22 = d.fma(x2, a22);
            a23 = d.fma(x3, a23);
            d = FloatVector.broadcast(S, dout[g + 3]);
            a30 = d.fma(x0, a30);
            a31 = d.fma(x1, a31);
            a32 = d.fma(x2, a32);
            a33 = d.fma(x3, a33);
        }
        a00.intoArray(dw, r0);
        a01.intoArray(dw, r0 + L);
        a02.intoArray(dw, r0 + 2 * L);
        a03.intoArray(dw, r0 + 3 * L);
        a10.intoArray(dw, r1);
        a11.intoArray(dw, r1 + L);
        a12.intoArray(dw, r1 + 2 * L);
        a13.intoArray(dw, r1 + 3 * L);
        a20.intoArray(dw, r2);
        a21.intoArray(dw, r2 + L);
        a22.intoArray(dw, r2 + 2 * L);
        a23.intoArray(dw, r2 + 3 * L);
        a30.intoArray(dw, r3);
        a31.intoArray(dw, r3 + L);
        a32.intoArray(dw, r3 + 2 * L);
        a33.intoArray(dw, r3 + 3 * L);
    }

    /** dW[o, i..i+L) over rows [tStart, tEnd): the tail form, same order per element. */
    private static void dwVector(float[] dw, float[] dout, float[] inp, int c, int oc, int o, int i,
                                 int tStart, int tEnd) {
        int r = o * c + i;
        FloatVector acc = FloatVector.fromArray(S, dw, r);
        for (int t = tStart; t < tEnd; t++) {
            acc = FloatVector.broadcast(S, dout[t * oc + o]).fma(FloatVector.fromArray(S, inp, t * c + i), acc);
        }
        acc.intoArray(dw, r);
    }

    // ================================================================ LayerNorm

    @Override
    public void layerNormForward(float[] out, float[] inp, float[] gamma, float[] beta, int rows, int c,
                                 float[] mean, float[] rstd) {
        float[] lanes = SCRATCH.get();
        int cv = S.loopBound(c);
        for (int t = 0; t < rows; t++) {
            int off = t * c;
            FloatVector acc = FloatVector.zero(S);
            for (int i = 0; i < cv; i += L) {
                acc = acc.add(FloatVector.fromArray(S, inp, off + i));
            }
            acc.intoArray(lanes, 0);
            float sum = sumLanes(lanes, 0);
            for (int i = cv; i < c; i++) {
                sum += inp[off + i];
            }
            float m = sum / c;
            FloatVector mv = FloatVector.broadcast(S, m);
            acc = FloatVector.zero(S);
            for (int i = 0; i < cv; i += L) {
                FloatVector d = FloatVector.fromArray(S, inp, off + i).sub(mv);
                acc = d.fma(d, acc);
            }
            acc.intoArray(lanes, 0);
            float var = sumLanes(lanes, 0);
            for (int i = cv; i < c; i++) {
                float d = inp[off + i] - m;
                var = Math.fma(d, d, var);
            }
            float s = (float) (1.0 / Math.sqrt(var / c + EPS));
            FloatVector sv = FloatVector.broadcast(S, s);
            for (int i = 0; i < cv; i += L) {
                FloatVector n = FloatVector.fromArray(S, inp, off + i).sub(mv).mul(sv);
                n.fma(FloatVector.fromArray(S, gamma, i), FloatVector.fromArray(S, beta, i)).intoArray(out, off + i);
            }
            for (int i = cv; i < c; i++) {
                out[off + i] = Math.fma((inp[off + i] - m) * s, gamma[i], beta[i]);
            }
            if (mean != null) {
                mean[t] = m;
                rstd[t] = s;
            }
        }
    }

    /** Serial, as the scalar set: the per-column sums over rows are then in a fixed order. */
    @Override
    public void layerNormBackward(float[] dinp, float[] dgamma, float[] dbeta, float[] dout, float[] inp,
                                  float[] gamma, float[] mean, float[] rstd, int rows, int c) {
        float[] lanes = SCRATCH.get();
        int cv = S.loopBound(c);
        for (int t = 0; t < rows; t++) {
            int off = t * c;
            float m = mean[t];
            float s = rstd[t];
            FloatVector mv = FloatVector.broadcast(S, m);
            FloatVector sv = FloatVector.broadcast(S, s);
            // Two reductions over the row: mean(dn) and mean(dn * n), with n = (x - mean) rstd, dn = gamma dy.
            FloatVector dnAcc = FloatVector.zero(S);
            FloatVector dnNormAcc = FloatVector.zero(S);
            for (int i = 0; i < cv; i += L) {
                FloatVector n = FloatVector.fromArray(S, inp, off + i).sub(mv).mul(sv);
                FloatVector dn = FloatVector.fromArray(S, gamma, i).mul(FloatVector.fromArray(S, dout, off + i));
                dnAcc = dnAcc.add(dn);
                dnNormAcc = dn.fma(n, dnNormAcc);
            }
            dnAcc.intoArray(lanes, 0);
            float dnMean = sumLanes(lanes, 0);
            dnNormAcc.intoArray(lanes, 0);
            float dnNormMean = sumLanes(lanes, 0);
            for (int i = cv; i < c; i++) {
                float n = (inp[off + i] - m) * s;
                float dn = gamma[i] * dout[off + i];
                dnMean += dn;
                dnNormMean = Math.fma(dn, n, dnNormMean);
            }
            dnMean /= c;
            dnNormMean /= c;
            FloatVector dnMeanV = FloatVector.broadcast(S, dnMean);
            FloatVector dnNormMeanV = FloatVector.broadcast(S, dnNormMean);
            for (int i = 0; i < cv; i += L) {
                FloatVector dy = FloatVector.fromArray(S, dout, off + i);
                FloatVector n = FloatVector.fromArray(S, inp, off + i).sub(mv).mul(sv);
                FloatVector dn = FloatVector.fromArray(S, gamma, i).mul(dy);
                FloatVector.fromArray(S, dbeta, i).add(dy).intoArray(dbeta, i);
                n.fma(dy, FloatVector.fromArray(S, dgamma, i)).intoArray(dgamma, i);
                // dinp += s (dn - dnMean - n dnNormMean)
                FloatVector g = n.neg().fma(dnNormMeanV, dn.sub(dnMeanV));
                g.fma(sv, FloatVector.fromArray(S, dinp, off + i)).intoArray(dinp, off + i);
            }
            for (int i = cv; i < c; i++) {
                float dy = dout[off + i];
                float n = (inp[off + i] - m) * s;
                float dn = gamma[i] * dy;
                dbeta[i] += dy;
                dgamma[i] = Math.fma(n, dy, dgamma[i]);
                dinp[off + i] = Math.fma(Math.fma(-n, dnNormMean, dn - dnMean), s, dinp[off + i]);
            }
        }
    }

    // ================================================================ GELU

    @Override
    public void geluForward(float[] out, float[] inp, int n) {
        int nv = S.loopBound(n);
        int i = 0;
        for (; i < nv; i += L) {
            FloatVector x = FloatVector.fromArray(S, inp, i);
            // tanh(u) = 1 - 2 / (exp(2u) + 1), exp written out (see softmax): no vector crosses a call
            FloatVector u2 = x.mul(x).fma(FloatVector.broadcast(S, 2f * SQRT_2_OVER_PI * GELU_COEFF),
                    FloatVector.broadcast(S, 2f * SQRT_2_OVER_PI)).mul(x).max(EXP_LO).min(EXP_HI);   // 2u
            FloatVector t = u2.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND));
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), u2);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(S, 1f / 720), FloatVector.broadcast(S, 1f / 120));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
            p = p.fma(r, FloatVector.broadcast(S, 0.5f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            FloatVector e = p.mul(t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats());
            FloatVector th = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
            x.mul(0.5f).mul(th.add(1f)).intoArray(out, i);
        }
        for (; i < n; i++) {
            float x = inp[i];
            out[i] = x * 0.5f * (tanhOfGeluArg(x) + 1f);
        }
    }

    /** gelu'(x) = 0.5 (1 + tanh u) + 0.5 x (1 - tanh^2 u) sqrt(2/pi) (1 + 3 · 0.044715 x^2). */
    @Override
    public void geluBackward(float[] d, float[] x, int n) {
        int nv = S.loopBound(n);
        int i = 0;
        for (; i < nv; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, i);
            // tanh(u) = 1 - 2 / (exp(2u) + 1), exp written out (see softmax): no vector crosses a call
            FloatVector u2 = xv.mul(xv).fma(FloatVector.broadcast(S, 2f * SQRT_2_OVER_PI * GELU_COEFF),
                    FloatVector.broadcast(S, 2f * SQRT_2_OVER_PI)).mul(xv).max(EXP_LO).min(EXP_HI);   // 2u
            FloatVector t = u2.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND));
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), u2);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(S, 1f / 720), FloatVector.broadcast(S, 1f / 120));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
            p = p.fma(r, FloatVector.broadcast(S, 0.5f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            FloatVector e = p.mul(t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats());
            FloatVector th = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
            FloatVector half = xv.mul(0.5f);
            FloatVector slope = xv.mul(xv).fma(FloatVector.broadcast(S, 3f * GELU_COEFF * SQRT_2_OVER_PI),
                    FloatVector.broadcast(S, SQRT_2_OVER_PI));
            FloatVector sech2 = th.neg().fma(th, FloatVector.broadcast(S, 1f));
            FloatVector local = half.mul(sech2).fma(slope, th.add(1f).mul(0.5f));
            local.mul(FloatVector.fromArray(S, d, i)).intoArray(d, i);
        }
        for (; i < n; i++) {                                   // the same operations lane by lane
            float xi = x[i];
            float th = tanhOfGeluArg(xi);
            float slope = Math.fma(xi * xi, 3f * GELU_COEFF * SQRT_2_OVER_PI, SQRT_2_OVER_PI);
            float sech2 = Math.fma(-th, th, 1f);
            float local = Math.fma(xi * 0.5f * sech2, slope, (th + 1f) * 0.5f);
            d[i] = local * d[i];
        }
    }

    /**
     * tanh(sqrt(2/pi) (x + 0.044715 x^3)) as 1 - 2 / (exp(2u) + 1), saturating to ±1, never NaN;
     * for one lane, operation for operation as the vector loops of GELU (with 2u clamped as exp does).
     */
    private static float tanhOfGeluArg(float x) {
        float u2 = Math.fma(x * x, 2f * SQRT_2_OVER_PI * GELU_COEFF, 2f * SQRT_2_OVER_PI) * x;
        return 1f - 2f / (exp(u2) + 1f);
    }

    // ---- exp: our own, because the Vector API's EXP is SVML in C2-compiled code but Math.exp per
    // lane before that, so its results would depend on the JIT's progress; this one uses only
    // correctly rounded operations (add, mul, FMA), hence gives the same bits in every mode.
    // exp(x) = 2^n e^r, n = round(x / ln 2), r = x - n ln 2 in [-ln2/2, ln2/2], e^r by its Taylor
    // polynomial to r^6 (truncation below 1.2e-7 relative, about 1 ulp). x is clamped to
    // [-87, 88] so that 2^n stays a normal float: exp(-87) ~ 1.6e-38 stands for 0 and exp(88) ~
    // 1.7e38 for overflow, which the callers (softmax, 1 - 2 / (e + 1)) need.

    private static final float EXP_LO = -87f;
    private static final float EXP_HI = 88f;
    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693359375f;          // ln 2 = LN2_HI + LN2_LO; LN2_HI has 9 bits, so n LN2_HI is exact
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 · 2^23: adding it rounds to an integer, which then sits in the low mantissa bits. */
    private static final float ROUND = 12582912f;
    private static final int ROUND_BITS = 0x4B400000;

    /**
     * exp for one lane. The vector form is written out, operation for operation, where it is used
     * (softmax and the two GELU loops) rather than called: a vector passed to or returned from a
     * method C2 does not inline is boxed, and whether C2 inlines a helper depends on the caller's size.
     */
    static float exp(float x) {
        x = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = Math.fma(x, LOG2E, ROUND);
        float n = t - ROUND;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, 1f / 720, 1f / 120);
        p = Math.fma(p, r, 1f / 24);
        p = Math.fma(p, r, 1f / 6);
        p = Math.fma(p, r, 0.5f);
        p = Math.fma(p, r, 1f);
        p = Math.fma(p, r, 1f);
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(t) - (ROUND_BITS - 127)) << 23);
    }

    // ================================================================ attention

    @Override
    public void attend(float[] y, int yOff, float[] q, int qOff, float[] k, int kOff, float[] v, int vOff,
                       int stride, int n, int hd, float scale, float[] att, int attOff) {
        // Three calls that pass arrays only: one compiled unit holding all three would exceed C2's
        // inlining budget, and a vector crossing a call that is not inlined is boxed.
        dots(att, attOff, q, qOff, k, kOff, stride, n, hd, scale);
        softmax(att, attOff, n);
        weightedRows(y, yOff, att, attOff, v, vOff, stride, n, hd);
    }

    /** att[off, off + n) <- softmax of itself. */
    private static void softmax(float[] att, int attOff, int n) {
        float[] lanes = SCRATCH.get();
        int nv = S.loopBound(n);
        FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int s = 0; s < nv; s += L) {
            mx = mx.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, att, attOff + s));
        }
        float max = mx.reduceLanes(VectorOperators.MAX);        // exact: max does not round
        for (int s = nv; s < n; s++) {
            max = Math.max(max, att[attOff + s]);
        }
        FloatVector mv = FloatVector.broadcast(S, max);
        FloatVector sumV = FloatVector.zero(S);
        for (int s = 0; s < nv; s += L) {
            // exp(FloatVector) written out: inlined into attend, softmax's own calls could meet
            // C2's node-count cutoff, and a vector passed to a call not inlined is boxed. Its size
            // (over FreqInlineSize) also keeps softmax a compiled unit of its own.
            FloatVector x = FloatVector.fromArray(S, att, attOff + s).sub(mv).max(EXP_LO).min(EXP_HI);
            FloatVector t = x.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUND));
            FloatVector k = t.sub(ROUND);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), x);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(S, 1f / 720), FloatVector.broadcast(S, 1f / 120));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 24));
            p = p.fma(r, FloatVector.broadcast(S, 1f / 6));
            p = p.fma(r, FloatVector.broadcast(S, 0.5f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            FloatVector e = p.mul(t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats());
            e.intoArray(att, attOff + s);
            sumV = sumV.add(e);
        }
        sumV.intoArray(lanes, 0);
        float sum = sumLanes(lanes, 0);
        for (int s = nv; s < n; s++) {
            float e = exp(att[attOff + s] - max);
            att[attOff + s] = e;
            sum += e;
        }
        float inv = 1f / sum;
        FloatVector invV = FloatVector.broadcast(S, inv);
        for (int s = 0; s < nv; s += L) {
            FloatVector.fromArray(S, att, attOff + s).mul(invV).intoArray(att, attOff + s);
        }
        for (int s = nv; s < n; s++) {
            att[attOff + s] *= inv;
        }
    }

    /** y[yOff, +hd) = sum_s p[pOff + s] v[vOff + s·stride, +hd), each lane one FMA chain over s. */
    private static void weightedRows(float[] y, int yOff, float[] att, int attOff, float[] v, int vOff, int stride,
                                     int n, int hd) {
        int hv = S.loopBound(hd);
        int i = 0;
        for (; i + 2 * L <= hv; i += 2 * L) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            for (int s = 0; s < n; s++) {
                FloatVector p = FloatVector.broadcast(S, att[attOff + s]);
                int vo = vOff + s * stride + i;
                a0 = p.fma(FloatVector.fromArray(S, v, vo), a0);
                a1 = p.fma(FloatVector.fromArray(S, v, vo + L), a1);
            }
            a0.intoArray(y, yOff + i);
            a1.intoArray(y, yOff + i + L);
        }
        for (; i < hv; i += L) {
            FloatVector a0 = FloatVector.zero(S);
            for (int s = 0; s < n; s++) {
                a0 = FloatVector.broadcast(S, att[attOff + s]).fma(FloatVector.fromArray(S, v, vOff + s * stride + i), a0);
            }
            a0.intoArray(y, yOff + i);
        }
        for (; i < hd; i++) {
            float acc = 0;
            for (int s = 0; s < n; s++) {
                acc = Math.fma(att[attOff + s], v[vOff + s * stride + i], acc);
            }
            y[yOff + i] = acc;
        }
    }

    /**
     * out[outOff + s] = scale · (q · k_s) for s in [0, n), k_s at kOff + s·stride: 16 keys at a
     * time with one transposed reduction when L = 16 and hd is a multiple of it.
     */
    private static void dots(float[] out, int outOff, float[] q, int qOff, float[] k, int kOff, int stride, int n,
                             int hd, float scale) {
        int hv = S.loopBound(hd);
        int s = 0;
        float[] scratch = SCRATCH.get();
        if (L == 16 && hv == hd) {
            for (; s + 16 <= n; s += 16) {
                keys16(q, qOff, k, kOff + s * stride, stride, hd, scratch);
                FloatVector.fromArray(S, scratch, 16 * L).mul(scale).intoArray(out, outOff + s);
            }
        }
        for (; s < n; s++) {
            out[outOff + s] = dot(q, qOff, k, kOff + s * stride, hv, hd, scratch) * scale;
        }
    }

    /** scratch[16 L + j] = q · k_j for the 16 keys starting at kOff (L = 16, hd a multiple of 16). */
    private static void keys16(float[] q, int qOff, float[] k, int kOff, int stride, int hd, float[] scratch) {
        FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S), a2 = FloatVector.zero(S), a3 = FloatVector.zero(S);
        FloatVector a4 = FloatVector.zero(S), a5 = FloatVector.zero(S), a6 = FloatVector.zero(S), a7 = FloatVector.zero(S);
        FloatVector a8 = FloatVector.zero(S), a9 = FloatVector.zero(S), a10 = FloatVector.zero(S), a11 = FloatVector.zero(S);
        FloatVector a12 = FloatVector.zero(S), a13 = FloatVector.zero(S), a14 = FloatVector.zero(S), a15 = FloatVector.zero(S);
        for (int i = 0; i < hd; i += L) {
            FloatVector x = FloatVector.fromArray(S, q, qOff + i);
            int o = kOff + i;
            a0 = x.fma(FloatVector.fromArray(S, k, o), a0);
            a1 = x.fma(FloatVector.fromArray(S, k, o + stride), a1);
            a2 = x.fma(FloatVector.fromArray(S, k, o + 2 * stride), a2);
            a3 = x.fma(FloatVector.fromArray(S, k, o + 3 * stride), a3);
            a4 = x.fma(FloatVector.fromArray(S, k, o + 4 * stride), a4);
            a5 = x.fma(FloatVector.fromArray(S, k, o + 5 * stride), a5);
            a6 = x.fma(FloatVector.fromArray(S, k, o + 6 * stride), a6);
            a7 = x.fma(FloatVector.fromArray(S, k, o + 7 * stride), a7);
            a8 = x.fma(FloatVector.fromArray(S, k, o + 8 * stride), a8);
            a9 = x.fma(FloatVector.fromArray(S, k, o + 9 * stride), a9);
            a10 = x.fma(FloatVector.fromArray(S, k, o + 10 * stride), a10);
            a11 = x.fma(FloatVector.fromArray(S, k, o + 11 * stride), a11);
            a12 = x.fma(FloatVector.fromArray(S, k, o + 12 * stride), a12);
            a13 = x.fma(FloatVector.fromArray(S, k, o + 13 * stride), a13);
            a14 = x.fma(FloatVector.fromArray(S, k, o + 14 * stride), a14);
            a15 = x.fma(FloatVector.fromArray(S, k, o + 15 * stride), a15);
        }
        // a vector passed to a method C2 does not inline is boxed, so the 16 stores stay here
        a0.intoArray(scratch, 0);
        a1.intoArray(scratch, L);
        a2.intoArray(scratch, 2 * L);
        a3.intoArray(scratch, 3 * L);
        a4.intoArray(scratch, 4 * L);
        a5.intoArray(scratch, 5 * L);
        a6.intoArray(scratch, 6 * L);
        a7.intoArray(scratch, 7 * L);
        a8.intoArray(scratch, 8 * L);
        a9.intoArray(scratch, 9 * L);
        a10.intoArray(scratch, 10 * L);
        a11.intoArray(scratch, 11 * L);
        a12.intoArray(scratch, 12 * L);
        a13.intoArray(scratch, 13 * L);
        a14.intoArray(scratch, 14 * L);
        a15.intoArray(scratch, 15 * L);
        transposeSum(scratch);
    }

    @Override
    public void attentionBackward(float[] dqkv, float[] dRow, float[] datty, float[] qkv, float[] att,
                                  int batch, int seq, int c, int heads, Parallel par) {
        Frames frames = FRAMES.get();
        Frame f = frames.enter();
        try {
            int hd = c / heads;
            par.forRange(batch * heads, (long) seq * seq * hd * 2,
                    f.attentionGrad.set(dqkv, dRow, datty, qkv, att, seq, c, heads));
        } finally {
            f.attentionGrad.clear();
            frames.exit();
        }
    }

    /**
     * (sequence, head) pairs [p0, p1): per row t of head h, with p = att[t, 0..t] and z_s = scale q·k_s:
     * dp_s = dy·v_s, dv_s += p_s dy, dz_s = p_s (dp_s - sum_r p_r dp_r), dq += scale sum_s dz_s k_s,
     * dk_s += scale dz_s q. Each pair writes only its own head's slices.
     */
    static void attentionGradPairs(float[] dqkv, float[] dRow, float[] datty, float[] qkv, float[] att,
                                   int seq, int c, int heads, int p0, int p1) {
        int hd = c / heads;
        float scale = (float) (1.0 / Math.sqrt(hd));
        int c3 = 3 * c;
        for (int p = p0; p < p1; p++) {
            int b = p / heads;
            int h = p % heads;
            int base = b * seq * c3;                            // row 0 of sequence b in qkv: (T, 3C)
            int rowOff = p * seq;                               // dRow slice of this (b, h): (T)
            for (int t = 0; t < seq; t++) {                     // clear this head's q, k, v slices
                int r = base + t * c3 + h * hd;
                Arrays.fill(dqkv, r, r + hd, 0f);
                Arrays.fill(dqkv, r + c, r + c + hd, 0f);
                Arrays.fill(dqkv, r + 2 * c, r + 2 * c + hd, 0f);
            }
            int qBase = base + h * hd;
            int kBase = base + c + h * hd;
            int vBase = base + 2 * c + h * hd;
            for (int t = 0; t < seq; t++) {
                int probs = (p * seq + t) * seq;                // att row t: (T), entries 0..t
                int dy = (b * seq + t) * c + h * hd;            // datty[b, t, head h]: (hd)
                int q = qBase + t * c3;
                int n = t + 1;
                dots(dRow, rowOff, datty, dy, qkv, vBase, c3, n, hd, 1f);   // dp_s
                float dot = weightedSum(att, probs, dRow, rowOff, n);      // sum_s p_s dp_s
                // dz_s = p_s (dp_s - dot) scale, into dRow
                softmaxBackward(dRow, rowOff, att, probs, dot, scale, n);
                // one pass over s per slice of hd: dv_s += p_s dy, dk_s += dz_s q, dq += dz_s k_s
                rowUpdates(dqkv, qkv, datty, dy, q, kBase, vBase, c3, att, probs, dRow, rowOff, n, hd);
            }
        }
    }

    /** sum_s a[aOff + s] · b[bOff + s] over [0, n). */
    private static float weightedSum(float[] a, int aOff, float[] b, int bOff, int n) {
        float[] lanes = SCRATCH.get();
        int nv = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (int s = 0; s < nv; s += L) {
            acc = FloatVector.fromArray(S, a, aOff + s).fma(FloatVector.fromArray(S, b, bOff + s), acc);
        }
        acc.intoArray(lanes, 0);
        float sum = sumLanes(lanes, 0);
        for (int s = nv; s < n; s++) {
            sum = Math.fma(a[aOff + s], b[bOff + s], sum);
        }
        return sum;
    }

    /** d[dOff + s] = p[pOff + s] · (d[dOff + s] - dot) · scale over [0, n). */
    private static void softmaxBackward(float[] d, int dOff, float[] p, int pOff, float dot, float scale, int n) {
        int nv = S.loopBound(n);
        FloatVector dotV = FloatVector.broadcast(S, dot);
        for (int s = 0; s < nv; s += L) {
            FloatVector.fromArray(S, p, pOff + s).mul(FloatVector.fromArray(S, d, dOff + s).sub(dotV)).mul(scale)
                    .intoArray(d, dOff + s);
        }
        for (int s = nv; s < n; s++) {
            d[dOff + s] = p[pOff + s] * (d[dOff + s] - dot) * scale;
        }
    }

    /**
     * For one query row: dv_s += p_s dy, dk_s += dz_s q (s in [0, n)) and dq += sum_s dz_s k_s, with
     * dq's slice held in a register across s. Each element is one FMA chain in order of s (and of
     * t, the calls), in the vector lanes and in the scalar tail alike.
     */
    private static void rowUpdates(float[] dqkv, float[] qkv, float[] datty, int dy, int q, int kBase, int vBase,
                                   int stride, float[] att, int probs, float[] dz, int dzOff, int n, int hd) {
        int hv = S.loopBound(hd);
        int i = 0;
        for (; i < hv; i += L) {
            FloatVector dyv = FloatVector.fromArray(S, datty, dy + i);
            FloatVector qv = FloatVector.fromArray(S, qkv, q + i);
            FloatVector dq = FloatVector.fromArray(S, dqkv, q + i);
            for (int s = 0; s < n; s++) {
                int v = vBase + s * stride + i;
                int k = kBase + s * stride + i;
                FloatVector g = FloatVector.broadcast(S, dz[dzOff + s]);
                FloatVector.broadcast(S, att[probs + s]).fma(dyv, FloatVector.fromArray(S, dqkv, v)).intoArray(dqkv, v);
                g.fma(qv, FloatVector.fromArray(S, dqkv, k)).intoArray(dqkv, k);
                dq = g.fma(FloatVector.fromArray(S, qkv, k), dq);
            }
            dq.intoArray(dqkv, q + i);
        }
        for (; i < hd; i++) {
            float dq = dqkv[q + i];
            for (int s = 0; s < n; s++) {
                int v = vBase + s * stride + i;
                int k = kBase + s * stride + i;
                float g = dz[dzOff + s];
                dqkv[v] = Math.fma(att[probs + s], datty[dy + i], dqkv[v]);
                dqkv[k] = Math.fma(g, qkv[q + i], dqkv[k]);
                dq = Math.fma(g, qkv[k], dq);
            }
            dqkv[q + i] = dq;
        }
    }

    // ================================================================ reductions

    /**
     * a[aOff..] · b[bOff..] over [0, c): lanes over [0, cv) with FMA, the butterfly
     * ({@link #sumLanes}, through {@code lanes}: L floats of scratch), then the tail.
     */
    private static float dot(float[] a, int aOff, float[] b, int bOff, int cv, int c, float[] lanes) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = 0; i < cv; i += L) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        acc.intoArray(lanes, 0);
        float sum = sumLanes(lanes, 0);
        return cv == c ? sum : sum + tail(a, aOff, b, bOff, cv, c);
    }

    /** The C mod L tail of a dot product: one FMA chain. */
    private static float tail(float[] a, int aOff, float[] b, int bOff, int cv, int c) {
        float s = 0;
        for (int i = cv; i < c; i++) {
            s = Math.fma(a[aOff + i], b[bOff + i], s);
        }
        return s;
    }

    /**
     * The sum of the L floats at b[off..] (a vector's lanes, stored there by the caller) by the XOR
     * butterfly: pairs l, l + L/2, then l, l + L/4, ... (lane l ^ h is l + h for l below h), the
     * same tree {@link #transposeSum} gives each lane; not {@code reduceLanes(ADD)}, whose order is
     * unspecified. Through memory, not a vector argument: a vector passed to a call C2 does not
     * inline is boxed. Overwrites b[off, off + L).
     */
    static float sumLanes(float[] b, int off) {
        for (int h = L / 2; h >= 1; h /= 2) {
            for (int l = 0; l < h; l++) {
                b[off + l] += b[off + l + h];
            }
        }
        return b[off];
    }

    /**
     * scratch[16 L + j] = the sum of the lanes of x_j = scratch[j L, (j + 1) L), for j < 16 (L = 16):
     * four butterfly levels, each merging pairs so that one vector carries the partial sums of two.
     * Lane j of the result holds x_j's sum: level b puts x_k in the lanes with bit b clear and
     * x_{k+b} in those with it set. The vectors go through memory, not arguments, and the levels are
     * two methods: C2 inlines a bounded amount of code per compiled unit (the Vector API's wrappers
     * count), and a vector passed to or returned from a method that is not inlined is boxed, an
     * allocation per call.
     */
    private static void transposeSum(float[] scratch) {
        mergeBit8(scratch);
        mergeBits421(scratch);
    }

    /** Level 8: scratch[k L] <- merge(x_k, x_{k+8}) for k < 8. */
    private static void mergeBit8(float[] scratch) {
        for (int k = 0; k < 8; k++) {
            merge(FloatVector.fromArray(S, scratch, k * L), FloatVector.fromArray(S, scratch, (k + 8) * L), BIT8, XOR8)
                    .intoArray(scratch, k * L);
        }
    }

    /** Levels 4, 2, 1 over the 8 vectors of level 8, the result at scratch[16 L]. */
    private static void mergeBits421(float[] scratch) {
        FloatVector w0 = merge(FloatVector.fromArray(S, scratch, 0), FloatVector.fromArray(S, scratch, 4 * L), BIT4, XOR4);
        FloatVector w1 = merge(FloatVector.fromArray(S, scratch, L), FloatVector.fromArray(S, scratch, 5 * L), BIT4, XOR4);
        FloatVector w2 = merge(FloatVector.fromArray(S, scratch, 2 * L), FloatVector.fromArray(S, scratch, 6 * L), BIT4, XOR4);
        FloatVector w3 = merge(FloatVector.fromArray(S, scratch, 3 * L), FloatVector.fromArray(S, scratch, 7 * L), BIT4, XOR4);
        FloatVector u0 = merge(w0, w2, BIT2, XOR2);
        FloatVector u1 = merge(w1, w3, BIT2, XOR2);
        merge(u0, u1, BIT1, XOR1).intoArray(scratch, 16 * L);
    }

    /**
     * Lanes with {@code bit} clear: a[l] + a[l ^ bit]; lanes with it set: b[l] + b[l ^ bit].
     */
    private static FloatVector merge(FloatVector a, FloatVector b, VectorMask<Float> bit, VectorShuffle<Float> flip) {
        FloatVector own = a.blend(b, bit);
        FloatVector other = b.blend(a, bit).rearrange(flip);
        return own.add(other);
    }

    private static VectorShuffle<Float> xor(int b) {
        return VectorShuffle.fromOp(S, i -> (i ^ b) & (L - 1));
    }

    private static VectorMask<Float> bit(int b) {
        boolean[] bits = new boolean[L];
        for (int i = 0; i < L; i++) {
            bits[i] = (i & b) != 0;
        }
        return VectorMask.fromArray(S, bits, 0);
    }

    // ================================================================ loop bodies without lambdas

    /** One set of loop bodies per nesting depth on a thread. */
    private static final class Frame {
        final MatmulForward matmulForward = new MatmulForward();
        final InputGrad inputGrad = new InputGrad();
        final WeightGrad weightGrad = new WeightGrad();
        final AttentionGrad attentionGrad = new AttentionGrad();
    }

    /** The calling thread's frames; {@link #enter()} grows the stack only when kernels nest deeper. */
    private static final class Frames {
        private Frame[] stack = {new Frame()};
        private int depth;

        Frame enter() {
            if (depth == stack.length) {
                stack = Arrays.copyOf(stack, 2 * depth);
                for (int i = depth; i < stack.length; i++) {
                    stack[i] = new Frame();
                }
            }
            return stack[depth++];
        }

        void exit() {
            depth--;
        }
    }

    /** Units of {@link #PANEL} (packed) or {@link #COLS} output columns. */
    private static final class MatmulForward implements Parallel.RangeBody {
        private float[] out;
        private float[] inp;
        private float[] w;
        private float[] bias;
        private int rows;
        private int c;
        private int oc;
        private boolean packed;

        MatmulForward set(float[] out, float[] inp, float[] w, float[] bias, int rows, int c, int oc,
                          boolean packed) {
            this.out = out;
            this.inp = inp;
            this.w = w;
            this.bias = bias;
            this.rows = rows;
            this.c = c;
            this.oc = oc;
            this.packed = packed;
            return this;
        }

        void clear() {
            set(null, null, null, null, 0, 0, 0, false);
        }

        @Override
        public void run(int lo, int hi) {
            if (packed) {
                packedColumns(out, inp, w, bias, rows, c, oc, lo * PANEL, Math.min(hi * PANEL, oc));
            } else {
                forwardColumns(out, inp, w, bias, rows, c, oc, lo * COLS, Math.min(hi * COLS, oc));
            }
        }
    }

    /** Units of 4 rows of dinp. */
    private static final class InputGrad implements Parallel.RangeBody {
        private float[] dinp;
        private float[] dout;
        private float[] w;
        private int rows;
        private int c;
        private int oc;

        InputGrad set(float[] dinp, float[] dout, float[] w, int rows, int c, int oc) {
            this.dinp = dinp;
            this.dout = dout;
            this.w = w;
            this.rows = rows;
            this.c = c;
            this.oc = oc;
            return this;
        }

        void clear() {
            set(null, null, null, 0, 0, 0);
        }

        @Override
        public void run(int lo, int hi) {
            inputGradRows(dinp, dout, w, c, oc, 4 * lo, Math.min(4 * hi, rows));
        }
    }

    /** Units of 4 rows of dW. */
    private static final class WeightGrad implements Parallel.RangeBody {
        private float[] dw;
        private float[] dbias;
        private float[] dout;
        private float[] inp;
        private int rows;
        private int c;
        private int oc;

        WeightGrad set(float[] dw, float[] dbias, float[] dout, float[] inp, int rows, int c, int oc) {
            this.dw = dw;
            this.dbias = dbias;
            this.dout = dout;
            this.inp = inp;
            this.rows = rows;
            this.c = c;
            this.oc = oc;
            return this;
        }

        void clear() {
            set(null, null, null, null, 0, 0, 0);
        }

        @Override
        public void run(int lo, int hi) {
            weightGradRows(dw, dbias, dout, inp, rows, c, oc, 4 * lo, Math.min(4 * hi, oc));
        }
    }

    /** Units of one (sequence, head) pair. */
    private static final class AttentionGrad implements Parallel.RangeBody {
        private float[] dqkv;
        private float[] dRow;
        private float[] datty;
        private float[] qkv;
        private float[] att;
        private int seq;
        private int c;
        private int heads;

        AttentionGrad set(float[] dqkv, float[] dRow, float[] datty, float[] qkv, float[] att, int seq, int c,
                          int heads) {
            this.dqkv = dqkv;
            this.dRow = dRow;
            this.datty = datty;
            this.qkv = qkv;
            this.att = att;
            this.seq = seq;
            this.c = c;
            this.heads = heads;
            return this;
        }

        void clear() {
            set(null, null, null, null, null, 0, 0, 0);
        }

        @Override
        public void run(int lo, int hi) {
            attentionGradPairs(dqkv, dRow, datty, qkv, att, seq, c, heads, lo, hi);
        }
    }
}
