package dev.modelkit.model.profile;

import dev.modelkit.model.Init;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Parameter;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.TransformerBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Times {@code Transformer.builder()...build()} the way the reference report did (warm-ups, then
 * timed builds, a forced GC before each) and records for every build what the JVM did meanwhile:
 * collections, collection time and bytes allocated.
 *
 * <pre>{@code
 * CreationProfile p = CreationProfiler.builder()
 *     .presets(Preset.TINY, Preset.SMALL, Preset.MEDIUM)
 *     .inits(Init.EAGER, Init.PARALLEL, Init.LAZY)
 *     .warmup(1).runs(5)
 *     .gcBeforeEachRun(true)
 *     .run();
 * System.out.println(p);
 * }</pre>
 *
 * <p>Cases run one after another: for each model size, tying variant, init and gradient variant,
 * its warm-ups then its timed runs. A builder is reusable; each {@link #run()} measures afresh.
 */
public final class CreationProfiler {

    /** Keeps the last model (and gradients) reachable so the JIT cannot drop the build. */
    private static volatile Object sink;

    private final List<ProfiledModel> presetModels = new ArrayList<>();
    private final List<ProfiledModel> configModels = new ArrayList<>();
    private List<Init> inits = List.of(Init.EAGER);
    private boolean[] tiedVariants;
    private boolean[] gradientVariants = {false};
    private int warmup = 1;
    private int runs = 5;
    private boolean gcBeforeEachRun = true;
    private long seed = TransformerBuilder.DEFAULT_SEED;
    private ProgressListener listener = e -> { };

    private CreationProfiler() {
    }

    /** A profiler with the reference's method: 1 warm-up, 5 timed runs, GC before each, EAGER. */
    public static CreationProfiler builder() {
        return new CreationProfiler();
    }

    /** The preset sizes to profile (replacing earlier presets; custom configs are kept). */
    public CreationProfiler presets(Preset... presets) {
        requireNonEmpty("presets", presets);
        presetModels.clear();
        for (Preset p : presets) {
            presetModels.add(ProfiledModel.of(p));
        }
        return this;
    }

    /** Custom sizes to profile besides the presets (replacing earlier custom configs). */
    public CreationProfiler configs(ModelConfig... configs) {
        requireNonEmpty("configs", configs);
        configModels.clear();
        for (ModelConfig c : configs) {
            configModels.add(ProfiledModel.of(c));
        }
        return this;
    }

    /** Ways of materialising weights to compare; default EAGER only. */
    public CreationProfiler inits(Init... inits) {
        requireNonEmpty("inits", inits);
        this.inits = List.copyOf(new LinkedHashSet<>(Arrays.asList(inits)));
        return this;
    }

    /**
     * Embedding tying to profile each size with, e.g. {@code tiedEmbeddings(false, true)} for
     * both. Unset, every size is built as its config says (presets untied, as the reference).
     */
    public CreationProfiler tiedEmbeddings(boolean... variants) {
        this.tiedVariants = requireVariants("tiedEmbeddings", variants);
        return this;
    }

    /**
     * Whether each build also allocates one zeroed fp32 gradient array per tensor, as the
     * reference library does when it creates a model (4 more bytes per parameter that its
     * figures silently include). {@code eagerGradients(false, true)} profiles both.
     */
    public CreationProfiler eagerGradients(boolean... variants) {
        this.gradientVariants = requireVariants("eagerGradients", variants);
        return this;
    }

    /** Untimed builds before the timed ones, per case (0 allowed: then the first run is cold). */
    public CreationProfiler warmup(int warmup) {
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup = " + warmup + " is out of range; allowed: 0.."
                    + Integer.MAX_VALUE);
        }
        this.warmup = warmup;
        return this;
    }

    /** Timed builds per case. */
    public CreationProfiler runs(int runs) {
        if (runs < 1) {
            throw new IllegalArgumentException("runs = " + runs + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
        this.runs = runs;
        return this;
    }

    /**
     * True (default): {@link System#gc()} before every build, so each starts on a clean heap and
     * a collection during the build is one the build itself caused.
     */
    public CreationProfiler gcBeforeEachRun(boolean gc) {
        this.gcBeforeEachRun = gc;
        return this;
    }

    /** Seed of the weights built (default 42); timing does not depend on it. */
    public CreationProfiler seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Called after every build, warm-ups included. */
    public CreationProfiler progress(ProgressListener listener) {
        if (listener == null) {
            throw new IllegalArgumentException("progress: listener must not be null");
        }
        this.listener = listener;
        return this;
    }

    /** The cases {@link #run()} would measure, in order. */
    public List<CaseKey> cases() {
        List<ProfiledModel> models = new ArrayList<>(presetModels);
        models.addAll(configModels);
        if (models.isEmpty()) {
            throw new IllegalArgumentException("presets: none given; allowed: at least one preset "
                    + "(presets(Preset.TINY, ...)) or config (configs(...))");
        }
        List<CaseKey> cases = new ArrayList<>();
        for (ProfiledModel m : models) {
            boolean[] ties = tiedVariants != null ? tiedVariants : new boolean[] {m.config().tieEmbeddings()};
            for (boolean tie : ties) {
                for (Init init : inits) {
                    for (boolean grads : gradientVariants) {
                        CaseKey key = new CaseKey(m.withTieEmbeddings(tie), init, grads);
                        if (!cases.contains(key)) {
                            cases.add(key);
                        }
                    }
                }
            }
        }
        return cases;
    }

    /** How many builds {@link #run()} would make, warm-ups included (for a progress bar). */
    public int totalBuilds() {
        return Math.multiplyExact(cases().size(), warmup + runs);
    }

    /** Builds every case's warm-ups and timed runs and returns what was measured. */
    public CreationProfile run() {
        List<CaseKey> cases = cases();
        int total = totalBuilds();
        GcMeter gc = new GcMeter();
        AllocationMeter alloc = new AllocationMeter();
        Environment env = Environment.capture();
        List<CreationRun> out = new ArrayList<>(total);
        long start = System.nanoTime();
        int done = 0;
        for (CaseKey key : cases) {
            for (int i = 0; i < warmup + runs; i++) {
                boolean isWarmup = i < warmup;
                CreationRun r = measure(key, isWarmup, isWarmup ? i : i - warmup, gc, alloc);
                out.add(r);
                listener.onRun(new ProgressEvent(key, isWarmup, r.index(), ++done, total, r.nanos(),
                        System.nanoTime() - start));
            }
        }
        sink = null;
        return new CreationProfile(cases, out, warmup, runs, gcBeforeEachRun, seed, env);
    }

    private CreationRun measure(CaseKey key, boolean isWarmup, int index, GcMeter gc, AllocationMeter alloc) {
        sink = null;  // the previous model must not survive into this build's heap
        if (gcBeforeEachRun) {
            System.gc();
        }
        TransformerBuilder b = Transformer.builder().config(key.model().config()).seed(seed).init(key.init());
        boolean grads = key.eagerGradients();

        long[] gc0 = gc.read();
        long[][] a0 = alloc.snapshot();
        long t0 = System.nanoTime();
        Transformer model = b.build();
        float[][] gradients = grads ? allocateGradients(model) : null;
        long t1 = System.nanoTime();
        long[][] a1 = alloc.snapshot();
        long[] gc1 = gc.read();

        sink = grads ? new Object[] {model, gradients} : model;
        return new CreationRun(key.model(), key.init(), grads, isWarmup, index, t1 - t0,
                gc1[0] - gc0[0], gc1[1] - gc0[1], alloc.delta(a0, a1));
    }

    /** One zeroed gradient array per tensor, the reference's per-parameter .grad buffers. */
    private static float[][] allocateGradients(Transformer model) {
        List<Parameter> params = model.parameters();
        float[][] g = new float[params.size()][];
        for (int i = 0; i < g.length; i++) {
            g[i] = new float[Math.toIntExact(params.get(i).numel())];
        }
        return g;
    }

    private static void requireNonEmpty(String field, Object[] values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException(field + ": none given; allowed: at least one");
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null) {
                throw new IllegalArgumentException(field + "[" + i + "] must not be null");
            }
        }
    }

    private static boolean[] requireVariants(String field, boolean[] variants) {
        if (variants == null || variants.length == 0) {
            throw new IllegalArgumentException(field + ": none given; allowed: false, true or both");
        }
        boolean f = false, t = false;
        for (boolean v : variants) {
            f |= !v;
            t |= v;
        }
        return f && t ? new boolean[] {false, true} : new boolean[] {t};
    }
}
