package dev.modelkit.model.memory;

import dev.modelkit.model.ByteSize;
import dev.modelkit.model.Component;
import dev.modelkit.model.KvCache;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.ParameterSpec;
import dev.modelkit.model.Workspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Where a transformer's memory goes for one model, dtype, batch, sequence and optimizer: an
 * immutable result of {@link MemoryModel#report()}. Byte counts are exact for this
 * implementation's layout; {@link #published()} gives the literature's formulas beside them, and
 * {@link #measurements()} (when measured) what the JVM actually allocated.
 *
 * <p>Training ({@link Optimizer#training()}): weights + gradients + optimizer state + the saved
 * activations + logits and probabilities + the backward scratch, all read from the list the
 * training arena is allocated from ({@code train.Activations.inventory}, via
 * {@link ActivationInventory}). Inference: weights + the
 * model's inference workspace (sized for the context, reused for every sequence of a batch) + a
 * KV cache for batch × sequence + the logits handed back.
 */
public final class MemoryReport {

    private final MemorySettings settings;
    private final long weights;
    private final long weightsHeap;
    private final long quantizationScales;
    private final long gradients;
    private final long optimizerState;
    private final long activations;
    private final long attention;
    private final long kvCache;
    private final long logits;
    private final long backwardScratch;
    private final PublishedEstimate published;
    private final List<TensorRow> byTensor;
    private final List<ComponentRow> byComponent;
    private final List<ActivationInventory.Row> activationRows;
    private final List<Measurement> measurements;

    private MemoryReport(MemorySettings settings, long weights, long weightsHeap, long quantizationScales, long gradients,
                         long optimizerState, long activations, long attention, long kvCache, long logits,
                         long backwardScratch, PublishedEstimate published, List<TensorRow> byTensor, List<ComponentRow> byComponent,
                         List<ActivationInventory.Row> activationRows, List<Measurement> measurements) {
        this.settings = settings;
        this.weights = weights;
        this.weightsHeap = weightsHeap;
        this.quantizationScales = quantizationScales;
        this.gradients = gradients;
        this.optimizerState = optimizerState;
        this.activations = activations;
        this.attention = attention;
        this.kvCache = kvCache;
        this.logits = logits;
        this.backwardScratch = backwardScratch;
        this.published = published;
        this.byTensor = byTensor;
        this.byComponent = byComponent;
        this.activationRows = activationRows;
        this.measurements = measurements;
    }

    static MemoryReport compute(MemorySettings s) {
        try {
            return computeExact(s);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("batch = " + s.batch() + ", sequence = " + s.sequence()
                    + ": the byte counts overflow a long; allowed: a smaller batch or sequence");
        }
    }

    private static MemoryReport computeExact(MemorySettings s) {
        ModelConfig cfg = s.config();
        JvmLayout jvm = s.jvm();
        int d = s.dtype().bytes();
        long b = s.batch();
        long t = s.sequence();
        boolean training = s.optimizer().training();

        DType dtype = s.dtype();
        long weights = 0;
        long weightsHeap = 0;
        long scales = 0;
        for (ParameterSpec spec : cfg.layout()) {
            long bytes = Quantization.valueBytes(spec, dtype);
            weights += bytes;
            weightsHeap += dtype.quantized() && Quantization.appliesTo(spec) ? jvm.arrayBytes(bytes, 1)
                    : jvm.arrayBytes(spec.numel(), d);
            scales += s.quantization().overheadBytes(spec, dtype);
        }
        long gradients = training ? weights : 0;
        long optimizerState = s.optimizer().statesPerParameter() * weights;

        List<ActivationInventory.Row> rows = training ? ActivationInventory.rows(cfg, s.batch(), s.sequence())
                : trainingRowsIfPossible(cfg, s.batch(), s.sequence());
        long activations;
        long attention;
        long logits;
        long kvCache = 0;
        long scratch = 0;
        if (training) {
            activations = Math.multiplyExact(ActivationInventory.numel(rows, ActivationInventory.Role.ACTIVATION), (long) d);
            attention = Math.multiplyExact(ActivationInventory.attentionNumel(rows), (long) d);
            logits = Math.multiplyExact(ActivationInventory.numel(rows, ActivationInventory.Role.LOGITS), (long) d);
            scratch = Math.multiplyExact(ActivationInventory.numel(rows, ActivationInventory.Role.SCRATCH), (long) d);
        } else {
            // One workspace, sized for the context (or the sequence, beyond it), serves every
            // sequence of the batch in turn: inference activations do not grow with the batch.
            ModelConfig ws = cfg.contextLength() >= s.sequence() ? cfg : cfg.withContextLength(s.sequence());
            activations = Workspace.bytes(ws) / 4 * d;
            attention = (long) cfg.heads() * ws.contextLength() * d;
            kvCache = kvCacheBytes(cfg, s.batch(), s.sequence(), s.dtype());
            logits = Math.multiplyExact(Math.multiplyExact(b * t, (long) cfg.vocabSize()), (long) d);
        }
        PublishedEstimate pub = published(s, weights);

        List<TensorRow> tensors = new ArrayList<>();
        for (ParameterSpec spec : cfg.layout()) {
            long bytes = dtype.weightBytes(spec.numel());
            tensors.add(new TensorRow(spec.name(), spec.shapeString(), spec.numel(), bytes,
                    jvm.arrayBytes(spec.numel(), d), (double) bytes / weights));
        }
        return new MemoryReport(s, weights, weightsHeap, scales, gradients, optimizerState, activations, attention,
                kvCache, logits, scratch, pub, Collections.unmodifiableList(tensors), components(cfg, dtype, weights), rows,
                List.of());
    }

    /** Inference lists the arena a training step would allocate, unless no training step could. */
    private static List<ActivationInventory.Row> trainingRowsIfPossible(ModelConfig cfg, int batch, int sequence) {
        try {
            return ActivationInventory.rows(cfg, batch, sequence);
        } catch (IllegalArgumentException | ArithmeticException e) {
            return List.of();
        }
    }

    /**
     * The KV cache formula: 2 · layers · kvHeads · head_dim · sequence · batch · bytes per element
     * (kvHeads = heads without grouped-query attention).
     */
    public static long kvCacheBytes(ModelConfig cfg, int batch, int sequence, DType dtype) {
        return Math.multiplyExact(Math.multiplyExact(kvCacheBytesPerToken(cfg, dtype), (long) sequence), (long) batch);
    }

    /** One token's keys and values in every layer: 2 · layers · kvHeads · head_dim · bytes per element. */
    public static long kvCacheBytesPerToken(ModelConfig cfg, DType dtype) {
        return 2L * cfg.layers() * cfg.kvHeads() * cfg.headDim() * dtype.bytes();
    }

    private static PublishedEstimate published(MemorySettings s, long weights) {
        ModelConfig cfg = s.config();
        long p = cfg.parameterCount();
        int d = s.dtype().bytes();
        long sb = (long) s.sequence() * s.batch();
        long sbh = sb * cfg.dModel();
        long sbf = sb * cfg.mlpHidden();
        long as2b = Math.multiplyExact(Math.multiplyExact((long) cfg.heads() * s.sequence(), (long) s.sequence()),
                (long) s.batch());
        long layers = cfg.layers();
        long korthikanti16 = Math.multiplyExact(layers, Math.addExact(34 * sbh, 5 * as2b));
        if (!s.optimizer().training()) {
            return new PublishedEstimate(weights, 0, 0, weights / 5, kvCacheBytes(cfg, s.batch(), s.sequence(),
                    s.dtype()), 0, korthikanti16);
        }
        int states = s.optimizer().statesPerParameter();
        // Pure fp32 keeps the states only; mixed precision adds an fp32 master copy, all states fp32.
        long optimizer = d == 4 ? 4L * states * p : (4L + 4L * states) * p;
        long perLayer = Math.addExact(Math.addExact(8L * d * sbh + 2L * d * sbf, 2 * sbh),
                Math.multiplyExact(as2b, 2L * d + 1));
        long logits = Math.multiplyExact(4 * sb, (long) cfg.vocabSize());
        return new PublishedEstimate(weights, weights, optimizer, Math.multiplyExact(layers, perLayer), 0, logits,
                korthikanti16);
    }

    private static List<ComponentRow> components(ModelConfig cfg, DType d, long weights) {
        List<ComponentRow> rows = new ArrayList<>();
        List<ParameterSpec> layout = cfg.layout();
        for (int l = -1; l < cfg.layers(); l++) {
            addRows(rows, layout, l, l < 0 ? "outside blocks" : "block " + l, d, weights, false);
        }
        addRows(rows, layout, 0, "total", d, weights, true);
        // "outside blocks" reads better after the blocks, as in the layout.
        List<ComponentRow> ordered = new ArrayList<>();
        rows.stream().filter(r -> r.scope().startsWith("block")).forEach(ordered::add);
        rows.stream().filter(r -> r.scope().equals("outside blocks")).forEach(ordered::add);
        rows.stream().filter(r -> r.scope().equals("total")).forEach(ordered::add);
        return Collections.unmodifiableList(ordered);
    }

    private static void addRows(List<ComponentRow> rows, List<ParameterSpec> layout, int layer, String scope,
                                DType d, long weights, boolean all) {
        for (Component c : Component.values()) {
            int tensors = 0;
            long numel = 0;
            long bytes = 0;
            for (ParameterSpec spec : layout) {
                if (spec.component() == c && (all || spec.layer() == layer)) {
                    tensors++;
                    numel += spec.numel();
                    bytes += d.weightBytes(spec.numel());
                }
            }
            if (tensors > 0) {
                rows.add(new ComponentRow(scope, c, tensors, numel, bytes, (double) bytes / weights));
            }
        }
    }

    MemoryReport withMeasurements(List<Measurement> m) {
        return new MemoryReport(settings, weights, weightsHeap, quantizationScales, gradients, optimizerState, activations,
                attention, kvCache, logits, backwardScratch, published, byTensor, byComponent, activationRows, List.copyOf(m));
    }

    // ---- what it was computed for ---------------------------------------------------------------

    public ModelConfig config() {
        return settings.config();
    }

    public DType dtype() {
        return settings.dtype();
    }

    public int batch() {
        return settings.batch();
    }

    public int sequence() {
        return settings.sequence();
    }

    public Optimizer optimizer() {
        return settings.optimizer();
    }

    public JvmLayout jvm() {
        return settings.jvm();
    }

    // ---- the prediction -------------------------------------------------------------------------

    /** Everything below, summed. */
    public long total() {
        return weights + quantizationScales + gradients + optimizerState + activations + kvCache + logits
                + backwardScratch;
    }

    /**
     * Weights + gradients + optimizer state: the "model states" that do not depend on batch or
     * sequence (16 B/param for fp32 AdamW).
     */
    public long modelStates() {
        return weights + gradients + optimizerState;
    }

    /**
     * Parameter data: numel × bits per weight / 8, summed over {@code config.layout()} (scales and
     * zero points of INT8 and INT4 apart, in {@link #quantizationScales()}).
     */
    public long weights() {
        return weights;
    }

    /**
     * INT8 and INT4 only: the FP16 scale and the zero point of every group of
     * {@link #groupSize()} weights ({@link Quantization}); 0 for float dtypes.
     */
    public long quantizationScales() {
        return quantizationScales;
    }

    /** Weights per scale and zero point (meaningful for INT8 and INT4). */
    public int groupSize() {
        return settings.quantization().groupSize();
    }

    /** The weights as Java arrays: one array header and alignment padding per tensor included. */
    public long weightsWithJvmOverhead() {
        return weightsHeap;
    }

    /** {@link #weightsWithJvmOverhead()} − {@link #weights()}. */
    public long jvmOverhead() {
        return weightsHeap - weights;
    }

    /** One gradient per parameter when training, else 0. */
    public long gradients() {
        return gradients;
    }

    /** SGD 0, SGD with momentum 1×, AdamW 2× (m, v) the weights. */
    public long optimizerState() {
        return optimizerState;
    }

    /**
     * Training: the buffers the forward pass keeps for backward (logits and probabilities and the
     * backward scratch reported apart). Inference:
     * the model's workspace ({@code Workspace.inventory}), reused across the batch.
     */
    public long activations() {
        return activations;
    }

    /** The part of {@link #activations()} holding attention probabilities: grows with T². */
    public long attention() {
        return attention;
    }

    /** Inference only: 2 · layers · kvHeads · head_dim · sequence · batch · bytes per element. */
    public long kvCache() {
        return kvCache;
    }

    /** Training: logits and probabilities (B,T,V) each. Inference: the logits returned, (B,T,V). */
    public long logits() {
        return logits;
    }

    /**
     * Training only: the backward pass's scratch (gradients with respect to activations, the
     * {@code SCRATCH} buffers of the arena), allocated with the arena and held as long as it is.
     * Inference: 0.
     */
    public long backwardScratch() {
        return backwardScratch;
    }

    /** The literature's figures for the same sizes. */
    public PublishedEstimate published() {
        return published;
    }

    /** The summary: each item with its share and the published figure beside it. */
    public List<SummaryRow> summary() {
        long total = total();
        boolean tr = optimizer().training();
        String fp = dtype() == DType.FP32 ? "fp32" : "mixed precision";
        List<SummaryRow> rows = new ArrayList<>();
        rows.add(row("weights", weights, total, published.weights(), "Math 101: "
                + (dtype().bits() % 8 == 0 ? String.valueOf(dtype().bits() / 8) : dtype().bits() / 8.0) + " B/param"));
        if (dtype().quantized()) {
            rows.add(row("scales + zero points", quantizationScales, total, 0, "FP16 scale + " + dtype().bits()
                    + "-bit zero point per " + groupSize() + " weights"));
        }
        rows.add(row("gradients", gradients, total, published.gradients(), tr ? "Math 101: as the weights" : "inference"));
        rows.add(row("optimizer state", optimizerState, total, published.optimizerState(),
                tr ? "Math 101, " + fp + ": " + (published.optimizerState() / config().parameterCount()) + " B/param"
                        : "inference"));
        rows.add(row("activations", activations, total, published.activations(),
                tr ? "Korthikanti 2022 at " + dtype() : "Math 101: <= 20% of weights"));
        rows.add(row("KV cache", kvCache, total, published.kvCache(), tr ? "training: none" : "2·L·K·hd·S·B·bytes"));
        rows.add(row("logits", logits, total, published.logits(), tr ? "Korthikanti: 4sbv" : "not counted"));
        if (tr) {
            rows.add(row("backward scratch", backwardScratch, total, 0, "not in the formulas (transient there)"));
        }
        rows.add(row("total", total, total, published.total(), ""));
        return Collections.unmodifiableList(rows);
    }

    private static SummaryRow row(String item, long bytes, long total, long published, String source) {
        return new SummaryRow(item, bytes, total == 0 ? 0 : (double) bytes / total, published, source);
    }

    /** Every parameter tensor: name, shape, numel, bytes, share of the weights. */
    public List<TensorRow> byTensor() {
        return byTensor;
    }

    /** Weight bytes by component, per block, outside the blocks, and in total. */
    public List<ComponentRow> byComponent() {
        return byComponent;
    }

    /**
     * The training arena sized for this batch and sequence, per-block buffers folded (listed for
     * inference too, as what a training step at these sizes would allocate; empty when no training
     * step could, the arrays being too large).
     */
    public List<ActivationInventory.Row> activationBuffers() {
        return activationRows;
    }

    /** Predicted vs measured allocations, empty unless the report was measured. */
    public List<Measurement> measurements() {
        return measurements;
    }

    /**
     * The prediction over a range of one axis, everything else as in this report, for plots:
     * e.g. {@code sweep(Axis.SEQUENCE, 16, 32, 64, 128)}. Analytic only.
     */
    public List<SweepRow> sweep(Axis axis, int... values) {
        if (axis == null) {
            throw new IllegalArgumentException("axis must not be null; allowed: BATCH, SEQUENCE, DMODEL, LAYERS");
        }
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("values: none given; allowed: one or more values >= 1");
        }
        List<SweepRow> rows = new ArrayList<>(values.length);
        for (int v : values) {
            MemoryModel.requirePositive(axis.name().toLowerCase(Locale.ROOT), v);
            MemorySettings s = settings.with(axis, v);
            s.validate(false);
            MemoryReport r = compute(s);
            rows.add(new SweepRow(axis, v, r.weights, r.gradients, r.optimizerState, r.activations, r.attention,
                    r.kvCache, r.logits, r.backwardScratch, r.total()));
        }
        return Collections.unmodifiableList(rows);
    }

    // ---- text ---------------------------------------------------------------------------------

    @Override
    public String toString() {
        ModelConfig c = config();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Memory of %s%n  %,d parameters in %d tensors; %s, batch %d, "
                        + "sequence %d, %s%n%n", c, c.parameterCount(), c.tensorCount(), dtype(), batch(), sequence(),
                optimizer().training() ? "training with " + optimizer() : "inference"));
        sb.append(String.format(Locale.ROOT, "  %-16s %15s %10s %6s   %15s %10s  %s%n", "item", "bytes", "", "share",
                "published", "", "published source"));
        for (SummaryRow r : summary()) {
            sb.append(String.format(Locale.ROOT, "  %-16s %,15d %10s %5.1f%%   %,15d %10s  %s%n", r.item(), r.bytes(),
                    ByteSize.format(r.bytes()), 100 * r.share(), r.published(), ByteSize.format(r.published()),
                    r.source()));
        }
        if (optimizer().training()) {
            sb.append(String.format(Locale.ROOT, "%n  Model states (weights + gradients + optimizer) = %,d B (%s), "
                    + "%d B/param", modelStates(), ByteSize.format(modelStates()),
                    modelStates() / c.parameterCount()));
        }
        if (optimizer().training()) {
            sb.append(String.format(Locale.ROOT, "%n  Korthikanti et al. as published (16-bit, dropout): "
                    + "L·sbh(34 + 5as/h) = %,d B (%s)", published.korthikanti16(),
                    ByteSize.format(published.korthikanti16())));
        }
        sb.append(String.format(Locale.ROOT, "%n"));
        sb.append(String.format(Locale.ROOT, "  JVM: %d tensors as arrays = %,d B (%s): +%,d B headers and padding "
                        + "(%s)%n", byTensor.size(), weightsHeap, ByteSize.format(weightsHeap), jvmOverhead(), jvm()));
        if (optimizer().training()) {
            sb.append(String.format(Locale.ROOT, "%n  Training arena (train.Activations.inventory), %s per element:%n",
                    dtype()));
            for (ActivationInventory.Row r : activationRows) {
                long bytes = r.totalNumel() * dtype().bytes();
                sb.append(String.format(Locale.ROOT, "    %-14s %-10s %-10s %-20s %-3s %,15d %10s%n", r.name(),
                        r.role().name().toLowerCase(Locale.ROOT), r.shape(), r.dimsString(),
                        r.count() > 1 ? "x" + r.count() : "", bytes, ByteSize.format(bytes)));
            }
        } else {
            sb.append(String.format(Locale.ROOT, "  Inference workspace (Workspace.inventory, sized for T = %d, reused for "
                    + "each sequence) = %,d B; KV cache of generate (1 x %d) = %,d B%n", c.contextLength(),
                    Workspace.bytes(c), c.contextLength(), KvCache.bytes(c)));
        }
        if (!measurements.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%n  Measured (bytes allocated on this thread, "
                    + "ThreadMXBean.getThreadAllocatedBytes):%n"));
            sb.append(String.format(Locale.ROOT, "    %-46s %15s %15s %7s%n", "phase", "predicted", "measured", "ratio"));
            for (Measurement m : measurements) {
                sb.append(String.format(Locale.ROOT, "    %-46s %,15d %,15d %7s%n", m.phase(), m.predicted(),
                        m.measured(), Double.isNaN(m.ratio()) ? "-" : String.format(Locale.ROOT, "%.4f", m.ratio())));
            }

        }
        return sb.toString();
    }
}
