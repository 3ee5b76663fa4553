package dev.modelkit.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The architecture of a GPT-style decoder: immutable, validated on construction.
 *
 * <p>Every field is checked against its allowed range and every tensor against the Java array
 * limit before anything large is allocated, so a bad config fails with an
 * {@link IllegalArgumentException} that names the field, the value and the range.
 *
 * @param vocabSize     tokens in the vocabulary (rows of the token embedding and LM head)
 * @param contextLength the longest sequence the position embedding covers
 * @param dModel        width of the residual stream
 * @param layers        number of transformer blocks
 * @param heads         attention heads per block; must divide {@code dModel}
 * @param mlpRatio      MLP hidden width as a multiple of {@code dModel}
 * @param tieEmbeddings true: the LM head reuses the token embedding (no {@code lm_head.weight})
 */
public record ModelConfig(int vocabSize, int contextLength, int dModel, int layers, int heads,
                          int mlpRatio, boolean tieEmbeddings) {

    /** The longest Java array the HotSpot JVM allocates (Integer.MAX_VALUE - 8). */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    public ModelConfig {
        requirePositive("vocabSize", vocabSize);
        requirePositive("contextLength", contextLength);
        requirePositive("dModel", dModel);
        requirePositive("layers", layers);
        requirePositive("heads", heads);
        requirePositive("mlpRatio", mlpRatio);
        if (layers > MAX_LAYERS) {
            throw new IllegalArgumentException("layers = " + layers + " is out of range; allowed: 1.." + MAX_LAYERS);
        }
        if (heads > dModel) {
            throw new IllegalArgumentException("heads = " + heads + " is out of range; allowed: 1.."
                    + dModel + " (at most dModel, so each head has at least one dimension)");
        }
        if (dModel % heads != 0) {
            throw new IllegalArgumentException("dModel = " + dModel + " is not divisible by heads = "
                    + heads + "; allowed: a positive multiple of heads (e.g. "
                    + (dModel / heads) * heads + " or " + (dModel / heads + 1) * heads + ")");
        }
        long hidden = (long) mlpRatio * dModel;
        if (hidden > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("mlpRatio = " + mlpRatio + " gives an MLP width of "
                    + hidden + " (mlpRatio * dModel); allowed: mlpRatio * dModel <= " + MAX_ARRAY_LENGTH);
        }
        for (ParameterSpec spec : layoutOf(vocabSize, contextLength, dModel, layers, (int) hidden,
                tieEmbeddings, true)) {
            if (spec.numel() > MAX_ARRAY_LENGTH) {
                throw new IllegalArgumentException("tensor " + spec.name() + " " + spec.shapeString()
                        + " would hold " + spec.numel() + " elements; a Java array holds at most "
                        + MAX_ARRAY_LENGTH + ": reduce " + spec.sizeFields());
            }
        }
        // A full-context forward keeps (T, V) logits and (T, 3C), (T, hidden) activations in arrays too.
        requireArray("contextLength * vocabSize (the logits of one sequence)", (long) contextLength * vocabSize,
                "contextLength or vocabSize");
        requireArray("contextLength * 3 * dModel (the fused qkv of one sequence)", 3L * contextLength * dModel,
                "contextLength or dModel");
        requireArray("contextLength * mlpRatio * dModel (the MLP activations of one sequence)",
                contextLength * hidden, "contextLength, dModel or mlpRatio");
        try {
            exactParameterCount(vocabSize, contextLength, dModel, layers, hidden, tieEmbeddings);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("layers = " + layers + " with dModel = " + dModel
                    + " gives more parameters than a long can count; reduce layers or dModel", e);
        }
    }

    /** Most blocks a config may have, so that tensor counts stay ints. */
    public static final int MAX_LAYERS = (Integer.MAX_VALUE - 5) / 12;

    private static void requireArray(String what, long n, String fields) {
        if (n > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(what + " = " + n + " is out of range; allowed: at most "
                    + MAX_ARRAY_LENGTH + " (one Java array): reduce " + fields);
        }
    }

    private static long exactParameterCount(long v, long t, long d, long layers, long h, boolean tied) {
        long perBlock = Math.addExact(Math.addExact(4 * d + 3 * d + d + h + d, Math.multiplyExact(4 * d, d)),
                Math.multiplyExact(2 * h, d));
        long n = Math.addExact(Math.addExact(v * d, t * d), Math.multiplyExact(layers, perBlock));
        return Math.addExact(Math.addExact(n, 2 * d), tied ? 0 : v * d);
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
    }

    /** Width of one attention head. */
    public int headDim() {
        return dModel / heads;
    }

    /** Width of the MLP's hidden layer. */
    public int mlpHidden() {
        return mlpRatio * dModel;
    }

    /** Every parameter tensor, in reference order: embeddings, blocks, final norm, LM head. */
    public List<ParameterSpec> layout() {
        return layoutOf(vocabSize, contextLength, dModel, layers, mlpHidden(), tieEmbeddings, false);
    }

    /** Exact number of scalar parameters (closed form of the sum over {@link #layout()}). */
    public long parameterCount() {
        long d = dModel;
        long h = mlpHidden();
        long perBlock = 4 * d                 // ln1, ln2: gamma and beta
                + 3 * d * d + 3 * d           // fused qkv
                + d * d + d                   // attention projection
                + h * d + h                   // fc1
                + d * h + d;                  // fc2
        return (long) vocabSize * d + (long) contextLength * d + layers * perBlock + 2 * d
                + (tieEmbeddings ? 0 : (long) vocabSize * d);
    }

    /** Number of parameter tensors. */
    public int tensorCount() {
        return 2 + 12 * layers + 2 + (tieEmbeddings ? 0 : 1);
    }

    /** A copy with tied (or untied) embeddings. */
    public ModelConfig withTieEmbeddings(boolean tie) {
        return new ModelConfig(vocabSize, contextLength, dModel, layers, heads, mlpRatio, tie);
    }

    @Override
    public String toString() {
        return "ModelConfig[vocab=" + vocabSize + ", context=" + contextLength + ", dModel=" + dModel
                + ", layers=" + layers + ", heads=" + heads + ", mlpRatio=" + mlpRatio
                + ", tied=" + tieEmbeddings + "]";
    }

    // While validating, only the largest tensor of each shape matters, so the blocks are listed
    // once; that keeps validation O(1) even for absurd layer counts.
    private static List<ParameterSpec> layoutOf(int vocab, int context, int d, int layers, int hidden,
                                                boolean tied, boolean oneBlockOnly) {
        int blocks = oneBlockOnly ? Math.min(layers, 1) : layers;
        List<ParameterSpec> specs = new ArrayList<>(5 + 12 * blocks);
        // Reference order: the roles before the blocks, each block's roles, the roles after them.
        ParameterRole[] roles = ParameterRole.values();
        int firstBlockRole = 0;
        while (!roles[firstBlockRole].perBlock()) {
            firstBlockRole++;
        }
        for (int r = 0; r < firstBlockRole; r++) {
            specs.add(spec(roles[r], -1, vocab, context, d, hidden));
        }
        for (int l = 0; l < blocks; l++) {
            for (ParameterRole role : roles) {
                if (role.perBlock()) {
                    specs.add(spec(role, l, vocab, context, d, hidden));
                }
            }
        }
        for (int r = firstBlockRole; r < roles.length; r++) {
            if (!roles[r].perBlock() && !(roles[r] == ParameterRole.LM_HEAD && tied)) {
                specs.add(spec(roles[r], -1, vocab, context, d, hidden));
            }
        }
        return Collections.unmodifiableList(specs);
    }

    private static ParameterSpec spec(ParameterRole role, int layer, int vocab, int context, int d, int hidden) {
        return new ParameterSpec(role.tensorName(layer), role, layer, role.dims(vocab, context, d, hidden));
    }
}
