package dev.modelkit.model.ops;

/**
 * The encoder: token plus position embedding, forward and backward (llm.c's encoder_forward/
 * backward): {@code out[b, t] = tok_emb[x[b, t]] + pos_emb[pos0 + t]}; without a position table
 * (posEmb null: rotary positions, applied in attention instead) just {@code tok_emb[x[b, t]]}.
 */
public final class Encoder {

    private Encoder() {
    }

    /**
     * out (B, T, C) from tokens (B·T, flattened), the rows of each sequence being positions
     * {@code pos0 .. pos0+T-1} (pos0 is 0 except for a KV-cached generation step).
     */
    public static void forward(float[] out, int[] tokens, float[] tokEmb, float[] posEmb,
                               int batch, int seq, int pos0, int c) {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                int o = (b * seq + t) * c;
                int te = tokens[b * seq + t] * c;
                if (posEmb == null) {
                    System.arraycopy(tokEmb, te, out, o, c);
                    continue;
                }
                int pe = (pos0 + t) * c;
                for (int i = 0; i < c; i++) {
                    out[o + i] = tokEmb[te + i] + posEmb[pe + i];
                }
            }
        }
    }

    /**
     * dTokEmb[x[b, t]] += dout[b, t] and dPosEmb[t] += dout[b, t] (dPosEmb null: no position
     * table), <b>accumulating</b>. Serial,
     * in (b, t) order: a token that occurs twice gets its two rows added in a fixed order.
     */
    public static void backward(float[] dTokEmb, float[] dPosEmb, float[] dout, int[] tokens,
                                int batch, int seq, int c) {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                int g = (b * seq + t) * c;
                int te = tokens[b * seq + t] * c;
                int pe = t * c;
                for (int i = 0; i < c; i++) {
                    dTokEmb[te + i] += dout[g + i];
                }
                if (dPosEmb != null) {
                    for (int i = 0; i < c; i++) {
                        dPosEmb[pe + i] += dout[g + i];
                    }
                }
            }
        }
    }
}
