package dev.modelkit.model;

import dev.modelkit.model.init.ParameterKind;

/**
 * What each parameter tensor of the model is: the one place that spells the layout, the tensor
 * names ({@code blocks.N.attn.qkv.weight}, the GPT-2/nanoGPT scheme), their shapes, which
 * architectures have them, how they are initialised and which component they belong to.
 * {@link ModelConfig#layout()} lists one tensor per present role (per block for the block roles),
 * in this order; {@link Weights} gives each a field.
 * C = dModel, F = intermediateSize, V = vocabSize, T = contextLength, H = heads, K = kvHeads,
 * D = headDim; q is H·D wide, k and v are K·D wide each.
 *
 * <p>Which roles a config has: {@code pos_emb} only with {@link Positions#LEARNED}; the betas only
 * with {@link Norm#LAYER_NORM}; {@code mlp.gate.*} only with {@link Mlp#SWIGLU} (where fc1 is the
 * up projection and fc2 the down projection); the linear biases only with {@code bias = true};
 * {@code lm_head.weight} only with untied embeddings.
 */
public enum ParameterRole {
    TOK_EMB("tok_emb", false, ParameterKind.EMBEDDING, Component.EMBEDDINGS),           // (V, C)
    POS_EMB("pos_emb", false, ParameterKind.EMBEDDING, Component.EMBEDDINGS),           // (T, C)
    LN1_GAMMA("ln1.gamma", true, ParameterKind.NORM_GAIN, Component.NORMS),             // (C)
    LN1_BETA("ln1.beta", true, ParameterKind.NORM_BIAS, Component.NORMS),               // (C)
    QKV_WEIGHT("attn.qkv.weight", true, ParameterKind.WEIGHT, Component.ATTENTION),     // ((H + 2K)·D, C)
    QKV_BIAS("attn.qkv.bias", true, ParameterKind.BIAS, Component.ATTENTION),           // ((H + 2K)·D)
    PROJ_WEIGHT("attn.proj.weight", true, ParameterKind.WEIGHT, Component.ATTENTION),   // (C, H·D)
    PROJ_BIAS("attn.proj.bias", true, ParameterKind.BIAS, Component.ATTENTION),         // (C)
    LN2_GAMMA("ln2.gamma", true, ParameterKind.NORM_GAIN, Component.NORMS),             // (C)
    LN2_BETA("ln2.beta", true, ParameterKind.NORM_BIAS, Component.NORMS),               // (C)
    GATE_WEIGHT("mlp.gate.weight", true, ParameterKind.WEIGHT, Component.MLP),          // (F, C)
    GATE_BIAS("mlp.gate.bias", true, ParameterKind.BIAS, Component.MLP),                // (F)
    FC1_WEIGHT("mlp.fc1.weight", true, ParameterKind.WEIGHT, Component.MLP),            // (F, C)
    FC1_BIAS("mlp.fc1.bias", true, ParameterKind.BIAS, Component.MLP),                  // (F)
    FC2_WEIGHT("mlp.fc2.weight", true, ParameterKind.WEIGHT, Component.MLP),            // (C, F)
    FC2_BIAS("mlp.fc2.bias", true, ParameterKind.BIAS, Component.MLP),                  // (C)
    LNF_GAMMA("ln_f.gamma", false, ParameterKind.NORM_GAIN, Component.NORMS),           // (C)
    LNF_BETA("ln_f.beta", false, ParameterKind.NORM_BIAS, Component.NORMS),             // (C)
    /** Absent when the embeddings are tied: the head is then {@code tok_emb}. */
    LM_HEAD("lm_head.weight", false, ParameterKind.WEIGHT, Component.HEAD);             // (V, C)

    private final String suffix;
    private final boolean perBlock;
    private final ParameterKind kind;
    private final Component component;

    ParameterRole(String suffix, boolean perBlock, ParameterKind kind, Component component) {
        this.suffix = suffix;
        this.perBlock = perBlock;
        this.kind = kind;
        this.component = component;
    }

    /** Whether every block has one (then {@link #tensorName} takes the block index). */
    public boolean perBlock() {
        return perBlock;
    }

    public ParameterKind kind() {
        return kind;
    }

    public Component component() {
        return component;
    }

    /** The tensor's name: e.g. {@code blocks.3.attn.qkv.weight}, or {@code tok_emb} (layer ignored). */
    public String tensorName(int layer) {
        return perBlock ? "blocks." + layer + "." + suffix : suffix;
    }

    /** Whether a model of this config has this tensor. */
    public boolean presentIn(ModelConfig cfg) {
        return presentIn(cfg.sizes());
    }

    boolean presentIn(Sizes s) {
        return switch (this) {
            case POS_EMB -> s.positions() == Positions.LEARNED;
            case LN1_BETA, LN2_BETA, LNF_BETA -> s.norm() == Norm.LAYER_NORM;
            case GATE_WEIGHT -> s.mlp() == Mlp.SWIGLU;
            case GATE_BIAS -> s.mlp() == Mlp.SWIGLU && s.bias();
            case QKV_BIAS, PROJ_BIAS, FC1_BIAS, FC2_BIAS -> s.bias();
            case LM_HEAD -> !s.tied();
            default -> true;
        };
    }

    /** Its shape for these sizes; weights are [out, in]. */
    long[] dims(Sizes s) {
        long c = s.dModel();
        long f = s.hidden();
        return switch (this) {
            case TOK_EMB, LM_HEAD -> new long[] {s.vocab(), c};
            case POS_EMB -> new long[] {s.context(), c};
            case LN1_GAMMA, LN1_BETA, LN2_GAMMA, LN2_BETA, LNF_GAMMA, LNF_BETA, PROJ_BIAS, FC2_BIAS -> new long[] {c};
            case QKV_WEIGHT -> new long[] {s.qkvWidth(), c};
            case QKV_BIAS -> new long[] {s.qkvWidth()};
            case PROJ_WEIGHT -> new long[] {c, s.qWidth()};
            case GATE_WEIGHT, FC1_WEIGHT -> new long[] {f, c};
            case GATE_BIAS, FC1_BIAS -> new long[] {f};
            case FC2_WEIGHT -> new long[] {c, f};
        };
    }

    /** The config fields that decide this tensor's size, for the "too large" error. */
    String sizeFields() {
        return switch (this) {
            case TOK_EMB, LM_HEAD -> "vocabSize or dModel";
            case POS_EMB -> "contextLength or dModel";
            case QKV_WEIGHT, QKV_BIAS, PROJ_WEIGHT -> "dModel, heads, kvHeads or headDim";
            case GATE_WEIGHT, GATE_BIAS, FC1_WEIGHT, FC1_BIAS, FC2_WEIGHT -> "dModel or mlpRatio (intermediateSize)";
            default -> "dModel";
        };
    }

    /**
     * The sizes and options the layout depends on, as plain values, so a config can be checked
     * before it exists. qWidth = H·D, kvWidth = K·D, hidden = F.
     */
    record Sizes(long vocab, long context, long dModel, long qWidth, long kvWidth, long hidden,
                 Norm norm, Mlp mlp, Positions positions, boolean bias, boolean tied) {
        long qkvWidth() {
            return qWidth + 2 * kvWidth;
        }
    }
}
