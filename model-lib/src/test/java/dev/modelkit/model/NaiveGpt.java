package dev.modelkit.model;

/**
 * A deliberately plain GPT forward in double precision, written from the definition (per position,
 * per head, no workspace, no blocking, no parallelism), to check the real one against.
 */
final class NaiveGpt {

    private final Transformer m;
    private final ModelConfig cfg;

    NaiveGpt(Transformer m) {
        this.m = m;
        this.cfg = m.config();
    }


    private float w(String name, int i) {
        return m.parameter(name).values()[i];
    }

    double[][] forward(int[] tokens) {
        int T = tokens.length;
        int C = cfg.dModel();
        int H = cfg.heads();
        int hd = C / H;
        int F = cfg.mlpHidden();
        double[][] x = new double[T][C];
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < C; i++) {
                x[t][i] = w("tok_emb", tokens[t] * C + i) + w("pos_emb", t * C + i);
            }
        }
        for (int l = 0; l < cfg.layers(); l++) {
            String b = "blocks." + l + ".";
            double[][] a = layerNorm(x, b + "ln1");
            double[][] qkv = linear(a, b + "attn.qkv", 3 * C);
            double[][] y = new double[T][C];
            for (int h = 0; h < H; h++) {
                for (int t = 0; t < T; t++) {
                    double[] score = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        double d = 0;
                        for (int i = 0; i < hd; i++) {
                            d += qkv[t][h * hd + i] * qkv[s][C + h * hd + i];
                        }
                        score[s] = d / Math.sqrt(hd);
                        max = Math.max(max, score[s]);
                    }
                    double z = 0;
                    for (int s = 0; s <= t; s++) {
                        score[s] = Math.exp(score[s] - max);
                        z += score[s];
                    }
                    for (int s = 0; s <= t; s++) {
                        for (int i = 0; i < hd; i++) {
                            y[t][h * hd + i] += score[s] / z * qkv[s][2 * C + h * hd + i];
                        }
                    }
                }
            }
            add(x, linear(y, b + "attn.proj", C));
            double[][] f = linear(layerNorm(x, b + "ln2"), b + "mlp.fc1", F);
            for (double[] row : f) {
                for (int i = 0; i < F; i++) {
                    double u = row[i];
                    row[i] = 0.5 * u * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (u + 0.044715 * u * u * u)));
                }
            }
            add(x, linear(f, b + "mlp.fc2", C));
        }
        double[][] xf = layerNorm(x, "ln_f");
        String head = cfg.tieEmbeddings() ? "tok_emb" : "lm_head.weight";
        double[][] logits = new double[T][cfg.vocabSize()];
        for (int t = 0; t < T; t++) {
            for (int v = 0; v < cfg.vocabSize(); v++) {
                double d = 0;
                for (int i = 0; i < C; i++) {
                    d += xf[t][i] * w(head, v * C + i);
                }
                logits[t][v] = d;
            }
        }
        return logits;
    }

    private double[][] layerNorm(double[][] x, String name) {
        int C = x[0].length;
        double[][] out = new double[x.length][C];
        for (int t = 0; t < x.length; t++) {
            double mean = 0;
            for (double v : x[t]) {
                mean += v;
            }
            mean /= C;
            double var = 0;
            for (double v : x[t]) {
                var += (v - mean) * (v - mean);
            }
            var /= C;
            for (int i = 0; i < C; i++) {
                out[t][i] = (x[t][i] - mean) / Math.sqrt(var + 1e-5) * w(name + ".gamma", i) + w(name + ".beta", i);
            }
        }
        return out;
    }

    private double[][] linear(double[][] x, String name, int out) {
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double d = w(name + ".bias", o);
                for (int i = 0; i < in; i++) {
                    d += x[t][i] * w(name + ".weight", o * in + i);
                }
                y[t][o] = d;
            }
        }
        return y;
    }

    private static void add(double[][] x, double[][] d) {
        for (int t = 0; t < x.length; t++) {
            for (int i = 0; i < x[t].length; i++) {
                x[t][i] += d[t][i];
            }
        }
    }
}
