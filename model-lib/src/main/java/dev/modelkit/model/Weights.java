package dev.modelkit.model;

import java.util.List;

/**
 * The model's parameters by role: a field per {@link ParameterRole}, so forward and backward
 * passes reach every tensor by what it is, never by name. Built from the parameter list that
 * {@link ModelConfig#layout()} describes; gradients and optimizer moments are reached through
 * the same fields by {@link Parameter#index()}. A role the config lacks (see {@link ParameterRole})
 * reads as null: no position table with RoPE, no betas with RMSNorm, no biases with
 * {@code bias = false}, no gate with a GELU MLP. C = dModel, F = intermediateSize, V = vocabSize,
 * T = contextLength, L = layers, Q = H·D (query width), W = (H + 2K)·D (qkv width).
 */
public final class Weights {

    private final Parameter tokEmb;       // (V, C)
    private final Parameter posEmb;       // (T, C), or null (RoPE)
    private final Parameter[] ln1Gamma;   // [L] (C)
    private final Parameter[] ln1Beta;    // [L] (C), or null (RMSNorm)
    private final Parameter[] qkvW;       // [L] (W, C)
    private final Parameter[] qkvB;       // [L] (W), or null (no bias)
    private final Parameter[] projW;      // [L] (C, Q)
    private final Parameter[] projB;      // [L] (C)
    private final Parameter[] ln2Gamma;   // [L] (C)
    private final Parameter[] ln2Beta;    // [L] (C)
    private final Parameter[] gateW;      // [L] (F, C), or null (GELU)
    private final Parameter[] gateB;      // [L] (F)
    private final Parameter[] fc1W;       // [L] (F, C): the up projection in SwiGLU
    private final Parameter[] fc1B;       // [L] (F)
    private final Parameter[] fc2W;       // [L] (C, F)
    private final Parameter[] fc2B;       // [L] (C)
    private final Parameter lnfGamma;     // (C)
    private final Parameter lnfBeta;      // (C)
    private final Parameter head;         // (V, C): tok_emb itself when the embeddings are tied

    Weights(ModelConfig cfg, List<Parameter> params) {
        int layers = cfg.layers();
        ln1Gamma = new Parameter[layers];
        ln1Beta = new Parameter[layers];
        qkvW = new Parameter[layers];
        qkvB = new Parameter[layers];
        projW = new Parameter[layers];
        projB = new Parameter[layers];
        ln2Gamma = new Parameter[layers];
        ln2Beta = new Parameter[layers];
        gateW = new Parameter[layers];
        gateB = new Parameter[layers];
        fc1W = new Parameter[layers];
        fc1B = new Parameter[layers];
        fc2W = new Parameter[layers];
        fc2B = new Parameter[layers];
        Parameter tok = null, pos = null, lnfG = null, lnfB = null, lmHead = null;
        for (Parameter p : params) {
            int l = p.layer();
            switch (p.role()) {
                case TOK_EMB -> tok = p;
                case POS_EMB -> pos = p;
                case LN1_GAMMA -> ln1Gamma[l] = p;
                case LN1_BETA -> ln1Beta[l] = p;
                case QKV_WEIGHT -> qkvW[l] = p;
                case QKV_BIAS -> qkvB[l] = p;
                case PROJ_WEIGHT -> projW[l] = p;
                case PROJ_BIAS -> projB[l] = p;
                case LN2_GAMMA -> ln2Gamma[l] = p;
                case LN2_BETA -> ln2Beta[l] = p;
                case GATE_WEIGHT -> gateW[l] = p;
                case GATE_BIAS -> gateB[l] = p;
                case FC1_WEIGHT -> fc1W[l] = p;
                case FC1_BIAS -> fc1B[l] = p;
                case FC2_WEIGHT -> fc2W[l] = p;
                case FC2_BIAS -> fc2B[l] = p;
                case LNF_GAMMA -> lnfG = p;
                case LNF_BETA -> lnfB = p;
                case LM_HEAD -> lmHead = p;
            }
        }
        tokEmb = tok;
        posEmb = pos;
        lnfGamma = lnfG;
        lnfBeta = lnfB;
        head = cfg.tieEmbeddings() ? tok : lmHead;
    }

    /** The data of {@code p}, or null for an absent role (a bias the config lacks, say). */
    public static float[] values(Parameter p) {
        return p == null ? null : p.values();
    }

    public Parameter tokEmb() {
        return tokEmb;
    }

    public Parameter posEmb() {
        return posEmb;
    }

    public Parameter ln1Gamma(int layer) {
        return ln1Gamma[layer];
    }

    public Parameter ln1Beta(int layer) {
        return ln1Beta[layer];
    }

    public Parameter qkvW(int layer) {
        return qkvW[layer];
    }

    public Parameter qkvB(int layer) {
        return qkvB[layer];
    }

    public Parameter projW(int layer) {
        return projW[layer];
    }

    public Parameter projB(int layer) {
        return projB[layer];
    }

    public Parameter ln2Gamma(int layer) {
        return ln2Gamma[layer];
    }

    public Parameter ln2Beta(int layer) {
        return ln2Beta[layer];
    }

    public Parameter gateW(int layer) {
        return gateW[layer];
    }

    public Parameter gateB(int layer) {
        return gateB[layer];
    }

    public Parameter fc1W(int layer) {
        return fc1W[layer];
    }

    public Parameter fc1B(int layer) {
        return fc1B[layer];
    }

    public Parameter fc2W(int layer) {
        return fc2W[layer];
    }

    public Parameter fc2B(int layer) {
        return fc2B[layer];
    }

    public Parameter lnfGamma() {
        return lnfGamma;
    }

    public Parameter lnfBeta() {
        return lnfBeta;
    }

    /** The LM head (V, C): {@link #tokEmb()} itself when the embeddings are tied. */
    public Parameter head() {
        return head;
    }
}
