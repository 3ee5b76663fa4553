package dev.modelkit.model;

import dev.modelkit.model.ops.Kernels;

import java.util.concurrent.ForkJoinPool;

/**
 * Fluent builder for {@link Transformer}. Start from a preset (TINY by default) or a config and
 * override any field of {@link ModelConfig}; overrides win whatever order the calls come in, and
 * derived fields follow them as {@link ModelConfig.Builder} says. {@link #build()} validates everything
 * and checks the heap before allocating anything large.
 */
public final class TransformerBuilder {

    /** Default seed, so two plain {@code build()} calls give the same model. */
    public static final long DEFAULT_SEED = 42L;

    private Preset preset = Preset.TINY;
    private ModelConfig base;
    private final ModelConfig.Builder fields = ModelConfig.builder();
    private long seed = DEFAULT_SEED;
    private Init init = Init.EAGER;
    private ForkJoinPool pool;
    private Kernels kernels;

    TransformerBuilder() {
    }

    /** Base architecture from a preset; fields set explicitly still override it. */
    public TransformerBuilder preset(Preset preset) {
        this.preset = requireNonNull("preset", preset);
        return this;
    }

    /**
     * Base architecture from an existing config (every field, including its embedding tying);
     * it replaces the preset as the base, and fields set explicitly still override it.
     */
    public TransformerBuilder config(ModelConfig config) {
        this.base = requireNonNull("config", config);
        return this;
    }

    public TransformerBuilder vocabSize(int vocabSize) {
        fields.vocabSize(vocabSize);
        return this;
    }

    public TransformerBuilder contextLength(int contextLength) {
        fields.contextLength(contextLength);
        return this;
    }

    public TransformerBuilder dModel(int dModel) {
        fields.dModel(dModel);
        return this;
    }

    public TransformerBuilder layers(int layers) {
        fields.layers(layers);
        return this;
    }

    public TransformerBuilder heads(int heads) {
        fields.heads(heads);
        return this;
    }

    /** Key/value heads, a divisor of heads: heads = multi-head, fewer = grouped-query, 1 = multi-query. */
    public TransformerBuilder kvHeads(int kvHeads) {
        fields.kvHeads(kvHeads);
        return this;
    }

    /** Width of one head when it is not dModel / heads ({@value ModelConfig#DERIVED_HEAD_DIM}: dModel / heads). */
    public TransformerBuilder headDim(int headDim) {
        fields.headDim(headDim);
        return this;
    }

    /** MLP width as a multiple of dModel. */
    public TransformerBuilder mlpRatio(int mlpRatio) {
        fields.mlpRatio(mlpRatio);
        return this;
    }

    /** MLP width F itself (e.g. 11,008 in Llama-2-7B). */
    public TransformerBuilder intermediateSize(int intermediateSize) {
        fields.intermediateSize(intermediateSize);
        return this;
    }

    /** LayerNorm or RMSNorm, with the preset's epsilon. */
    public TransformerBuilder norm(Norm norm) {
        fields.norm(norm);
        return this;
    }

    /** LayerNorm or RMSNorm, and the epsilon in its square root. */
    public TransformerBuilder norm(Norm norm, double eps) {
        fields.norm(norm, eps);
        return this;
    }

    /** GELU or SwiGLU, with the preset's width rule. */
    public TransformerBuilder mlp(Mlp mlp) {
        fields.mlp(mlp);
        return this;
    }

    /** GELU or SwiGLU, and its width F. */
    public TransformerBuilder mlp(Mlp mlp, int intermediateSize) {
        fields.mlp(mlp, intermediateSize);
        return this;
    }

    /** Learned positions or RoPE (base 10,000 unless the preset says otherwise). */
    public TransformerBuilder positions(Positions positions) {
        fields.positions(positions);
        return this;
    }

    /** Learned positions or RoPE, and the RoPE base theta. */
    public TransformerBuilder positions(Positions positions, double ropeTheta) {
        fields.positions(positions, ropeTheta);
        return this;
    }

    /** The norm's epsilon alone. */
    public TransformerBuilder normEps(double eps) {
        fields.normEps(eps);
        return this;
    }

    /** The RoPE base alone. */
    public TransformerBuilder ropeTheta(double theta) {
        fields.ropeTheta(theta);
        return this;
    }

    /** Whether the linear layers (qkv, proj, MLP) have biases. */
    public TransformerBuilder bias(boolean bias) {
        fields.bias(bias);
        return this;
    }

    /** True: the LM head shares the token embedding (one tensor and V·d parameters fewer). */
    public TransformerBuilder tieEmbeddings(boolean tie) {
        fields.tieEmbeddings(tie);
        return this;
    }

    public TransformerBuilder seed(long seed) {
        this.seed = seed;
        return this;
    }

    public TransformerBuilder init(Init init) {
        this.init = requireNonNull("init", init);
        return this;
    }

    /**
     * The pool used by PARALLEL initialisation and by the forward pass (default: the common
     * pool). A pool of parallelism 1 makes everything single-threaded; results are the same.
     */
    public TransformerBuilder pool(ForkJoinPool pool) {
        this.pool = requireNonNull("pool", pool);
        return this;
    }

    /**
     * The kernel set every op runs on (default {@link Kernels#best()}: chosen by the system
     * property {@value Kernels#PROPERTY}, vector where the JVM has the module).
     */
    public TransformerBuilder kernels(Kernels kernels) {
        this.kernels = requireNonNull("kernels", kernels);
        return this;
    }

    /** The config this builder would build, validated. */
    public ModelConfig config() {
        return fields.buildOn(base != null ? base : preset.config());
    }

    /**
     * Validates the config, checks that the weights fit in the heap, then creates the model.
     *
     * @throws IllegalArgumentException naming the field, value and allowed range, or giving the
     *                                  memory estimate when the model would not fit
     */
    public Transformer build() {
        ModelConfig config = config();
        config.requireArrays();
        HeapCheck.requireFits(config);
        return new Transformer(config, seed, init, pool != null ? pool : ForkJoinPool.commonPool(),
                kernels != null ? kernels : Kernels.best());
    }

    private static <T> T requireNonNull(String field, T value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }
}
