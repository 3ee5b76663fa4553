package dev.modelkit.model.profile;

import dev.modelkit.model.ByteSize;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link CreationProfiler} measured: every build, a summary per case, a linear fit of time
 * against parameters per way of building, GC attribution, and the environment. Immutable.
 */
public final class CreationProfile {

    private final List<CaseKey> cases;
    private final List<CreationRun> runs;
    private final int warmup;
    private final int timedRuns;
    private final boolean gcBeforeEachRun;
    private final long seed;
    private final Environment environment;
    private final List<CreationSummary> summaries;
    private final List<GcAttribution> gcAttribution;
    private final List<ScalingFit> scaling;

    CreationProfile(List<CaseKey> cases, List<CreationRun> runs, int warmup, int timedRuns,
                    boolean gcBeforeEachRun, long seed, Environment environment) {
        this.cases = List.copyOf(cases);
        this.runs = List.copyOf(runs);
        this.warmup = warmup;
        this.timedRuns = timedRuns;
        this.gcBeforeEachRun = gcBeforeEachRun;
        this.seed = seed;
        this.environment = environment;
        List<CreationSummary> s = new ArrayList<>();
        List<GcAttribution> g = new ArrayList<>();
        for (CaseKey key : this.cases) {
            List<CreationRun> timed = timedRuns(key);
            s.add(CreationSummary.of(key, timed));
            g.add(GcAttribution.of(key, timed));
        }
        this.summaries = List.copyOf(s);
        this.gcAttribution = List.copyOf(g);
        this.scaling = fit(this.summaries);
    }

    /** One row per case (model size, init, gradients), in the order measured. */
    public List<CreationSummary> summaries() {
        return summaries;
    }

    /** Every build in the order made, warm-ups included (see {@link CreationRun#warmup()}). */
    public List<CreationRun> runs() {
        return runs;
    }

    /** The timed (not warm-up) runs of one case. */
    public List<CreationRun> timedRuns(CaseKey key) {
        List<CreationRun> out = new ArrayList<>();
        for (CreationRun r : runs) {
            if (!r.warmup() && r.belongsTo(key)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * Median time against parameters, one line per (init, gradients) that was measured on at
     * least two distinct parameter counts; fewer sizes have no slope to fit.
     */
    public List<ScalingFit> scaling() {
        return scaling;
    }

    /** Per case: runs with and without a collection during the build, and the spread each has. */
    public List<GcAttribution> gcAttribution() {
        return gcAttribution;
    }

    public Environment environment() {
        return environment;
    }

    /** The very first build of this profile: cold if the profile is the first thing the JVM ran. */
    public CreationRun firstBuild() {
        return runs.get(0);
    }

    public List<CaseKey> cases() {
        return cases;
    }

    public int warmup() {
        return warmup;
    }

    /** Timed runs per case. */
    public int timedRunsPerCase() {
        return timedRuns;
    }

    public boolean gcBeforeEachRun() {
        return gcBeforeEachRun;
    }

    public long seed() {
        return seed;
    }

    private static List<ScalingFit> fit(List<CreationSummary> summaries) {
        Map<String, List<CreationSummary>> groups = new LinkedHashMap<>();
        for (CreationSummary s : summaries) {
            groups.computeIfAbsent(s.init() + "/" + s.eagerGradients(), k -> new ArrayList<>()).add(s);
        }
        List<ScalingFit> out = new ArrayList<>();
        for (List<CreationSummary> g : groups.values()) {
            double[] x = new double[g.size()];
            double[] y = new double[g.size()];
            boolean distinct = false;
            for (int i = 0; i < x.length; i++) {
                x[i] = g.get(i).model().parameters();
                y[i] = g.get(i).medianMs();
                distinct |= x[i] != x[0];
            }
            if (!distinct) {
                continue;
            }
            Statistics.LinearFit f = Statistics.linearFit(x, y);
            CreationSummary first = g.get(0);
            out.add(new ScalingFit(first.init(), first.eagerGradients(), f.points(), f.slope() * 1e6,
                    f.intercept(), f.r2()));
        }
        return List.copyOf(out);
    }

    /** Method and environment in one line each, then the summary, scaling and GC tables. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append("Creation profile: ").append(warmup).append(" warm-up + ").append(timedRuns)
                .append(" timed build(s) per case, ")
                .append(gcBeforeEachRun ? "System.gc() before each build" : "no forced GC")
                .append(", seed ").append(seed).append('\n');
        sb.append(environment).append("\n\n");

        TextTable t = new TextTable("<model", "params", "tensors", "<init", "<grads", "min ms",
                "median ms", "mean ms", "max ms", "stddev", "ns/param", "GCs", "GC ms", "alloc/build",
                "B/param");
        for (CreationSummary s : summaries) {
            t.row(s.model().name(), String.format(Locale.ROOT, "%,d", s.model().parameters()),
                    s.model().tensors(), s.init(), s.eagerGradients() ? "yes" : "no", ms(s.minMs()),
                    ms(s.medianMs()), ms(s.meanMs()), ms(s.maxMs()), ms(s.stddevMs()),
                    fmt("%.2f", s.nsPerParam()), s.gcCount(), s.gcMillis(),
                    s.meanAllocatedBytes() < 0 ? "n/a" : ByteSize.format(s.meanAllocatedBytes()),
                    fmt("%.2f", s.bytesPerParam()));
        }
        sb.append(t);

        if (!scaling.isEmpty()) {
            sb.append("\nScaling: median ms = intercept + slope * params (least squares)\n");
            TextTable f = new TextTable("<init", "<grads", "sizes", "slope ns/param", "intercept ms", "R²");
            for (ScalingFit s : scaling) {
                f.row(s.init(), s.eagerGradients() ? "yes" : "no", s.points(), fmt("%.3f", s.slopeNsPerParam()),
                        fmt("%.3f", s.interceptMs()), fmt("%.4f", s.r2()));
            }
            sb.append(f);
        }

        sb.append("\nGC attribution (timed runs with vs without a collection during the build)\n");
        TextTable g = new TextTable("<model", "<init", "<grads", "runs w/ GC", "median w/ GC",
                "median w/o GC", "spread ms", "spread w/o GC", "GC share of spread", "GC time share");
        for (GcAttribution a : gcAttribution) {
            g.row(a.key().model().name(), a.key().init(), a.key().eagerGradients() ? "yes" : "no",
                    a.runsWithGc() + "/" + (a.runsWithGc() + a.runsWithoutGc()), ms(a.medianWithGcMs()),
                    ms(a.medianWithoutGcMs()), ms(a.spreadMs()), ms(a.spreadWithoutGcMs()),
                    pct(a.gcShareOfSpread()), pct(a.gcTimeShare()));
        }
        sb.append(g);

        CreationRun first = firstBuild();
        sb.append(String.format(Locale.ROOT, "%nFirst build of this profile%s: %s %s%s %s ms%n",
                first.warmup() ? " (a warm-up)" : "", first.model().name(), first.init(),
                first.eagerGradients() ? " +grads" : "", ms(first.millis())));
        return sb.toString();
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : fmt(v >= 100 ? "%.2f" : "%.3f", v);
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : fmt("%.0f%%", 100 * v);
    }

    private static String fmt(String f, double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, f, v);
    }

    /** Exposed for the reference comparison table, which prints the same way. */
    static String formatMs(double v) {
        return ms(v);
    }

}
