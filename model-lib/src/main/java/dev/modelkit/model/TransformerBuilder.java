package dev.modelkit.model;

import dev.modelkit.model.ops.Kernels;

import java.util.concurrent.ForkJoinPool;

/**
 * Fluent builder for {@link Transformer}. Start from a preset (TINY by default) and override any
 * field; overrides win whatever order the calls come in. {@link #build()} validates everything
 * and checks the heap before allocating anything large.
 */
public final class TransformerBuilder {

    /** Default seed, so two plain {@code build()} calls give the same model. */
    public static final long DEFAULT_SEED = 42L;

    private Preset preset = Preset.TINY;
    private Integer vocabSize;
    private Integer contextLength;
    private Integer dModel;
    private Integer layers;
    private Integer heads;
    private Integer mlpRatio;
    private boolean tieEmbeddings;
    private long seed = DEFAULT_SEED;
    private Init init = Init.EAGER;
    private ForkJoinPool pool;
    private Kernels kernels;

    TransformerBuilder() {
    }

    /** Base sizes from a preset; fields set explicitly still override it. */
    public TransformerBuilder preset(Preset preset) {
        this.preset = requireNonNull("preset", preset);
        return this;
    }

    /** Base sizes from an existing config, including its embedding tying. */
    public TransformerBuilder config(ModelConfig config) {
        requireNonNull("config", config);
        vocabSize = config.vocabSize();
        contextLength = config.contextLength();
        dModel = config.dModel();
        layers = config.layers();
        heads = config.heads();
        mlpRatio = config.mlpRatio();
        tieEmbeddings = config.tieEmbeddings();
        return this;
    }

    public TransformerBuilder vocabSize(int vocabSize) {
        this.vocabSize = vocabSize;
        return this;
    }

    public TransformerBuilder contextLength(int contextLength) {
        this.contextLength = contextLength;
        return this;
    }

    public TransformerBuilder dModel(int dModel) {
        this.dModel = dModel;
        return this;
    }

    public TransformerBuilder layers(int layers) {
        this.layers = layers;
        return this;
    }

    public TransformerBuilder heads(int heads) {
        this.heads = heads;
        return this;
    }

    public TransformerBuilder mlpRatio(int mlpRatio) {
        this.mlpRatio = mlpRatio;
        return this;
    }

    /** True: the LM head shares the token embedding (one tensor and V·d parameters fewer). */
    public TransformerBuilder tieEmbeddings(boolean tie) {
        this.tieEmbeddings = tie;
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
        ModelConfig base = preset.config();
        return new ModelConfig(
                vocabSize != null ? vocabSize : base.vocabSize(),
                contextLength != null ? contextLength : base.contextLength(),
                dModel != null ? dModel : base.dModel(),
                layers != null ? layers : base.layers(),
                heads != null ? heads : base.heads(),
                mlpRatio != null ? mlpRatio : base.mlpRatio(),
                tieEmbeddings);
    }

    /**
     * Validates the config, checks that the weights fit in the heap, then creates the model.
     *
     * @throws IllegalArgumentException naming the field, value and allowed range, or giving the
     *                                  memory estimate when the model would not fit
     */
    public Transformer build() {
        ModelConfig config = config();
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
