package dev.modelkit.model.train;

import dev.modelkit.model.nn.CausalSelfAttention;
import dev.modelkit.model.nn.MatMul;
import dev.modelkit.model.nn.Parallel;

/**
 * Batched causal self-attention over a fused qkv (B, T, 3C), forward (keeping the probabilities)
 * and backward. Work is split over the B·H (sequence, head) pairs: each pair reads and writes
 * only its own head's slices, so no two tasks touch the same element and the result does not
 * depend on the split.
 */
public final class Attention {

    private Attention() {
    }

    /**
     * atty (B, T, C) = softmax(q k^T / sqrt(hd)) v per head; att (B, H, T, T) receives the
     * probabilities (row t holds entries 0..t; the rest is left as it was and never read).
     * Reuses the inference kernel {@link CausalSelfAttention#attend} row by row.
     */
    public static void forward(float[] atty, float[] att, float[] qkv, int batch, int seq, int c,
                               int heads, Parallel par) {
        int hd = c / heads;
        float scale = (float) (1.0 / Math.sqrt(hd));
        int c3 = 3 * c;
        par.forRange(batch * heads, (long) seq * seq * hd, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int b = p / heads;
                int h = p % heads;
                int base = b * seq * c3;                            // row 0 of sequence b in qkv
                for (int t = 0; t < seq; t++) {
                    CausalSelfAttention.attend(atty, (b * seq + t) * c + h * hd,
                            qkv, base + t * c3 + h * hd,
                            qkv, base + c + h * hd, qkv, base + 2 * c + h * hd, c3,
                            t + 1, hd, scale, att, (p * seq + t) * seq);
                }
            }
        });
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
        int hd = c / heads;
        float scale = (float) (1.0 / Math.sqrt(hd));
        int c3 = 3 * c;
        par.forRange(batch * heads, (long) seq * seq * hd * 2, (p0, p1) -> {
            for (int p = p0; p < p1; p++) {
                int b = p / heads;
                int h = p % heads;
                int base = b * seq * c3;
                int rowOff = p * seq;                               // dRow slice of this (b, h): (T)
                for (int t = 0; t < seq; t++) {                     // clear this head's q, k, v slices
                    int r = base + t * c3 + h * hd;
                    java.util.Arrays.fill(dqkv, r, r + hd, 0f);
                    java.util.Arrays.fill(dqkv, r + c, r + c + hd, 0f);
                    java.util.Arrays.fill(dqkv, r + 2 * c, r + 2 * c + hd, 0f);
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
        });
    }
}
