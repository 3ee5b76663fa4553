package dev.modelkit.model.ops;

/**
 * The encoder: token plus position embedding, forward and backward (llm.c's encoder_forward/
 * backward): {@code out[b, t] = tok_emb[x[b, t]] + pos_emb[pos0 + t]}.
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
                int pe = (pos0 + t) * c;
                for (int i = 0; i < c; i++) {
                    out[o + i] = tokEmb[te + i] + posEmb[pe + i];
                }
            }
        }
    }

    /**
     * dTokEmb[x[b, t]] += dout[b, t] and dPosEmb[t] += dout[b, t], <b>accumulating</b>. Serial,
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
                    float d = dout[g + i];
                    dTokEmb[te + i] += d;
                    dPosEmb[pe + i] += d;
                }
            }
        }
    }
}
