package dev.modelkit.model.ops;

import java.util.Arrays;

/**
 * Causal self-attention over a fused qkv, forward and backward, multi-head or grouped-query: row
 * t of qkv (T, (H + 2K)·D) holds the H query heads, then the K key heads, then the K value heads
 * (K = H: multi-head, the GPT layout (T, 3C); 1 &lt; K &lt; H: grouped-query; K = 1: multi-query).
 * Query head h reads KV head {@code h / (H / K)}, as Hugging Face's repeat_kv, and position t
 * attends to positions 0..t only.
 *
 * <p>Work is split over heads (inference) or (sequence, head) pairs (training forward): each
 * task writes only its own head's slices, so no two tasks touch the same element and the result
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
     * Inference, multi-head over qkv (T, 3C) with H heads of C / H: {@link #forward(Kernels,
     * float[], float[], float[], int, float[], int, int, int, int, int, int, int, float[], int,
     * Parallel) the grouped form} with K = H.
     */
    public static void forward(Kernels kernels, float[] y, float[] qkv, float[] keys, int kBase,
                               float[] values, int vBase, int stride, int rows, int pos0, int c, int heads,
                               float[] scores, int scoreStride, Parallel par) {
        forward(kernels, y, qkv, keys, kBase, values, vBase, stride, rows, pos0, heads, heads, c / heads,
                scores, scoreStride, par);
    }

    /**
     * Inference: y (T, H·D) = attention of the T query rows of qkv (T, (H + 2K)·D), which are
     * positions {@code pos0 .. pos0+T-1}, over the keys and values of positions 0.. . Query head h
     * reads key/value head {@code h / (H / K)} (grouped-query attention; K = H is multi-head):
     * key row s of KV head j starts at {@code kBase + s·stride + j·D} (the qkv itself, stride
     * (H + 2K)·D, or a KV cache, stride K·D). {@code scores} (H, scoreStride) is scratch for one
     * row of probabilities per head.
     */
    public static void forward(Kernels kernels, float[] y, float[] qkv, float[] keys, int kBase,
                               float[] values, int vBase, int stride, int rows, int pos0, int heads, int kvHeads,
                               int headDim, float[] scores, int scoreStride, Parallel par) {
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
        job.hd = headDim;
        job.qWidth = heads * headDim;
        job.qkvWidth = (heads + 2 * kvHeads) * headDim;
        job.group = heads / kvHeads;
        job.scoreStride = scoreStride;
        job.scale = (float) (1.0 / Math.sqrt(headDim));
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
        int kBase, vBase, stride, rows, pos0, hd, qWidth, qkvWidth, group, scoreStride;
        float scale;

        @Override
        public void run(int h0, int h1) {
            for (int h = h0; h < h1; h++) {
                int kv = (h / group) * hd;                          // this head's KV head, as an offset
                for (int t = 0; t < rows; t++) {
                    kernels.attend(y, t * qWidth + h * hd, qkv, t * qkvWidth + h * hd,
                            keys, kBase + kv, values, vBase + kv, stride,
                            pos0 + t + 1, hd, scale, scores, h * scoreStride);
                }
            }
        }
    }

    /** Training, multi-head over qkv (B, T, 3C): the grouped form with K = H and D = C / H. */
    public static void forward(Kernels kernels, float[] atty, float[] att, float[] qkv, int batch, int seq,
                               int c, int heads, Parallel par) {
        forward(kernels, atty, att, qkv, batch, seq, heads, heads, c / heads, par);
    }

    /**
     * Training: atty (B, T, H·D) = softmax(q k^T / sqrt(D)) v per query head over qkv
     * (B, T, (H + 2K)·D), query head h using KV head h / (H / K); att (B, H, T, T) receives the
     * probabilities (row t holds entries 0..t; the rest is left as it was and never read).
     */
    public static void forward(Kernels kernels, float[] atty, float[] att, float[] qkv, int batch, int seq,
                               int heads, int kvHeads, int headDim, Parallel par) {
        Batched job = par.job(BATCHED);
        job.kernels = kernels;
        job.atty = atty;
        job.att = att;
        job.qkv = qkv;
        job.seq = seq;
        job.heads = heads;
        job.hd = headDim;
        job.qWidth = heads * headDim;
        job.kvWidth = kvHeads * headDim;
        job.group = heads / kvHeads;
        job.scale = (float) (1.0 / Math.sqrt(headDim));
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
        int seq, heads, hd, qWidth, kvWidth, group;
        float scale;

        @Override
        public void run(int p0, int p1) {
            int width = qWidth + 2 * kvWidth;
            for (int p = p0; p < p1; p++) {
                int b = p / heads;
                int h = p % heads;
                int kv = (h / group) * hd;
                int base = b * seq * width;                         // row 0 of sequence b in qkv
                for (int t = 0; t < seq; t++) {
                    kernels.attend(atty, (b * seq + t) * qWidth + h * hd,
                            qkv, base + t * width + h * hd,
                            qkv, base + qWidth + kv, qkv, base + qWidth + kvWidth + kv, width,
                            t + 1, hd, scale, att, (p * seq + t) * seq);
                }
            }
        }
    }

    /** Multi-head backward over qkv (B, T, 3C): the grouped form with K = H and D = C / H. */
    public static void backward(float[] dqkv, float[] dRow, float[] datty, float[] qkv, float[] att,
                                int batch, int seq, int c, int heads, Parallel par) {
        backward(dqkv, dRow, datty, qkv, att, batch, seq, heads, heads, c / heads, par);
    }

    /**
     * dqkv (B, T, (H + 2K)·D) = gradient of the attention given datty (B, T, H·D),
     * <b>overwriting</b> dqkv. {@code dRow} (B, H, T) is scratch for one row of d scores per (b, h).
     *
     * <p>Per row t of head h, with p = att[t, 0..t], y = sum_s p_s v_s, z_s = scale q·k_s:
     * dp_s = dy·v_s, dv_s += p_s dy, dz_s = p_s (dp_s - sum_r p_r dp_r),
     * dq += scale sum_s dz_s k_s, dk_s += scale dz_s q.
     *
     * <p>Work is split over (sequence, KV head) pairs: the H / K query heads that share a KV head
     * all add into its dk and dv, so one task runs them in turn, in head order. No two tasks
     * touch the same element, and the sums are in the same order for any split.
     */
    public static void backward(float[] dqkv, float[] dRow, float[] datty, float[] qkv, float[] att,
                                int batch, int seq, int heads, int kvHeads, int headDim, Parallel par) {
        Backward job = par.job(BACKWARD);
        job.dqkv = dqkv;
        job.dRow = dRow;
        job.datty = datty;
        job.qkv = qkv;
        job.att = att;
        job.seq = seq;
        job.heads = heads;
        job.kvHeads = kvHeads;
        job.hd = headDim;
        job.qWidth = heads * headDim;
        job.kvWidth = kvHeads * headDim;
        job.scale = (float) (1.0 / Math.sqrt(headDim));
        try {
            par.forRange(batch * kvHeads, (long) seq * seq * job.hd * 2 * (heads / kvHeads), job);
        } finally {
            job.dqkv = job.dRow = job.datty = job.qkv = job.att = null;
        }
    }

    /** The backward's loop body over (sequence, KV head) pairs. */
    private static final class Backward implements Parallel.RangeBody {
        float[] dqkv, dRow, datty, qkv, att;
        int seq, heads, kvHeads, hd, qWidth, kvWidth;
        float scale;

        @Override
        public void run(int p0, int p1) {
            int width = qWidth + 2 * kvWidth;
            int group = heads / kvHeads;
            for (int p = p0; p < p1; p++) {
                int b = p / kvHeads;
                int j = p % kvHeads;
                int base = b * seq * width;
                int kOff = qWidth + j * hd;                         // this KV head's k slice in a row
                int vOff = qWidth + kvWidth + j * hd;
                for (int t = 0; t < seq; t++) {                     // clear the q, k, v slices this task owns
                    int r = base + t * width;
                    Arrays.fill(dqkv, r + j * group * hd, r + (j + 1) * group * hd, 0f);
                    Arrays.fill(dqkv, r + kOff, r + kOff + hd, 0f);
                    Arrays.fill(dqkv, r + vOff, r + vOff + hd, 0f);
                }
                for (int h = j * group; h < (j + 1) * group; h++) {
                    int bh = b * heads + h;
                    int rowOff = bh * seq;                          // dRow slice of this (b, h): (T)
                    for (int t = 0; t < seq; t++) {
                        int probs = (bh * seq + t) * seq;           // att row t: (T), entries 0..t
                        int dy = (b * seq + t) * qWidth + h * hd;   // datty[b, t, head h]: (D)
                        int q = base + t * width + h * hd;
                        // dp_s and dv_s
                        float dot = 0;
                        for (int s = 0; s <= t; s++) {
                            int v = base + s * width + vOff;
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
                            int k = base + s * width + kOff;
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
}
