package dev.modelkit.model.memory;

import dev.modelkit.model.Buffer;
import dev.modelkit.model.Init;
import dev.modelkit.model.KvCache;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.ParameterSpec;
import dev.modelkit.model.Sampler;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.TransformerBuilder;
import dev.modelkit.model.Workspace;
import dev.modelkit.model.train.AdamW;
import dev.modelkit.model.train.Trainer;
import dev.modelkit.model.ops.Kernels;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/**
 * Measures what the model really allocates, phase by phase, with
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}: exact byte counts of the
 * current thread's allocations (TLAB and outside), deterministic for a given JVM and flags.
 *
 * <p>The counter sees only the calling thread, so the probe builds its own EAGER model on a
 * one-worker pool: with parallelism 1, {@code ops.Parallel} runs every loop inline, and nothing is
 * allocated on other threads. (A model on a wider pool would allocate its task objects on the
 * workers, where this counter does not look.)
 *
 * <p>Standard phases: creation; the first forward at T (workspace + logits); a second forward
 * (steady state, expected 0); a generate prefill at T (the KV cache). When the optimizer trains,
 * the training phases follow on the same model: the first training forward at (B, T) (the
 * activation arena), the first backward (the gradients) and, for {@link Optimizer#ADAMW}, the
 * first AdamW step (m and v). Only AdamW is implemented, so SGD reports stop after the backward.
 * Extra phases run last: see {@link Phase}.
 *
 * <p>Predictions fold the buffer lists the model publishes ({@link Workspace#inventory},
 * {@link KvCache#inventory}, {@code train.Activations.inventory}), never a copy of them. The
 * kernels (whichever set the model runs on, named in the training phase) allocate nothing once
 * warm, so no kernel scratch is predicted.
 */
public final class MemoryProbe {

    /**
     * A measured phase beyond the standard and training ones, run last on the same model, e.g.
     * a second training step (predicted 0: everything was allocated by the first):
     * <pre>{@code
     * MemoryProbe.Phase second = new MemoryProbe.Phase() {
     *     public String name() { return "second train step (reused)"; }
     *     public long predictedBytes(MemoryReport r) { return 0; }
     *     public void run(Transformer model, int batch, int sequence) { trainer.step(x, y); }
     * };
     * MemoryModel.of(cfg).optimizer(Optimizer.ADAMW).batch(8).sequence(128).measureWith(second).report();
     * }</pre>
     */
    public interface Phase {
        /** Row label. */
        String name();

        /** What the phase should allocate, from the analytic report for the same settings. */
        long predictedBytes(MemoryReport analytic);

        /** Does the work; everything it allocates on this thread is counted. */
        void run(Transformer model, int batch, int sequence);

        /** What the prediction covers, for the report. */
        default String note() {
            return "";
        }
    }

    private final ModelConfig config;
    private long seed = TransformerBuilder.DEFAULT_SEED;
    private int batch = 1;
    private int sequence;
    private Optimizer optimizer = Optimizer.NONE;
    private JvmLayout jvm = JvmLayout.CURRENT;
    private final List<Phase> extra = new ArrayList<>();

    private MemoryProbe(ModelConfig config) {
        this.config = config;
        this.sequence = config.contextLength();
    }

    /** A probe for a configuration; measures at the full context length unless told otherwise. */
    public static MemoryProbe of(ModelConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return new MemoryProbe(config);
    }

    public MemoryProbe seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Batch handed to extra phases; the standard phases run one sequence (forward's unit). */
    public MemoryProbe batch(int batch) {
        MemoryModel.requirePositive("batch", batch);
        this.batch = batch;
        return this;
    }

    /** Tokens per forward, 1..contextLength. */
    public MemoryProbe sequence(int sequence) {
        if (sequence < 1 || sequence > config.contextLength()) {
            throw new IllegalArgumentException("sequence = " + sequence + " is out of range; allowed: 1.."
                    + config.contextLength() + " (the context length; a measurement runs the real model)");
        }
        this.sequence = sequence;
        return this;
    }

    /** The optimizer of the analytic report extra phases predict from (default NONE). */
    public MemoryProbe optimizer(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null; allowed: NONE, SGD, SGD_MOMENTUM, ADAMW");
        }
        this.optimizer = optimizer;
        return this;
    }

    public MemoryProbe jvm(JvmLayout jvm) {
        if (jvm == null) {
            throw new IllegalArgumentException("jvm must not be null");
        }
        this.jvm = jvm;
        return this;
    }

    /** Adds a phase to run after the standard ones. */
    public MemoryProbe phase(Phase phase) {
        if (phase == null) {
            throw new IllegalArgumentException("phase must not be null");
        }
        extra.add(phase);
        return this;
    }

    /** Bytes {@code action} allocates on the current thread, the counter's own cost subtracted. */
    public static long allocatedBytes(Runnable action) {
        com.sun.management.ThreadMXBean bean = bean();
        long before = bean.getCurrentThreadAllocatedBytes();
        action.run();
        long after = bean.getCurrentThreadAllocatedBytes();
        return after - before - Calibration.COST;
    }

    /** Runs every phase once on a throwaway small model (class loading, lambdas), then measures. */
    public List<Measurement> measure() {
        bean();
        MemoryReport analytic = MemoryReport.compute(new MemorySettings(config, seed, DType.FP32,
                new Quantization(Quantization.DEFAULT_GROUP_SIZE), batch, sequence,
                optimizer, false, jvm));
        ModelConfig small = sameFamily(config, 8, 8, 8, 2, 32).withTieEmbeddings(config.tieEmbeddings());
        run(small, Math.min(sequence, 8), null);
        warmKernels();
        return run(config, sequence, analytic);
    }

    /**
     * A one-block model of {@code config}'s family (its norm, MLP, positions, bias, and grouped
     * key/value heads if it has them) at these sizes: the warm-up must run the ops the measured
     * model runs, or their first use (class loading, lambdas) is counted as the model's.
     */
    private static ModelConfig sameFamily(ModelConfig config, int vocab, int context, int dModel, int heads,
                                          int hidden) {
        int kvHeads = config.kvHeads() == config.heads() ? heads : heads / 2;
        return ModelConfig.builder(config).vocabSize(vocab).contextLength(context).dModel(dModel).layers(1)
                .heads(heads).kvHeads(kvHeads).headDim(dModel / heads).intermediateSize(hidden).build();
    }

    /**
     * The Vector API boxes every vector it touches until C2 has compiled the kernel (hundreds of
     * MB of short-lived garbage on a cold first forward), then allocates nothing. The probe
     * measures what a model holds, so it first runs the kernels this JVM picks on a throwaway
     * one-block model at the measured widths (C2 compiles the paths those shapes take; a path first taken
     * later deoptimises and boxes again): a training step (when one is measured), a forward and a two-token generation
     * (prefill, then one KV-cached row), until they allocate nothing or their allocation stops
     * falling (bounded: 4,000 rounds or 30 s). The scalar kernels allocate nothing even cold: no warm-up.
     */
    private void warmKernels() {
        Kernels kernels = Kernels.best();
        if (kernels == Kernels.scalar()) {
            return;
        }
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            // One block at the measured widths: every op runs at the shapes it will be measured at
            // (layers only repeat them), without a second full-size model beside the user's.
            ModelConfig cfg = ModelConfig.builder(config).layers(1).build();
            int t = Math.min(sequence, cfg.contextLength() - 1);
            int v = cfg.vocabSize();
            Transformer m = Transformer.builder().config(cfg).kernels(kernels).pool(pool).build();
            // The backward and optimizer kernels only when the probe will measure a training step.
            Trainer trainer = optimizer.training() ? Trainer.of(m, AdamW.builder().build()) : null;
            int[][] x = new int[2][t];
            int[][] y = new int[2][t];
            for (int j = 0; j < t; j++) {
                x[0][j] = x[1][t - 1 - j] = (j * 7 + 1) % v;
                y[0][j] = y[1][t - 1 - j] = (j * 7 + 8) % v;
            }
            float[] logits = new float[t * v];
            Sampler greedy = Sampler.greedy();
            // Until a round allocates nothing, or its allocation has stopped falling for 50 rounds.
            long deadline = System.nanoTime() + 30_000_000_000L;
            long least = Long.MAX_VALUE;
            int sinceLeast = 0;
            for (int i = 0; i < 4_000 && System.nanoTime() < deadline && sinceLeast < 50; i++) {
                if (trainer != null) {
                    trainer.step(x, y);
                }
                m.generate(x[0], 2, greedy);
                long bytes = allocatedBytes(() -> {
                    if (trainer != null) {
                        trainer.step(x, y);
                    }
                    m.forward(x[0], logits);
                });
                if (bytes <= 0) {
                    break;
                }
                if (bytes < least) {
                    least = bytes;
                    sinceLeast = 0;
                } else {
                    sinceLeast++;
                }
            }
            // generate runs the cached attention (one query row against the KV cache; with RoPE and
            // grouped heads in the Llama family), which a training step does not: warm it too.
            for (int i = 0; i < 200 && System.nanoTime() < deadline; i++) {
                m.generate(java.util.Arrays.copyOf(x[0], 16), 8, greedy);
            }
        } finally {
            pool.shutdown();
        }
    }

    private List<Measurement> run(ModelConfig cfg, int t, MemoryReport analytic) {
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            List<Measurement> out = new ArrayList<>();
            TransformerBuilder builder = Transformer.builder().config(cfg).seed(seed).init(Init.EAGER).pool(pool);
            Transformer[] model = new Transformer[1];
            long created = allocatedBytes(() -> model[0] = builder.build());
            out.add(new Measurement("create (EAGER, 1 thread)", creationBytes(cfg, jvm), created,
                    "parameter arrays with headers + the float[][] holding them"));

            Transformer m = model[0];
            int v = cfg.vocabSize();
            int[] tokens = new int[t];
            for (int i = 0; i < t; i++) {
                tokens[i] = (i * 7 + 1) % v;
            }
            long first = allocatedBytes(() -> m.forward(tokens));
            out.add(new Measurement("first forward T=" + t + " (workspace+logits)",
                    heapBytes(Workspace.inventory(cfg), jvm) + forwardOutputBytes(t, v, jvm), first,
                    "Workspace.inventory (sized for the context) + the (T, V) Logits of forward(int[])"));

            float[] logits = new float[t * v];
            long steady = allocatedBytes(() -> m.forward(tokens, logits));
            out.add(new Measurement("next forward T=" + t + " (reused)", 0, steady,
                    "forward(tokens, logits) after warm-up allocates nothing"));

            Sampler greedy = Sampler.greedy();
            long generate = allocatedBytes(() -> m.generate(tokens, 1, greedy));
            out.add(new Measurement("generate prefill T=" + t + " (KV cache)",
                    heapBytes(KvCache.inventory(cfg), jvm) + generateBookkeeping(t, v, jvm), generate,
                    "KvCache.inventory (1 x context) + generate's token and logits arrays"));

            if (optimizer.training()) {
                training(out, m, cfg, t, analytic != null);
            }
            for (Phase p : extra) {
                long bytes = allocatedBytes(() -> p.run(m, batch, t));
                out.add(new Measurement(p.name(), analytic == null ? 0 : p.predictedBytes(analytic), bytes, p.note()));
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Forward, backward and (AdamW) one optimizer step at (B, T), each measured on its own. The
     * training state, the batch and the optimizer object are made outside the measured regions:
     * what is left is what training itself allocates on first use.
     */
    private void training(List<Measurement> out, Transformer m, ModelConfig cfg, int t, boolean predict) {
        int b = batch;
        int v = cfg.vocabSize();
        int[][] inputs = new int[b][t];
        int[][] targets = new int[b][t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                inputs[i][j] = (i * 31 + j * 7 + 1) % v;
                targets[i][j] = (i * 31 + j * 7 + 8) % v;
            }
        }
        AdamW opt = AdamW.builder().build();
        Trainer trainer = Trainer.of(m, opt);
        String kernels = trainer.kernels().name();
        long fwd = allocatedBytes(() -> trainer.forward(inputs, targets));
        long arena = ActivationInventory.arenaHeapBytes(cfg, b, t, jvm);
        out.add(new Measurement("train forward B=" + b + " T=" + t + " (arena, " + kernels + ")",
                predict ? arena : 0, fwd,
                "activation arena: SAVED + SCRATCH buffers of train.Activations.inventory with headers, "
                        + "float[L][] per block buffer kind, int copies of the batch"));

        long bwd = allocatedBytes(trainer::backward);
        out.add(new Measurement("first backward (gradients)", predict ? creationBytes(cfg, jvm) : 0, bwd,
                "one float[] per parameter + the float[][] holding them (train.Gradients)"));

        if (optimizer == Optimizer.ADAMW) {
            long step = allocatedBytes(() -> opt.step(m.parameters(), trainer.gradients()));
            out.add(new Measurement("first AdamW step (m, v)", predict ? 2 * creationBytes(cfg, jvm) : 0, step,
                    "m and v: two float[] per parameter + two float[][] (train.AdamW)"));
        }
    }

    /**
     * Heap bytes of a holder of published buffers: each array with its header, the reference
     * array of a per-layer buffer, and the holder object (one reference per buffer, plus its
     * list). The list's own few hundred bytes of records are not counted.
     */
    static long heapBytes(List<Buffer> buffers, JvmLayout jvm) {
        long bytes = jvm.objectBytes(buffers.size() + 1, 4);
        for (Buffer b : buffers) {
            bytes += b.arrays() * jvm.arrayBytes(b.length(), 4);
            if (b.perLayer()) {
                bytes += jvm.referenceArrayBytes(b.arrays());
            }
        }
        return bytes;
    }

    /** The parameter arrays as the EAGER path allocates them, and the float[][] holding them. */
    static long creationBytes(ModelConfig cfg, JvmLayout jvm) {
        long bytes = jvm.referenceArrayBytes(cfg.tensorCount());
        for (ParameterSpec spec : cfg.layout()) {
            bytes += jvm.arrayBytes(spec.numel(), 4);
        }
        return bytes;
    }

    /** forward(int[]) returns a Logits view over one flat (T·V) array. */
    private static long forwardOutputBytes(int t, int v, JvmLayout jvm) {
        return jvm.arrayBytes((long) t * v, 4) + jvm.objectBytes(1, 8);
    }

    /** generate(prompt, 1, s): out int[1], seq int[T+1], logits float[V]. */
    private static long generateBookkeeping(int t, int v, JvmLayout jvm) {
        return jvm.arrayBytes(1, 4) + jvm.arrayBytes(t + 1L, 4) + jvm.arrayBytes(v, 4);
    }

    private static com.sun.management.ThreadMXBean bean() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean b)
                || !b.isThreadAllocatedMemorySupported()) {
            throw new UnsupportedOperationException("this JVM cannot count allocated bytes per thread "
                    + "(com.sun.management.ThreadMXBean#getThreadAllocatedBytes); measurement needs HotSpot");
        }
        if (!b.isThreadAllocatedMemoryEnabled()) {
            b.setThreadAllocatedMemoryEnabled(true);
        }
        return b;
    }

    /** What reading the counter twice costs by itself, so measurements can subtract it. */
    private static final class Calibration {
        static final long COST = calibrate();

        private static long calibrate() {
            com.sun.management.ThreadMXBean bean = bean();
            long min = Long.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                long before = bean.getCurrentThreadAllocatedBytes();
                long after = bean.getCurrentThreadAllocatedBytes();
                min = Math.min(min, after - before);
            }
            return min;
        }
    }
}
