package dev.modelkit.model;

/**
 * A deliberately plain decoder forward in double precision, written from the definitions (per
 * position, per head, no workspace, no blocking, no parallelism, no shared code with the model),
 * to check the real one against. It follows every architecture option by its textbook form:
 * LayerNorm or RMSNorm; GELU (tanh) or SwiGLU; learned positions or RoPE (rotate-half pairs
 * (i, i + D/2), angle pos · theta^(-2i/D)); query head h reading KV head h / (H / K); linear
 * biases only when the config has them.
 */
final class NaiveDecoder {

    private final Transformer m;
    private final ModelConfig cfg;

    NaiveDecoder(Transformer m) {
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
        int K = cfg.kvHeads();
        int D = cfg.headDim();
        int F = cfg.intermediateSize();
        boolean rope = cfg.positions() == Positions.ROPE;
        double[][] x = new double[T][C];
        for (int t = 0; t < T; t++) {
            for (int i = 0; i < C; i++) {
                x[t][i] = w("tok_emb", tokens[t] * C + i) + (rope ? 0 : w("pos_emb", t * C + i));
            }
        }
        for (int l = 0; l < cfg.layers(); l++) {
            String b = "blocks." + l + ".";
            double[][] a = norm(x, b + "ln1");
            double[][] qkv = linear(a, b + "attn.qkv", (H + 2 * K) * D);
            int kOff = H * D;
            int vOff = H * D + K * D;
            if (rope) {
                for (int t = 0; t < T; t++) {
                    for (int h = 0; h < H; h++) {
                        rotate(qkv[t], h * D, t, D);
                    }
                    for (int j = 0; j < K; j++) {
                        rotate(qkv[t], kOff + j * D, t, D);
                    }
                }
            }
            double[][] y = new double[T][H * D];
            for (int h = 0; h < H; h++) {
                int kv = h / (H / K);
                for (int t = 0; t < T; t++) {
                    double[] score = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        double d = 0;
                        for (int i = 0; i < D; i++) {
                            d += qkv[t][h * D + i] * qkv[s][kOff + kv * D + i];
                        }
                        score[s] = d / Math.sqrt(D);
                        max = Math.max(max, score[s]);
                    }
                    double z = 0;
                    for (int s = 0; s <= t; s++) {
                        score[s] = Math.exp(score[s] - max);
                        z += score[s];
                    }
                    for (int s = 0; s <= t; s++) {
                        for (int i = 0; i < D; i++) {
                            y[t][h * D + i] += score[s] / z * qkv[s][vOff + kv * D + i];
                        }
                    }
                }
            }
            add(x, linear(y, b + "attn.proj", C));
            double[][] in = norm(x, b + "ln2");
            double[][] f = linear(in, b + "mlp.fc1", F);
            if (cfg.mlp() == Mlp.SWIGLU) {
                double[][] g = linear(in, b + "mlp.gate", F);
                for (int t = 0; t < T; t++) {
                    for (int i = 0; i < F; i++) {
                        double u = g[t][i];
                        f[t][i] *= u / (1 + Math.exp(-u));
                    }
                }
            } else {
                for (double[] row : f) {
                    for (int i = 0; i < F; i++) {
                        double u = row[i];
                        row[i] = 0.5 * u * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (u + 0.044715 * u * u * u)));
                    }
                }
            }
            add(x, linear(f, b + "mlp.fc2", C));
        }
        double[][] xf = norm(x, "ln_f");
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

    /** Rotates the head at {@code off} of a row for position {@code pos}: pairs (i, i + D/2). */
    private void rotate(double[] row, int off, int pos, int D) {
        for (int i = 0; i < D / 2; i++) {
            double angle = pos * Math.pow(cfg.ropeTheta(), -2.0 * i / D);
            double a = row[off + i];
            double b = row[off + i + D / 2];
            row[off + i] = a * Math.cos(angle) - b * Math.sin(angle);
            row[off + i + D / 2] = b * Math.cos(angle) + a * Math.sin(angle);
        }
    }

    private double[][] norm(double[][] x, String name) {
        int C = x[0].length;
        double eps = cfg.normEps();
        double[][] out = new double[x.length][C];
        for (int t = 0; t < x.length; t++) {
            if (cfg.norm() == Norm.RMS_NORM) {
                double ms = 0;
                for (double v : x[t]) {
                    ms += v * v;
                }
                ms /= C;
                for (int i = 0; i < C; i++) {
                    out[t][i] = x[t][i] / Math.sqrt(ms + eps) * w(name + ".gamma", i);
                }
                continue;
            }
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
                out[t][i] = (x[t][i] - mean) / Math.sqrt(var + eps) * w(name + ".gamma", i) + w(name + ".beta", i);
            }
        }
        return out;
    }

    private double[][] linear(double[][] x, String name, int out) {
        int in = x[0].length;
        double[][] y = new double[x.length][out];
        for (int t = 0; t < x.length; t++) {
            for (int o = 0; o < out; o++) {
                double d = cfg.bias() ? w(name + ".bias", o) : 0;
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
