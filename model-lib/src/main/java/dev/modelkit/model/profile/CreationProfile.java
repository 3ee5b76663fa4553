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

    private List<ScalingFit> fit(List<CreationSummary> summaries) {
        Map<String, List<CreationSummary>> groups = new LinkedHashMap<>();
        for (CreationSummary s : summaries) {
            groups.computeIfAbsent(s.init() + "/" + s.eagerGradients(), k -> new ArrayList<>()).add(s);
        }
        List<ScalingFit> out = new ArrayList<>();
        for (List<CreationSummary> g : groups.values()) {
            int n = g.size();
            double[] x = new double[n];
            double[][] ms = new double[n][];
            long largest = 0;
            for (int i = 0; i < n; i++) {
                x[i] = g.get(i).model().parameters();
                largest = Math.max(largest, g.get(i).model().parameters());
                List<CreationRun> timed = timedRuns(g.get(i).key());
                ms[i] = new double[timed.size()];
                for (int j = 0; j < ms[i].length; j++) {
                    ms[i][j] = timed.get(j).millis();
                }
            }
            int sizes = (int) java.util.Arrays.stream(x).distinct().count();
            if (sizes < 2) {
                continue;  // one size: no scaling question was asked
            }
            CreationSummary first = g.get(0);
            if (sizes < ScalingFit.MIN_SIZES_FOR_FIT) {
                out.add(new ScalingFit(first.init(), first.eagerGradients(), sizes, Double.NaN, Double.NaN,
                        Double.NaN, Interval.UNKNOWN, Double.NaN, Interval.UNKNOWN, largest));
                continue;
            }
            double[] y = medians(ms);
            Statistics.LinearFit f = Statistics.linearFit(x, y);
            Interval slopeCi = Bootstrap.interval(rnd -> Statistics.linearFit(x, resampledMedians(ms, rnd)).slope() * 1e6);
            boolean curvable = sizes >= ScalingFit.MIN_SIZES_FOR_CURVATURE;
            double ratio = curvable ? slopeRatio(x, y) : Double.NaN;
            Interval ratioCi = curvable ? Bootstrap.interval(rnd -> slopeRatio(x, resampledMedians(ms, rnd)))
                    : Interval.UNKNOWN;
            out.add(new ScalingFit(first.init(), first.eagerGradients(), sizes, f.slope() * 1e6,
                    f.intercept(), f.r2(), slopeCi, ratio, ratioCi, largest));
        }
        return List.copyOf(out);
    }

    private static double[] medians(double[][] ms) {
        double[] y = new double[ms.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Statistics.median(ms[i]);
        }
        return y;
    }

    /** Each size's runs resampled on their own (a size keeps its identity), then their medians. */
    private static double[] resampledMedians(double[][] ms, java.util.SplittableRandom rnd) {
        double[] y = new double[ms.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = Statistics.median(Bootstrap.resample(ms[i], rnd));
        }
        return y;
    }

    /**
     * Slope over the larger half of the sizes over the slope over the smaller half (the middle
     * size in both when the count is odd). NaN when the smaller half's slope is not positive:
     * a ratio to a flat or falling line says nothing about curvature.
     */
    static double slopeRatio(double[] x, double[] y) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(x[a], x[b]));
        int n = x.length, half = (n + 1) / 2;
        double[] lx = new double[half], ly = new double[half], ux = new double[half], uy = new double[half];
        for (int i = 0; i < half; i++) {
            lx[i] = x[order[i]];
            ly[i] = y[order[i]];
            ux[i] = x[order[n - half + i]];
            uy[i] = y[order[n - half + i]];
        }
        double lower = Statistics.linearFit(lx, ly).slope();
        double upper = Statistics.linearFit(ux, uy).slope();
        return lower <= 0 ? Double.NaN : upper / lower;
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
            sb.append("\nScaling: median ms = intercept + slope * params (least squares; 95% bootstrap intervals)\n");
            TextTable f = new TextTable("<init", "<grads", "sizes", "slope ns/param", "slope 95%",
                    "intercept ms", "R²", "slope ratio", "ratio 95%", "<verdict");
            for (ScalingFit s : scaling) {
                boolean fit = s.hasFit();
                f.row(s.init(), s.eagerGradients() ? "yes" : "no", s.points(),
                        fit ? fmt("%.3f", s.slopeNsPerParam()) : "no fit", fit ? s.slopeCi().format("%.3f") : "-",
                        fit ? fmt("%.3f", s.interceptMs()) : "-", fit ? fmt("%.4f", s.r2()) : "-",
                        fmt("%.2f", s.slopeRatio()), s.slopeRatioCi().known() ? s.slopeRatioCi().format("%.2f") : "-",
                        s.outcome());
            }
            sb.append(f);
            for (ScalingFit s : scaling) {
                sb.append("  ").append(s.verdict()).append('\n');
            }
        }

        sb.append("\nGC attribution (timed runs with vs without a collection during the build; pauses as the collectors report them)\n");
        TextTable g = new TextTable("<model", "<init", "<grads", "runs w/ GC", "median w/ GC",
                "median w/o GC", "GC effect ms", "GC time share", "share 95%", "median w/o pauses");
        for (GcAttribution a : gcAttribution) {
            g.row(a.key().model().name(), a.key().init(), a.key().eagerGradients() ? "yes" : "no",
                    a.runsWithGc() + "/" + (a.runsWithGc() + a.runsWithoutGc()), ms(a.medianWithGcMs()),
                    ms(a.medianWithoutGcMs()), a.splitComparable() ? fmt("%+.3f", a.gcEffectMs()) : a.runsWithGc() == 0 ? "no GC" : "not enough runs",
                    pct(a.gcTimeShare()), a.gcTimeShareCi().known()
                            ? pct(a.gcTimeShareCi().low()) + "–" + pct(a.gcTimeShareCi().high()) : "-",
                    ms(a.medianExcludingPausesMs()));
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
