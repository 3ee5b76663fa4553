package dev.modelkit.model;

import dev.modelkit.model.ParameterRole.Sizes;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The architecture of a decoder-only transformer: immutable, validated on construction. One
 * record describes the GPT-2 family (LayerNorm, GELU MLP, learned positions, biases) and the
 * Llama family (RMSNorm, SwiGLU, rotary positions, grouped-query attention, no biases).
 *
 * <p>Every field is checked against its allowed range on construction, so a bad config fails
 * with an {@link IllegalArgumentException} that names the field, the value and the range. The
 * Java array limit is checked only when a model is built ({@link #requireArrays()}): a config
 * describes full-size models too (Llama-3-8B, or a 128k context), analytically.
 *
 * <pre>{@code
 * ModelConfig gpt = new ModelConfig(100, 128, 256, 4, 4, 4, false);        // GPT-style, 7 fields
 * ModelConfig llama = ModelConfig.builder().vocabSize(100).contextLength(128).dModel(256).layers(4)
 *         .heads(8).kvHeads(2).intermediateSize(832).norm(Norm.RMS_NORM, 1e-5).mlp(Mlp.SWIGLU)
 *         .positions(Positions.ROPE, 10_000).bias(false).build();
 * }</pre>
 *
 * @param vocabSize        tokens in the vocabulary (rows of the token embedding and LM head)
 * @param contextLength    the longest sequence the model takes (rows of the position table)
 * @param dModel           width of the residual stream, C
 * @param layers           number of transformer blocks
 * @param heads            query heads per block, H
 * @param kvHeads          key/value heads, K: a divisor of heads; K = H is multi-head attention,
 *                         1 &lt; K &lt; H grouped-query (H / K query heads share one), K = 1 multi-query
 * @param headDim          width of one head, D; 0 on construction means dModel / heads (then heads
 *                         must divide dModel); the record always holds the resolved width
 * @param intermediateSize width of the MLP's hidden layer, F
 * @param norm             LayerNorm or RMSNorm, in every block and at the end
 * @param normEps          the epsilon inside the norm's square root
 * @param mlp              GELU or SwiGLU feed-forward
 * @param positions        learned position table or rotary embeddings
 * @param ropeTheta        RoPE base (10,000 in Llama 2; kept, and unused, with learned positions)
 * @param bias             true: the linear layers (qkv, proj, MLP) have biases; the LM head never does
 * @param tieEmbeddings    true: the LM head reuses the token embedding (no {@code lm_head.weight})
 */
public record ModelConfig(int vocabSize, int contextLength, int dModel, int layers, int heads, int kvHeads,
                          int headDim, int intermediateSize, Norm norm, double normEps, Mlp mlp,
                          Positions positions, double ropeTheta, boolean bias, boolean tieEmbeddings) {

    /** The longest Java array the HotSpot JVM allocates (Integer.MAX_VALUE - 8). */
    public static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /** Most blocks a config may have, so that tensor counts stay ints. */
    public static final int MAX_LAYERS = (Integer.MAX_VALUE - 5) / 16;

    /** {@code headDim} on construction: take dModel / heads. */
    public static final int DERIVED_HEAD_DIM = 0;

    /** GPT-2's LayerNorm epsilon, and the default. */
    public static final double DEFAULT_NORM_EPS = 1e-5;

    /** The RoPE base of the original paper and Llama 2, and the default. */
    public static final double DEFAULT_ROPE_THETA = 10_000;

    public ModelConfig {
        requirePositive("vocabSize", vocabSize);
        requirePositive("contextLength", contextLength);
        requirePositive("dModel", dModel);
        requirePositive("layers", layers);
        requirePositive("heads", heads);
        if (layers > MAX_LAYERS) {
            throw new IllegalArgumentException("layers = " + layers + " is out of range; allowed: 1.." + MAX_LAYERS);
        }
        requireOption("norm", norm, Norm.values());
        requireOption("mlp", mlp, Mlp.values());
        requireOption("positions", positions, Positions.values());
        if (headDim < 0) {
            throw new IllegalArgumentException("headDim = " + headDim + " is out of range; allowed: "
                    + DERIVED_HEAD_DIM + " (dModel / heads) or 1.." + MAX_ARRAY_LENGTH);
        }
        if (headDim == DERIVED_HEAD_DIM) {
            if (heads > dModel) {
                throw new IllegalArgumentException("heads = " + heads + " is out of range; allowed: 1.."
                        + dModel + " (at most dModel, so each head has at least one dimension)");
            }
            if (dModel % heads != 0) {
                throw new IllegalArgumentException("dModel = " + dModel + " is not divisible by heads = "
                        + heads + "; allowed: a positive multiple of heads (e.g. "
                        + (dModel / heads) * heads + " or " + (dModel / heads + 1) * heads
                        + "), or set headDim explicitly");
            }
            headDim = dModel / heads;
        }
        if (kvHeads < 1 || kvHeads > heads || heads % kvHeads != 0) {
            throw new IllegalArgumentException("kvHeads = " + kvHeads + " does not divide heads = " + heads
                    + "; allowed: a divisor of heads (" + divisors(heads) + "): " + heads
                    + " is multi-head, 1 multi-query attention");
        }
        if (positions == Positions.ROPE && headDim % 2 != 0) {
            throw new IllegalArgumentException("headDim = " + headDim + " is odd; allowed: an even headDim "
                    + "with positions = ROPE, which rotates pairs of dimensions (change dModel, heads or headDim)");
        }
        if (intermediateSize < 1 || intermediateSize > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("intermediateSize = " + intermediateSize
                    + " is out of range; allowed: 1.." + MAX_ARRAY_LENGTH);
        }
        if (!(normEps > 0 && normEps < 1)) {
            throw new IllegalArgumentException("normEps = " + normEps + " is out of range; allowed: "
                    + "greater than 0 and less than 1 (e.g. 1e-5, 1e-6)");
        }
        if (!(ropeTheta > 1 && ropeTheta < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("ropeTheta = " + ropeTheta + " is out of range; allowed: "
                    + "greater than 1 and finite (e.g. 10000, or 500000 as Llama 3)");
        }
        long qWidth = (long) heads * headDim;
        if (qWidth + 2L * kvHeads * headDim > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("(heads + 2 * kvHeads) * headDim = " + (qWidth + 2L * kvHeads * headDim)
                    + " (the width of the fused qkv) is out of range; allowed: at most " + MAX_ARRAY_LENGTH
                    + ": reduce heads, kvHeads or headDim");
        }
        Sizes sizes = new Sizes(vocabSize, contextLength, dModel, qWidth, (long) kvHeads * headDim,
                intermediateSize, norm, mlp, positions, bias, tieEmbeddings);
        try {
            exactParameterCount(sizes, layers);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("layers = " + layers + " with dModel = " + dModel
                    + " gives more parameters than a long can count; reduce layers or dModel", e);
        }
    }

    /**
     * Refuses a config whose model this JVM could not hold in arrays: a parameter tensor, or a
     * full-context buffer of the forward pass ((T, V) logits, (T, qkv), (T, F)), longer than
     * {@link #MAX_ARRAY_LENGTH}. Only building a model needs this
     * ({@link TransformerBuilder#build()} calls it before allocating): a config, its layout and its
     * analytic memory work for any size, so a 70B or a 128k-context model can still be described.
     */
    public void requireArrays() {
        Sizes sizes = sizes();
        for (ParameterSpec spec : layoutOf(sizes, layers, true)) {
            if (spec.numel() > MAX_ARRAY_LENGTH) {
                throw new IllegalArgumentException("tensor " + spec.name() + " " + spec.shapeString()
                        + " would hold " + spec.numel() + " elements; a Java array holds at most "
                        + MAX_ARRAY_LENGTH + ": reduce " + spec.sizeFields());
            }
        }
        // A full-context forward keeps (T, V) logits and (T, qkv), (T, F) activations in arrays too.
        requireArray("contextLength * vocabSize (the logits of one sequence)", (long) contextLength * vocabSize,
                "contextLength or vocabSize");
        requireArray("contextLength * (heads + 2 * kvHeads) * headDim (the fused qkv of one sequence)",
                contextLength * sizes.qkvWidth(), "contextLength, heads, kvHeads or headDim");
        requireArray("contextLength * intermediateSize (contextLength * mlpRatio * dModel: the MLP "
                        + "activations of one sequence)", (long) contextLength * intermediateSize,
                "contextLength, dModel or mlpRatio (intermediateSize)");
    }

    /**
     * A GPT-style config (the 7 fields of the reference): LayerNorm (eps 1e-5), a GELU MLP of
     * {@code mlpRatio · dModel}, learned positions, full multi-head attention with
     * {@code dModel / heads} per head, and biases.
     */
    public ModelConfig(int vocabSize, int contextLength, int dModel, int layers, int heads, int mlpRatio,
                       boolean tieEmbeddings) {
        this(vocabSize, contextLength, dModel, layers, heads, heads, DERIVED_HEAD_DIM,
                ratioWidth(mlpRatio, dModel), Norm.LAYER_NORM, DEFAULT_NORM_EPS, Mlp.GELU, Positions.LEARNED,
                DEFAULT_ROPE_THETA, true, tieEmbeddings);
    }

    /** A builder with nothing set: the five sizes are required, the rest default as the 7-field constructor. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder on {@code config}: the fields set replace its own, the derived ones follow them. */
    public static Builder builder(ModelConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return new Builder(config);
    }

    /**
     * The architecture of a Hugging Face {@code config.json}: the GPT-2 family ({@code model_type}
     * gpt2: {@code n_embd}, {@code n_layer}, {@code n_head}, {@code n_positions}, {@code vocab_size})
     * or the Llama family (llama, mistral: {@code hidden_size}, {@code intermediate_size},
     * {@code num_hidden_layers}, {@code num_attention_heads}, {@code num_key_value_heads},
     * {@code vocab_size}, {@code max_position_embeddings}, {@code rms_norm_eps}, {@code rope_theta},
     * {@code tie_word_embeddings}, {@code head_dim} when present). Nothing is fetched and nothing
     * large is allocated: a 7B config is a few numbers. {@link PublishedModel} has four shipped.
     *
     * @throws IllegalArgumentException for a file that cannot be read or is not JSON, an unknown
     *                                  {@code model_type}, a missing field or a value out of range,
     *                                  naming the file and the field
     */
    public static ModelConfig fromHuggingFace(java.nio.file.Path configJson) {
        return HuggingFaceConfig.read(configJson);
    }

    /** mlpRatio · dModel, refused with the mlpRatio error when out of range. */
    static int ratioWidth(int mlpRatio, int dModel) {
        requirePositive("mlpRatio", mlpRatio);
        long hidden = (long) mlpRatio * dModel;
        if (hidden > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException("mlpRatio = " + mlpRatio + " gives an MLP width of "
                    + hidden + " (mlpRatio * dModel); allowed: mlpRatio * dModel <= " + MAX_ARRAY_LENGTH);
        }
        // A bad dModel gives a width below 1: let the constructor name dModel, not the width.
        return (int) Math.max(hidden, 1);
    }

    private static void requireArray(String what, long n, String fields) {
        if (n > MAX_ARRAY_LENGTH) {
            throw new IllegalArgumentException(what + " = " + n + " is out of range; allowed: at most "
                    + MAX_ARRAY_LENGTH + " (one Java array): reduce " + fields);
        }
    }

    private static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
    }

    private static <E extends Enum<E>> void requireOption(String field, E value, E[] allowed) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null; allowed: "
                    + java.util.Arrays.toString(allowed));
        }
    }

    /** e.g. "1, 2, 4, 8"; long lists end in "..., n". */
    private static String divisors(int n) {
        List<String> ds = new ArrayList<>();
        for (int d = 1; d <= n / 2 && d <= 1 << 16 && ds.size() < 8; d++) {
            if (n % d == 0) {
                ds.add(Integer.toString(d));
            }
        }
        if (ds.size() == 8) {
            ds.add("...");
        }
        ds.add(Integer.toString(n));
        return String.join(", ", ds);
    }

    /** The sum over the layout, in closed form, refusing overflow. */
    private static long exactParameterCount(Sizes s, long layers) {
        long sum = 0;
        long perBlock = 0;
        for (ParameterSpec spec : layoutOf(s, (int) Math.min(layers, 1), true)) {
            if (spec.layer() >= 0) {
                perBlock = Math.addExact(perBlock, spec.numel());
            } else {
                sum = Math.addExact(sum, spec.numel());
            }
        }
        return Math.addExact(sum, Math.multiplyExact(layers, perBlock));
    }

    /** What the layout is computed from. */
    Sizes sizes() {
        return new Sizes(vocabSize, contextLength, dModel, qWidth(), kvWidth(), intermediateSize, norm, mlp,
                positions, bias, tieEmbeddings);
    }

    /** Width of the MLP's hidden layer (F, the same as {@link #intermediateSize()}). */
    public int mlpHidden() {
        return intermediateSize;
    }

    /**
     * intermediateSize / dModel when that is a whole number (4 for GPT-2), else 0 (a SwiGLU width
     * such as Llama-2-7B's 11,008 for 4,096).
     */
    public int mlpRatio() {
        return intermediateSize % dModel == 0 ? intermediateSize / dModel : 0;
    }

    /** Width of all query heads together, H·D (dModel unless headDim was set apart). */
    public int qWidth() {
        return heads * headDim;
    }

    /** Width of all key (or value) heads together, K·D: what the KV cache keeps per position and layer. */
    public int kvWidth() {
        return kvHeads * headDim;
    }

    /** Width of one row of the fused q, k, v projection: (H + 2K)·D. */
    public int qkvWidth() {
        return qWidth() + 2 * kvWidth();
    }

    /** Query heads that share one key/value head: H / K (1 for multi-head attention). */
    public int queriesPerKvHead() {
        return heads / kvHeads;
    }

    /** Every parameter tensor, in reference order: embeddings, blocks, final norm, LM head. */
    public List<ParameterSpec> layout() {
        return layoutOf(sizes(), layers, false);
    }

    /** Exact number of scalar parameters (the sum over {@link #layout()}, without listing every block). */
    public long parameterCount() {
        return exactParameterCount(sizes(), layers);
    }

    /** Number of parameter tensors. */
    public int tensorCount() {
        int perBlock = 0;
        int other = 0;
        Sizes s = sizes();
        for (ParameterRole role : ParameterRole.values()) {
            if (role.presentIn(s)) {
                if (role.perBlock()) {
                    perBlock++;
                } else {
                    other++;
                }
            }
        }
        return other + perBlock * layers;
    }

    /** A copy with tied (or untied) embeddings. */
    public ModelConfig withTieEmbeddings(boolean tie) {
        return builder(this).tieEmbeddings(tie).build();
    }

    /** A copy with another context length (e.g. to describe a longer sequence than this model takes). */
    public ModelConfig withContextLength(int contextLength) {
        return builder(this).contextLength(contextLength).build();
    }

    /**
     * {@code [vocab=.., context=.., dModel=.., layers=.., heads=.., mlpRatio=.., tied=..]}, then
     * whatever differs from the GPT-style defaults (kvHeads, headDim, norm, mlp, positions, bias).
     */
    public String describe() {
        StringBuilder sb = new StringBuilder("[vocab=").append(vocabSize).append(", context=").append(contextLength)
                .append(", dModel=").append(dModel).append(", layers=").append(layers).append(", heads=").append(heads);
        if (kvHeads != heads) {
            sb.append(", kvHeads=").append(kvHeads);
        }
        if ((long) headDim * heads != dModel) {
            sb.append(", headDim=").append(headDim);
        }
        sb.append(mlpRatio() > 0 ? ", mlpRatio=" + mlpRatio() : ", intermediateSize=" + intermediateSize);
        if (norm != Norm.LAYER_NORM || normEps != DEFAULT_NORM_EPS) {
            sb.append(", norm=").append(norm.name().toLowerCase(Locale.ROOT)).append("(eps=").append(normEps).append(')');
        }
        if (mlp != Mlp.GELU) {
            sb.append(", mlp=").append(mlp.name().toLowerCase(Locale.ROOT));
        }
        if (positions != Positions.LEARNED) {
            sb.append(", positions=").append(positions.name().toLowerCase(Locale.ROOT))
                    .append("(theta=").append(ropeTheta).append(')');
        }
        if (!bias) {
            sb.append(", bias=false");
        }
        return sb.append(", tied=").append(tieEmbeddings).append(']').toString();
    }

    @Override
    public String toString() {
        return "ModelConfig" + describe();
    }

    // While validating, only the largest tensor of each shape matters, so the blocks are listed
    // once; that keeps validation O(1) even for absurd layer counts.
    private static List<ParameterSpec> layoutOf(Sizes s, int layers, boolean oneBlockOnly) {
        int blocks = oneBlockOnly ? Math.min(layers, 1) : layers;
        List<ParameterSpec> specs = new ArrayList<>(5 + 16 * blocks);
        // Reference order: the roles before the blocks, each block's roles, the roles after them.
        ParameterRole[] roles = ParameterRole.values();
        int firstBlockRole = 0;
        while (!roles[firstBlockRole].perBlock()) {
            firstBlockRole++;
        }
        for (int r = 0; r < firstBlockRole; r++) {
            add(specs, roles[r], -1, s);
        }
        for (int l = 0; l < blocks; l++) {
            for (ParameterRole role : roles) {
                if (role.perBlock()) {
                    add(specs, role, l, s);
                }
            }
        }
        for (int r = firstBlockRole; r < roles.length; r++) {
            if (!roles[r].perBlock()) {
                add(specs, roles[r], -1, s);
            }
        }
        return Collections.unmodifiableList(specs);
    }

    private static void add(List<ParameterSpec> specs, ParameterRole role, int layer, Sizes s) {
        if (role.presentIn(s)) {
            specs.add(new ParameterSpec(role.tensorName(layer), role, layer, role.dims(s)));
        }
    }

    /**
     * Sets fields one by one and validates them together in {@link #build()}. Every unset field
     * comes from the base config ({@link ModelConfig#builder(ModelConfig)}, or a preset in
     * {@link TransformerBuilder}), and what is derived follows the fields it is derived from: a
     * width that was a whole multiple of dModel (GPT's 4·C) keeps its ratio when dModel changes,
     * headDim stays dModel / heads if it was that, kvHeads stays equal to heads if it was. Without
     * a base the five sizes are required and the rest is GPT-style (LayerNorm, GELU 4·C, learned
     * positions, multi-head attention, biases, untied).
     */
    public static final class Builder {
        private final ModelConfig base;
        private Integer vocabSize;
        private Integer contextLength;
        private Integer dModel;
        private Integer layers;
        private Integer heads;
        private Integer kvHeads;
        private Integer headDim;
        private Integer intermediateSize;
        private Integer mlpRatio;
        private Norm norm;
        private Double normEps;
        private Mlp mlp;
        private Positions positions;
        private Double ropeTheta;
        private Boolean bias;
        private Boolean tieEmbeddings;

        Builder(ModelConfig base) {
            this.base = base;
        }

        public Builder vocabSize(int v) {
            vocabSize = v;
            return this;
        }

        public Builder contextLength(int t) {
            contextLength = t;
            return this;
        }

        public Builder dModel(int c) {
            dModel = c;
            return this;
        }

        public Builder layers(int l) {
            layers = l;
            return this;
        }

        public Builder heads(int h) {
            heads = h;
            return this;
        }

        /** Key/value heads: a divisor of heads (1 = multi-query); unset, it equals heads. */
        public Builder kvHeads(int k) {
            kvHeads = k;
            return this;
        }

        /** Width of one head; {@value ModelConfig#DERIVED_HEAD_DIM} or unset: dModel / heads. */
        public Builder headDim(int d) {
            headDim = d;
            return this;
        }

        /** MLP width F directly (SwiGLU widths are rarely a multiple of dModel). */
        public Builder intermediateSize(int f) {
            intermediateSize = f;
            mlpRatio = null;
            return this;
        }

        /** MLP width as a multiple of dModel (F = mlpRatio · dModel). */
        public Builder mlpRatio(int r) {
            mlpRatio = r;
            intermediateSize = null;
            return this;
        }

        public Builder norm(Norm n) {
            requireOption("norm", n, Norm.values());
        norm = n;
            return this;
        }

        /** The norm and its epsilon. */
        public Builder norm(Norm n, double eps) {
            requireOption("norm", n, Norm.values());
        norm = n;
            normEps = eps;
            return this;
        }

        public Builder normEps(double eps) {
            normEps = eps;
            return this;
        }

        public Builder mlp(Mlp m) {
            requireOption("mlp", m, Mlp.values());
        mlp = m;
            return this;
        }

        /** The MLP and its width F. */
        public Builder mlp(Mlp m, int intermediateSize) {
            requireOption("mlp", m, Mlp.values());
        mlp = m;
            return intermediateSize(intermediateSize);
        }

        public Builder positions(Positions p) {
            requireOption("positions", p, Positions.values());
        positions = p;
            return this;
        }

        /** The positions and the RoPE base. */
        public Builder positions(Positions p, double theta) {
            requireOption("positions", p, Positions.values());
        positions = p;
            ropeTheta = theta;
            return this;
        }

        public Builder ropeTheta(double theta) {
            ropeTheta = theta;
            return this;
        }

        public Builder bias(boolean b) {
            bias = b;
            return this;
        }

        public Builder tieEmbeddings(boolean tie) {
            tieEmbeddings = tie;
            return this;
        }

        /** The config, validated (every field named in the error if not). */
        public ModelConfig build() {
            return buildOn(base);
        }

        /** As {@link #build()} on another base (the builder's own base is ignored); null: no base. */
        public ModelConfig buildOn(ModelConfig base) {
            ModelConfig b = base;
            int v = size("vocabSize", vocabSize, b == null ? null : b.vocabSize);
            int t = size("contextLength", contextLength, b == null ? null : b.contextLength);
            int c = size("dModel", dModel, b == null ? null : b.dModel);
            int l = size("layers", layers, b == null ? null : b.layers);
            int h = size("heads", heads, b == null ? null : b.heads);
            int k = kvHeads != null ? kvHeads : b != null && b.kvHeads != b.heads ? b.kvHeads : h;
            int d = headDim != null ? headDim
                    : b != null && (long) b.headDim * b.heads != b.dModel ? b.headDim : DERIVED_HEAD_DIM;
            int f;
            if (intermediateSize != null) {
                f = intermediateSize;
            } else if (mlpRatio != null) {
                f = ratioWidth(mlpRatio, c);
            } else if (b != null && b.mlpRatio() == 0) {
                f = b.intermediateSize;
            } else {
                f = ratioWidth(b != null ? b.mlpRatio() : 4, c);
            }
            return new ModelConfig(v, t, c, l, h, k, d, f,
                    norm != null ? norm : b != null ? b.norm : Norm.LAYER_NORM,
                    normEps != null ? normEps : b != null ? b.normEps : DEFAULT_NORM_EPS,
                    mlp != null ? mlp : b != null ? b.mlp : Mlp.GELU,
                    positions != null ? positions : b != null ? b.positions : Positions.LEARNED,
                    ropeTheta != null ? ropeTheta : b != null ? b.ropeTheta : DEFAULT_ROPE_THETA,
                    bias != null ? bias : b == null || b.bias,
                    tieEmbeddings != null ? tieEmbeddings : b != null && b.tieEmbeddings);
        }

        private static int size(String field, Integer value, Integer base) {
            if (value != null) {
                return value;
            }
            if (base == null) {
                throw new IllegalArgumentException(field + " is not set; allowed: 1.." + Integer.MAX_VALUE
                        + " (ModelConfig.builder() needs vocabSize, contextLength, dModel, layers and heads)");
            }
            return base;
        }
    }
}
