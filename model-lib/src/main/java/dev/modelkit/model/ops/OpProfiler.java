package dev.modelkit.model.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kernel set that times another: every op a pass calls on it runs on the wrapped set and is
 * recorded (calls, wall time, FLOPs and bytes from its shapes, see {@link OpProfile}). The
 * profiled passes ({@code Transformer.profileForward}, {@code Trainer.profileStep}) run on one;
 * ordinary passes call their kernels directly and pay nothing. {@link #attend} is passed through
 * unrecorded: it runs inside the attention ops, which are timed as a whole. Single-threaded:
 * one profiler per profiled pass, called from that pass's thread.
 */
public final class OpProfiler implements Kernels {

    private final Kernels k;
    private final Map<String, long[]> totals = new LinkedHashMap<>();   // op -> calls, nanos, flops, bytes

    private OpProfiler(Kernels k) {
        this.k = k;
    }

    /** A profiler running every op on {@code kernels}. */
    public static OpProfiler of(Kernels kernels) {
        if (kernels == null) {
            throw new IllegalArgumentException("kernels must not be null");
        }
        return new OpProfiler(kernels);
    }

    /** Adds one call of {@code op} (for work done outside the kernels, e.g. the optimizer). */
    public void record(String op, long nanos, long flops, long bytes) {
        long[] t = totals.computeIfAbsent(op, x -> new long[4]);
        t[0]++;
        t[1] += nanos;
        t[2] += flops;
        t[3] += bytes;
    }

    /** The table so far. */
    public OpProfile result(String title, long wallNanos) {
        List<OpProfile.Row> rows = new ArrayList<>();
        for (Map.Entry<String, long[]> e : totals.entrySet()) {
            long[] t = e.getValue();
            rows.add(new OpProfile.Row(e.getKey(), t[0], t[1], t[2], t[3]));
        }
        return new OpProfile(title, k.name(), wallNanos, rows);
    }

    @Override
    public void matmulForward(float[] out, float[] inp, float[] w, float[] bias, int rows, int c, int oc, Parallel par) {
        long t0 = System.nanoTime();
        k.matmulForward(out, inp, w, bias, rows, c, oc, par);
        long n = rows;
        record("matmul.forward", System.nanoTime() - t0, 2 * n * c * oc + (bias == null ? 0 : n * oc),
                4 * (n * c + (long) oc * c + n * oc + (bias == null ? 0 : oc)));
    }

    @Override
    public void matmulBackward(float[] dinp, float[] dw, float[] dbias, float[] dout, float[] inp, float[] w,
                               int rows, int c, int oc, Parallel par) {
        long t0 = System.nanoTime();
        k.matmulBackward(dinp, dw, dbias, dout, inp, w, rows, c, oc, par);
        long n = rows;
        long products = (dinp == null ? 1 : 2) * 2 * n * c * oc;
        record("matmul.backward", System.nanoTime() - t0, products + (dbias == null ? 0 : n * oc),
                4 * (n * oc + n * c + (long) oc * c + 2L * oc * c + (dinp == null ? 0 : n * c)
                        + (dbias == null ? 0 : 2L * oc)));
    }

    @Override
    public void layerNormForward(float[] out, float[] inp, float[] gamma, float[] beta, int rows, int c,
                                 float[] mean, float[] rstd) {
        long t0 = System.nanoTime();
        k.layerNormForward(out, inp, gamma, beta, rows, c, mean, rstd);
        long n = (long) rows * c;
        record("layernorm.forward", System.nanoTime() - t0, 8 * n,
                4 * (2 * n + 2L * c + (mean == null ? 0 : 2L * rows)));
    }

    @Override
    public void layerNormBackward(float[] dinp, float[] dgamma, float[] dbeta, float[] dout, float[] inp,
                                  float[] gamma, float[] mean, float[] rstd, int rows, int c) {
        long t0 = System.nanoTime();
        k.layerNormBackward(dinp, dgamma, dbeta, dout, inp, gamma, mean, rstd, rows, c);
        long n = (long) rows * c;
        record("layernorm.backward", System.nanoTime() - t0, 16 * n, 4 * (4 * n + 5L * c + 2L * rows));
    }

    @Override
    public void geluForward(float[] out, float[] inp, int n) {
        long t0 = System.nanoTime();
        k.geluForward(out, inp, n);
        record("gelu.forward", System.nanoTime() - t0, 12L * n, 8L * n);
    }

    @Override
    public void geluBackward(float[] d, float[] x, int n) {
        long t0 = System.nanoTime();
        k.geluBackward(d, x, n);
        record("gelu.backward", System.nanoTime() - t0, 22L * n, 12L * n);
    }

    @Override
    public void attend(float[] y, int yOff, float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int stride,
                       int n, int hd, float scale, float[] att, int attOff) {
        this.k.attend(y, yOff, q, qOff, k, kOff, v, vOff, stride, n, hd, scale, att, attOff);
    }

    @Override
    public void attentionRows(float[] y, float[] qkv, float[] keys, int kBase, float[] values, int vBase, int stride,
                              int rows, int pos0, int heads, int kvHeads, int headDim, float[] scores, int scoreStride,
                              Parallel par) {
        long t0 = System.nanoTime();
        // The rows' attend calls go straight to the wrapped set: this op is timed as a whole.
        Attention.forward(k, y, qkv, keys, kBase, values, vBase, stride, rows, pos0, heads, kvHeads, headDim,
                scores, scoreStride, par);
        long keysSeen = (long) rows * pos0 + (long) rows * (rows + 1) / 2;   // sum over rows of pos0 + t + 1
        long q = (long) heads * headDim;
        long kv = (long) kvHeads * headDim;
        record("attention.forward", System.nanoTime() - t0, 4 * keysSeen * q + 4 * keysSeen * heads,
                4 * ((long) rows * (q + 2 * kv) + 2L * (pos0 + rows) * kv + (long) rows * q));
    }

    @Override
    public void attentionForward(float[] atty, float[] att, float[] qkv, int batch, int seq, int heads, int kvHeads,
                                 int headDim, Parallel par) {
        long t0 = System.nanoTime();
        Attention.forward(k, atty, att, qkv, batch, seq, heads, kvHeads, headDim, par);
        long keysSeen = (long) batch * seq * (seq + 1) / 2;
        long q = (long) heads * headDim;
        long kv = (long) kvHeads * headDim;
        record("attention.forward", System.nanoTime() - t0, 4 * keysSeen * q + 4 * keysSeen * heads,
                4 * ((long) batch * seq * (2 * q + 2 * kv) + keysSeen * heads));
    }

    @Override
    public void attentionBackward(float[] dqkv, float[] dRow, float[] datty, float[] qkv, float[] att,
                                  int batch, int seq, int heads, int kvHeads, int headDim, Parallel par) {
        long t0 = System.nanoTime();
        k.attentionBackward(dqkv, dRow, datty, qkv, att, batch, seq, heads, kvHeads, headDim, par);
        long keysSeen = (long) batch * seq * (seq + 1) / 2;
        long q = (long) heads * headDim;
        long kv = (long) kvHeads * headDim;
        record("attention.backward", System.nanoTime() - t0, 8 * keysSeen * q + 5 * keysSeen * heads,
                4 * ((long) batch * seq * (3 * q + 4 * kv) + keysSeen * heads));
    }

    @Override
    public void layerNormForward(float[] out, float[] inp, float[] gamma, float[] beta, int rows, int c, float eps,
                                 float[] mean, float[] rstd) {
        long t0 = System.nanoTime();
        k.layerNormForward(out, inp, gamma, beta, rows, c, eps, mean, rstd);
        long n = (long) rows * c;
        record("layernorm.forward", System.nanoTime() - t0, 8 * n,
                4 * (2 * n + 2L * c + (mean == null ? 0 : 2L * rows)));
    }

    @Override
    public void rmsNormForward(float[] out, float[] inp, float[] gamma, int rows, int c, float eps, float[] rstd) {
        long t0 = System.nanoTime();
        k.rmsNormForward(out, inp, gamma, rows, c, eps, rstd);
        long n = (long) rows * c;
        record("rmsnorm.forward", System.nanoTime() - t0, 4 * n, 4 * (2 * n + c + (rstd == null ? 0 : rows)));
    }

    @Override
    public void rmsNormBackward(float[] dinp, float[] dgamma, float[] dout, float[] inp, float[] gamma,
                                float[] rstd, int rows, int c) {
        long t0 = System.nanoTime();
        k.rmsNormBackward(dinp, dgamma, dout, inp, gamma, rstd, rows, c);
        long n = (long) rows * c;
        record("rmsnorm.backward", System.nanoTime() - t0, 12 * n, 4 * (4 * n + 3L * c + rows));
    }

    @Override
    public void swigluForward(float[] out, float[] gate, float[] up, int n) {
        long t0 = System.nanoTime();
        k.swigluForward(out, gate, up, n);
        record("swiglu.forward", System.nanoTime() - t0, 8L * n, 12L * n);
    }

    @Override
    public void swigluBackward(float[] dgate, float[] dup, float[] dout, float[] gate, float[] up, int n) {
        long t0 = System.nanoTime();
        k.swigluBackward(dgate, dup, dout, gate, up, n);
        record("swiglu.backward", System.nanoTime() - t0, 14L * n, 20L * n);
    }

    @Override
    public void ropeForward(float[] qkv, float[] cos, float[] sin, int rows, int seq, int pos0, int heads,
                            int kvHeads, int headDim) {
        long t0 = System.nanoTime();
        k.ropeForward(qkv, cos, sin, rows, seq, pos0, heads, kvHeads, headDim);
        long n = (long) rows * (heads + kvHeads) * headDim;
        record("rope.forward", System.nanoTime() - t0, 3 * n, 4 * (2 * n + n));
    }

    @Override
    public void ropeBackward(float[] dqkv, float[] cos, float[] sin, int rows, int seq, int heads, int kvHeads,
                             int headDim) {
        long t0 = System.nanoTime();
        k.ropeBackward(dqkv, cos, sin, rows, seq, heads, kvHeads, headDim);
        long n = (long) rows * (heads + kvHeads) * headDim;
        record("rope.backward", System.nanoTime() - t0, 3 * n, 4 * (2 * n + n));
    }

    @Override
    public void attentionBackward(float[] dqkv, float[] dRow, float[] datty, float[] qkv, float[] att,
                                  int batch, int seq, int c, int heads, Parallel par) {
        long t0 = System.nanoTime();
        k.attentionBackward(dqkv, dRow, datty, qkv, att, batch, seq, c, heads, par);
        long keysSeen = (long) batch * seq * (seq + 1) / 2;
        record("attention.backward", System.nanoTime() - t0, 8 * keysSeen * c + 5 * keysSeen * heads,
                4 * ((long) batch * seq * 7 * c + keysSeen * heads));
    }

    @Override
    public void encoderForward(float[] out, int[] tokens, float[] tokEmb, float[] posEmb, int batch, int seq,
                               int pos0, int c) {
        long t0 = System.nanoTime();
        k.encoderForward(out, tokens, tokEmb, posEmb, batch, seq, pos0, c);
        long n = (long) batch * seq * c;
        record("encoder.forward", System.nanoTime() - t0, n, 4 * (3 * n + (long) batch * seq));
    }

    @Override
    public void encoderBackward(float[] dTokEmb, float[] dPosEmb, float[] dout, int[] tokens, int batch, int seq,
                                int c) {
        long t0 = System.nanoTime();
        k.encoderBackward(dTokEmb, dPosEmb, dout, tokens, batch, seq, c);
        long n = (long) batch * seq * c;
        record("encoder.backward", System.nanoTime() - t0, 2 * n, 4 * (5 * n + (long) batch * seq));
    }

    @Override
    public void residualForward(float[] out, float[] a, float[] b, int n) {
        long t0 = System.nanoTime();
        k.residualForward(out, a, b, n);
        record("residual.forward", System.nanoTime() - t0, n, 12L * n);
    }

    @Override
    public double crossEntropyForward(float[] probs, float[] logits, int[] targets, int rows, int v) {
        long t0 = System.nanoTime();
        double loss = k.crossEntropyForward(probs, logits, targets, rows, v);
        long n = (long) rows * v;
        record("crossentropy.forward", System.nanoTime() - t0, 5 * n, 4 * (3 * n + rows));
        return loss;
    }

    @Override
    public void crossEntropyBackward(float[] dlogits, float[] probs, int[] targets, int rows, int v) {
        long t0 = System.nanoTime();
        k.crossEntropyBackward(dlogits, probs, targets, rows, v);
        long n = (long) rows * v;
        record("crossentropy.backward", System.nanoTime() - t0, n, 4 * (2 * n + rows));
    }

    /** The wrapped set's name. */
    @Override
    public String name() {
        return k.name();
    }

    @Override
    public String toString() {
        return "OpProfiler[" + k.name() + ", " + totals.size() + " ops recorded]";
    }
}
