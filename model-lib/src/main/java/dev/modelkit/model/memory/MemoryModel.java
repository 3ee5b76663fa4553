package dev.modelkit.model.memory;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.TransformerBuilder;

import java.util.List;
import java.util.Objects;

/**
 * Where a transformer's memory goes: a fluent builder for a {@link MemoryReport}.
 *
 * <pre>{@code
 * MemoryReport r = MemoryModel.of(Preset.MEDIUM.config())
 *     .dtype(DType.FP32).batch(8).sequence(128).optimizer(Optimizer.ADAMW)
 *     .report();
 * r.weights();          // 43,094,016 B
 * System.out.println(r);
 * }</pre>
 *
 * Defaults: FP32, batch 1, the full context length, {@link Optimizer#NONE} (inference), no
 * measurement. The prediction is analytic and cheap; {@link #measure()} also builds the model and
 * runs it once to measure what it allocates.
 */
public final class MemoryModel {

    private final ModelConfig config;
    private final long seed;
    private DType dtype = DType.FP32;
    private Quantization quantization = new Quantization(Quantization.DEFAULT_GROUP_SIZE);
    private int batch = 1;
    private int sequence;
    private Optimizer optimizer = Optimizer.NONE;
    private boolean allowBeyondContext;
    private boolean measure;
    private List<MemoryProbe.Phase> extraPhases = List.of();
    private JvmLayout jvm = JvmLayout.CURRENT;

    private MemoryModel(ModelConfig config, long seed) {
        this.config = config;
        this.seed = seed;
        this.sequence = config.contextLength();
    }

    /** The memory model of a configuration. */
    public static MemoryModel of(ModelConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return new MemoryModel(config, TransformerBuilder.DEFAULT_SEED);
    }

    /** The memory model of a preset's configuration. */
    public static MemoryModel of(Preset preset) {
        if (preset == null) {
            throw new IllegalArgumentException("preset must not be null; allowed: TINY, SMALL, MEDIUM");
        }
        return of(preset.config());
    }

    /**
     * The memory model of a built model's configuration (and seed, for measuring). The model
     * itself is not touched: a measurement builds fresh EAGER copies on one thread.
     */
    public static MemoryModel of(Transformer model) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        return new MemoryModel(model.config(), model.seed());
    }

    /** Element type; only FP32 can also be measured. INT8 and INT4 are weight-only, for inference. */
    public MemoryModel dtype(DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException("dtype must not be null; allowed: FP32, BF16, FP16, INT8, INT4");
        }
        this.dtype = dtype;
        return this;
    }

    /**
     * Elements per scale and zero point when the dtype is INT8 or INT4 (default
     * {@value Quantization#DEFAULT_GROUP_SIZE}; see {@link Quantization}). Ignored for float dtypes.
     */
    public MemoryModel groupSize(int groupSize) {
        this.quantization = new Quantization(groupSize);
        return this;
    }

    /** Sequences per step, 1 or more. */
    public MemoryModel batch(int batch) {
        requirePositive("batch", batch);
        this.batch = batch;
        return this;
    }

    /** Tokens per sequence, 1..contextLength (beyond it only with {@link #allowBeyondContext()}). */
    public MemoryModel sequence(int sequence) {
        requirePositive("sequence", sequence);
        this.sequence = sequence;
        return this;
    }

    /** {@link Optimizer#NONE} for inference, otherwise a training step with that optimizer. */
    public MemoryModel optimizer(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null; allowed: NONE, SGD, SGD_MOMENTUM, ADAMW");
        }
        this.optimizer = optimizer;
        return this;
    }

    /**
     * Lets the analytic model take a sequence longer than the context length ("what if the
     * context were longer?"): the position table is not resized, the activations and the KV
     * cache are. Never allowed together with {@link #measure()}.
     */
    public MemoryModel allowBeyondContext() {
        this.allowBeyondContext = true;
        return this;
    }

    /**
     * Also build and run the model once, and report measured allocations beside the predictions:
     * creation, inference forward, KV cache and, for a training optimizer, the first training
     * forward, backward and (AdamW) optimizer step at this batch and sequence (see {@link MemoryProbe}).
     */
    public MemoryModel measure() {
        this.measure = true;
        return this;
    }

    /**
     * Measures like {@link #measure()}, with extra phases after the standard ones: the extension
     * point for the training step (see {@link MemoryProbe.Phase}).
     */
    public MemoryModel measureWith(MemoryProbe.Phase... phases) {
        Objects.requireNonNull(phases, "phases");
        this.extraPhases = List.of(phases);
        this.measure = true;
        return this;
    }

    /** The JVM layout used for the "with JVM overhead" figures (default: this JVM's). */
    public MemoryModel jvm(JvmLayout jvm) {
        if (jvm == null) {
            throw new IllegalArgumentException("jvm must not be null");
        }
        this.jvm = jvm;
        return this;
    }

    /** Validates, computes, and (if asked) measures. */
    public MemoryReport report() {
        MemorySettings s = settings();
        s.validate(measure);
        MemoryReport analytic = MemoryReport.compute(s);
        if (!measure) {
            return analytic;
        }
        MemoryProbe probe = MemoryProbe.of(config).seed(seed).batch(batch).sequence(sequence)
                .optimizer(optimizer).jvm(jvm);
        for (MemoryProbe.Phase p : extraPhases) {
            probe.phase(p);
        }
        return analytic.withMeasurements(probe.measure());
    }

    /**
     * The largest batch and sequence whose prediction fits in {@code bytes} (for inference with
     * {@link Optimizer#NONE}, for a training step otherwise), everything else as set here. Analytic.
     */
    public Fit fits(long bytes) {
        MemorySettings s = settings();
        s.validate(false);
        return Fit.search(s, bytes);
    }

    private MemorySettings settings() {
        return new MemorySettings(config, seed, dtype, quantization, batch, sequence, optimizer, allowBeyondContext, jvm);
    }

    static void requirePositive(String field, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(field + " = " + value + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
    }
}
