package dev.modelkit.model.ops;

/**
 * Rotary position embeddings, forward and backward, on the q and k heads of a fused qkv row
 * ({@code [q: H·D | k: K·D | v: K·D]}): within each head, dimension i and i + D/2 form a pair
 * (the "rotate half" layout of Hugging Face's Llama) rotated by the angle
 * {@code pos · theta^(-2i/D)}. v is not rotated; the rotation keeps lengths, and q·k then
 * depends only on the distance between the two positions.
 *
 * <p>The angles come from tables cos and sin (P, D/2), filled once by {@link #table}.
 */
public final class Rope {

    private Rope() {
    }

    /**
     * cos, sin (positions, D/2) for positions 0..positions-1: angle {@code p · theta^(-2i/D)},
     * computed in double with StrictMath so the tables are the same on every JVM.
     */
    public static void table(float[] cos, float[] sin, int positions, int headDim, double theta) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            double freq = 1.0 / StrictMath.pow(theta, (2.0 * i) / headDim);
            for (int p = 0; p < positions; p++) {
                double a = p * freq;
                cos[p * half + i] = (float) StrictMath.cos(a);
                sin[p * half + i] = (float) StrictMath.sin(a);
            }
        }
    }

    /**
     * In place on qkv (N, (H + 2K)·D): rotates the H query heads and K key heads of each row;
     * row r is position {@code pos0 + r % seq} (training: N = B·T rows, pos0 = 0; a cached
     * generation step: the new rows at pos0..).
     */
    public static void forward(float[] qkv, float[] cos, float[] sin, int rows, int seq, int pos0,
                               int heads, int kvHeads, int headDim) {
        rotate(qkv, cos, sin, rows, seq, pos0, heads, kvHeads, headDim, 1f);
    }

    /**
     * In place on dqkv: the gradient of a rotation is the inverse rotation (its transpose), applied
     * to the q and k heads; the v heads pass through.
     */
    public static void backward(float[] dqkv, float[] cos, float[] sin, int rows, int seq,
                                int heads, int kvHeads, int headDim) {
        rotate(dqkv, cos, sin, rows, seq, 0, heads, kvHeads, headDim, -1f);
    }

    /** Rotates by +angle (direction 1) or -angle (direction -1). */
    private static void rotate(float[] x, float[] cos, float[] sin, int rows, int seq, int pos0,
                               int heads, int kvHeads, int headDim, float direction) {
        int half = headDim / 2;
        int width = (heads + 2 * kvHeads) * headDim;
        int rotated = heads + kvHeads;                      // q heads, then k heads, are contiguous
        for (int r = 0; r < rows; r++) {
            int t = (pos0 + r % seq) * half;
            for (int h = 0; h < rotated; h++) {
                int o = r * width + h * headDim;
                for (int i = 0; i < half; i++) {
                    float c = cos[t + i];
                    float s = direction * sin[t + i];
                    float a = x[o + i];
                    float b = x[o + i + half];
                    x[o + i] = a * c - b * s;
                    x[o + i + half] = b * c + a * s;
                }
            }
        }
    }
}
