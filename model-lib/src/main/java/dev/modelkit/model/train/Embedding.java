package dev.modelkit.model.train;

/** Token plus position embedding, batched: {@code out[b, t] = tok_emb[x[b, t]] + pos_emb[t]}. */
public final class Embedding {

    private Embedding() {
    }

    /** encoded (B, T, C) from tokens (B·T, flattened). */
    public static void forward(float[] encoded, int[] tokens, float[] tokEmb, float[] posEmb,
                               int batch, int seq, int c) {
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                int out = (b * seq + t) * c;
                int te = tokens[b * seq + t] * c;
                int pe = t * c;
                for (int i = 0; i < c; i++) {
                    encoded[out + i] = tokEmb[te + i] + posEmb[pe + i];
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
