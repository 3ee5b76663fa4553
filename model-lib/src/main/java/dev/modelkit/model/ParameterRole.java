package dev.modelkit.model;

import dev.modelkit.model.init.ParameterKind;

/**
 * What each parameter tensor of the model is: the one place that spells the layout, the tensor
 * names ({@code blocks.N.attn.qkv.weight}, the GPT-2/nanoGPT scheme), their shapes, how they are
 * initialised and which component they belong to. {@link ModelConfig#layout()} lists one tensor
 * per role (per block for the block roles), in this order; {@link Weights} gives each a field.
 * C = dModel, F = mlpHidden, V = vocabSize, T = contextLength.
 */
public enum ParameterRole {
    TOK_EMB("tok_emb", false, ParameterKind.EMBEDDING, Component.EMBEDDINGS),           // (V, C)
    POS_EMB("pos_emb", false, ParameterKind.EMBEDDING, Component.EMBEDDINGS),           // (T, C)
    LN1_GAMMA("ln1.gamma", true, ParameterKind.NORM_GAIN, Component.NORMS),             // (C)
    LN1_BETA("ln1.beta", true, ParameterKind.NORM_BIAS, Component.NORMS),               // (C)
    QKV_WEIGHT("attn.qkv.weight", true, ParameterKind.WEIGHT, Component.ATTENTION),     // (3C, C)
    QKV_BIAS("attn.qkv.bias", true, ParameterKind.BIAS, Component.ATTENTION),           // (3C)
    PROJ_WEIGHT("attn.proj.weight", true, ParameterKind.WEIGHT, Component.ATTENTION),   // (C, C)
    PROJ_BIAS("attn.proj.bias", true, ParameterKind.BIAS, Component.ATTENTION),         // (C)
    LN2_GAMMA("ln2.gamma", true, ParameterKind.NORM_GAIN, Component.NORMS),             // (C)
    LN2_BETA("ln2.beta", true, ParameterKind.NORM_BIAS, Component.NORMS),               // (C)
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

    /** Its shape for these sizes; weights are [out, in]. */
    long[] dims(long vocab, long context, long d, long hidden) {
        return switch (this) {
            case TOK_EMB, LM_HEAD -> new long[] {vocab, d};
            case POS_EMB -> new long[] {context, d};
            case LN1_GAMMA, LN1_BETA, LN2_GAMMA, LN2_BETA, LNF_GAMMA, LNF_BETA, PROJ_BIAS, FC2_BIAS -> new long[] {d};
            case QKV_WEIGHT -> new long[] {3 * d, d};
            case QKV_BIAS -> new long[] {3 * d};
            case PROJ_WEIGHT -> new long[] {d, d};
            case FC1_WEIGHT -> new long[] {hidden, d};
            case FC1_BIAS -> new long[] {hidden};
            case FC2_WEIGHT -> new long[] {d, hidden};
        };
    }
}
