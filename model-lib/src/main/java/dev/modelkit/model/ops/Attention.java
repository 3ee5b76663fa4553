package dev.modelkit.model.ops;

import java.util.Arrays;

/**
 * Multi-head causal self-attention over a fused qkv, forward and backward: row t of qkv (T, 3C)
 * holds q, k and v side by side; head h reads its slice {@code [h*hd, (h+1)*hd)} of each, and
 * position t attends to positions 0..t only.
 *
 * <p>Work is split over heads (inference) or (sequence, head) pairs (training): each task reads
 * and writes only its own head's slices, so no two tasks touch the same element and the result
 * does not depend on the split. Both forwards run {@link Kernels#attend} row by row, so the
 * kernel set decides how one query row is computed.
 */
public final class Attention {

    private static final Parallel.Slot<Rows> ROWS = Parallel.slot(Rows::new);
    private static final Parallel.Slot<Batched> BATCHED = Parallel.slot(Batched::new);
    private static final Parallel.Slot<Backward> BACKWARD = Parallel.slot(Backward::new);

    private Attention() {
    }

    /**
     * One query against {@code n} keys: {@code y = softmax(q·K^T * scale) · V}; key/value row s
     * starts at {@code kOff + s·stride} / {@code vOff + s·stride}; the probabilities are written
     * to {@code att[attOff, attOff + n)}.
     */
    public static void attend(float[] y, int yOff, float[] q, int qOff,
                              float[] k, int kOff, float[] v, int vOff, int stride,
                              int n, int hd, float scale, float[] att, int attOff) {
        float max = Float.NEGATIVE_INFINITY;
        for (int s = 0; s < n; s++) {
            float score = MatMul.dot(q, qOff, k, kOff + s * stride, hd) * scale;
            att[attOff + s] = score;
            if (score > max) {
                max = score;
            }
        }
        float sum = 0;
        for (int s = 0; s < n; s++) {
            float e = (float) Math.exp(att[attOff + s] - max);
            att[attOff + s] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int i = 0; i < hd; i++) {
            y[yOff + i] = 0;
        }
        for (int s = 0; s < n; s++) {
            float p = att[attOff + s] * inv;
            att[attOff + s] = p;
            int vo = vOff + s * stride;
            for (int i = 0; i < hd; i++) {
                y[yOff + i] += p * v[vo + i];
            }
        }
    }

    /**
     * Inference: y (T, C) = attention of the T query rows of qkv (T, 3C), which are positions
     * {@code pos0 .. pos0+T-1}, over the keys and values of positions 0.. : key row s of head h
     * starts at {@code kBase + s·stride + h·hd} (the qkv itself, stride 3C, or a KV cache,
     * stride C). {@code scores} (H, scoreStride) is scratch for one row of probabilities per head.
     */
    public static void forward(Kernels kernels, float[] y, float[] qkv, float[] keys, int kBase,
                               float[] values, int vBase, int stride, int rows, int pos0, int c, int heads,
                               float[] scores, int scoreStride, Parallel par) {
        Rows job = par.job(ROWS);
        job.kernels = kernels;
        job.y = y;
        job.qkv = qkv;
        job.keys = keys;
        job.values = values;
        job.scores = scores;
        job.kBase = kBase;
        job.vBase = vBase;
        job.stride = stride;
        job.rows = rows;
        job.pos0 = pos0;
        job.c = c;
        job.hd = c / heads;
        job.scoreStride = scoreStride;
        job.scale = (float) (1.0 / Math.sqrt(job.hd));
        try {
            par.forRange(heads, (long) rows * (pos0 + rows) * job.hd, job);
        } finally {
            job.kernels = null;
            job.y = job.qkv = job.keys = job.values = job.scores = null;
        }
    }

    /** Inference's loop body over heads. */
    private static final class Rows implements Parallel.RangeBody {
        Kernels kernels;
        float[] y, qkv, keys, values, scores;
        int kBase, vBase, stride, rows, pos0, c, hd, scoreStride;
        float scale;

        @Override
        public void run(int h0, int h1) {
            for (int h = h0; h < h1; h++) {
                for (int t = 0; t < rows; t++) {
                    kernels.attend(y, t * c + h * hd, qkv, t * 3 * c + h * hd,
                            keys, kBase + h * hd, values, vBase + h * hd, stride,
                            pos0 + t + 1, hd, scale, scores, h * scoreStride);
                }
            }
        }
    }

    /**
     * Training: atty (B, T, C) = softmax(q k^T / sqrt(hd)) v per head; att (B, H, T, T) receives
     * the probabilities (row t holds entries 0..t; the rest is left as it was and never read).
     */
    public static void forward(Kernels kernels, float[] atty, float[] att, float[] qkv, int batch, int seq,
                               int c, int heads, Parallel par) {
        Batched job = par.job(BATCHED);
        job.kernels = kernels;
        job.atty = atty;
        job.att = att;
        job.qkv = qkv;
        job.seq = seq;
        job.c = c;
        job.heads = heads;
        job.hd = c / heads;
        job.scale = (float) (1.0 / Math.sqrt(job.hd));
        try {
            par.forRange(batch * heads, (long) seq * seq * job.hd, job);
        } finally {
            job.kernels = null;
            job.atty = job.att = job.qkv = null;
        }
    }

    /** Training forward's loop body over (sequence, head) pairs. */
    private static final class Batched implements Parallel.RangeBody {
        Kernels kernels;
        float[] atty, att, qkv;
        int seq, c, heads, hd;
        float scale;

        @Override
        public void run(int p0, int p1) {
            int c3 = 3 * c;
            for (int p = p0; p < p1; p++) {
                int b = p / heads;
                int h = p % heads;
                int base = b * seq * c3;                            // row 0 of sequence b in qkv
                for (int t = 0; t < seq; t++) {
                    kernels.attend(atty, (b * seq + t) * c + h * hd,
                            qkv, base + t * c3 + h * hd,
                            qkv, base + c + h * hd, qkv, base + 2 * c + h * hd, c3,
                            t + 1, hd, scale, att, (p * seq + t) * seq);
                }
            }
        }
    }

    /**
     * dqkv (B, T, 3C) = gradient of the attention given datty (B, T, C), <b>overwriting</b> dqkv.
     * {@code dRow} (B, H, T) is scratch for one row of d scores per (b, h).
     *
     * <p>Per row t of head h, with p = att[t, 0..t], y = sum_s p_s v_s, z_s = scale q·k_s:
     * dp_s = dy·v_s, dv_s += p_s dy, dz_s = p_s (dp_s - sum_r p_r dp_r),
     * dq += scale sum_s dz_s k_s, dk_s += scale dz_s q.
     */
    public static void backward(float[] dqkv, float[] dRow, float[] datty, float[] qkv, float[] att,
                                int batch, int seq, int c, int heads, Parallel par) {
        Backward job = par.job(BACKWARD);
        job.dqkv = dqkv;
        job.dRow = dRow;
        job.datty = datty;
        job.qkv = qkv;
        job.att = att;
        job.seq = seq;
        job.c = c;
        job.heads = heads;
        job.hd = c / heads;
        job.scale = (float) (1.0 / Math.sqrt(job.hd));
        try {
            par.forRange(batch * heads, (long) seq * seq * job.hd * 2, job);
        } finally {
            job.dqkv = job.dRow = job.datty = job.qkv = job.att = null;
        }
    }

    /** The backward's loop body over (sequence, head) pairs. */
    private static final class Backward implements Parallel.RangeBody {
        float[] dqkv, dRow, datty, qkv, att;
        int seq, c, heads, hd;
        float scale;

        @Override
        public void run(int p0, int p1) {
            int c3 = 3 * c;
            for (int p = p0; p < p1; p++) {
                int b = p / heads;
                int h = p % heads;
                int base = b * seq * c3;
                int rowOff = p * seq;                               // dRow slice of this (b, h): (T)
                for (int t = 0; t < seq; t++) {                     // clear this head's q, k, v slices
                    int r = base + t * c3 + h * hd;
                    Arrays.fill(dqkv, r, r + hd, 0f);
                    Arrays.fill(dqkv, r + c, r + c + hd, 0f);
                    Arrays.fill(dqkv, r + 2 * c, r + 2 * c + hd, 0f);
                }
                for (int t = 0; t < seq; t++) {
                    int probs = (p * seq + t) * seq;                // att row t: (T), entries 0..t
                    int dy = (b * seq + t) * c + h * hd;            // datty[b, t, head h]: (hd)
                    int q = base + t * c3 + h * hd;
                    // dp_s and dv_s
                    float dot = 0;
                    for (int s = 0; s <= t; s++) {
                        int v = base + s * c3 + 2 * c + h * hd;
                        float dp = MatMul.dot(datty, dy, qkv, v, hd);
                        dRow[rowOff + s] = dp;
                        float ps = att[probs + s];
                        dot += ps * dp;
                        for (int i = 0; i < hd; i++) {
                            dqkv[v + i] += ps * datty[dy + i];
                        }
                    }
                    // softmax backward, then the two halves of the score q·k_s
                    for (int s = 0; s <= t; s++) {
                        float dz = att[probs + s] * (dRow[rowOff + s] - dot) * scale;
                        int k = base + s * c3 + c + h * hd;
                        for (int i = 0; i < hd; i++) {
                            dqkv[q + i] += dz * qkv[k + i];
                            dqkv[k + i] += dz * qkv[q + i];
                        }
                    }
                }
            }
        }
    }
}
