package dev.modelkit.model.nn;

/**
 * Multi-head causal self-attention with a fused QKV projection.
 *
 * <p>Row t of {@code qkv} (T, 3C) holds q, k and v side by side; head h reads its slice
 * {@code [h*hd, (h+1)*hd)} of each. Position t attends to positions 0..t only.
 */
public final class CausalSelfAttention {

    private final Linear qkv;
    private final Linear proj;
    private final int heads;

    public CausalSelfAttention(Linear qkv, Linear proj, int heads) {
        this.qkv = qkv;
        this.proj = proj;
        this.heads = heads;
    }

    public Linear qkv() {
        return qkv;
    }

    public Linear proj() {
        return proj;
    }

    public int heads() {
        return heads;
    }

    /**
     * out (T, C) = attention over xn (T, C), the rows being positions {@code pos0 .. pos0+T-1}.
     * With a cache, this layer's keys and values for the new rows are stored there first and
     * earlier positions are read from it; without one, {@code pos0} must be 0.
     */
    public void forward(float[] out, float[] xn, int rows, int pos0, KvCache cache, int layer,
                        Workspace ws, Parallel par) {
        int c = proj.out();
        int hd = c / heads;
        float[] qkvBuf = ws.qkv;
        qkv.forward(qkvBuf, xn, rows, par);                     // (T, 3C)

        float[] keys = qkvBuf;
        float[] values = qkvBuf;
        int kBase = c;
        int vBase = 2 * c;
        int kvStride = 3 * c;
        if (cache != null) {
            cache.store(layer, pos0, qkvBuf, rows, c);
            keys = cache.keys(layer);
            values = cache.values(layer);
            kBase = 0;
            vBase = 0;
            kvStride = c;
        }
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] y = ws.y;                                       // (T, C)
        float[] scores = ws.scores;                             // (H, context)
        int context = ws.context;
        final float[] k = keys;
        final float[] v = values;
        final int kb = kBase;
        final int vb = vBase;
        final int stride = kvStride;
        par.forRange(heads, (long) rows * (pos0 + rows) * hd, (h0, h1) -> {
            for (int h = h0; h < h1; h++) {
                for (int t = 0; t < rows; t++) {
                    attend(y, t * c + h * hd, qkvBuf, t * 3 * c + h * hd,
                            k, kb + h * hd, v, vb + h * hd, stride,
                            pos0 + t + 1, hd, scale, scores, h * context);
                }
            }
        });
        proj.forward(out, y, rows, par);                        // (T, C)
    }

    /**
     * One query against {@code n} keys: {@code y = softmax(q·K^T * scale) · V}, the scores
     * written to {@code att[attOff, attOff + n)}.
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
}
