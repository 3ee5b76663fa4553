package dev.modelkit.model.profile;

import dev.modelkit.model.Init;

import java.util.List;

/**
 * The timed runs of one case, summarised (warm-ups left out).
 *
 * @param model              the size built
 * @param init               how weights were materialised
 * @param eagerGradients     whether a gradient array per tensor was allocated too
 * @param runs               timed runs summarised
 * @param minMs              fastest build
 * @param medianMs           median build (the reference report's headline figure)
 * @param meanMs             mean build
 * @param maxMs              slowest build
 * @param stddevMs           sample standard deviation
 * @param nsPerParam         median nanoseconds per parameter
 * @param gcCount            collections during the timed runs, in total
 * @param gcMillis           collection time during the timed runs, in total
 * @param meanAllocatedBytes bytes allocated per build, mean (-1 when the JVM cannot tell)
 * @param runsWithGc         timed runs during which at least one collection ran
 * @param medianWithGcMs     median of those runs, NaN when there were none
 * @param medianWithoutGcMs  median of the runs without a collection, NaN when there were none
 * @param medianCi           95% bootstrap interval of the median (unknown below 3 runs)
 */
public record CreationSummary(ProfiledModel model, Init init, boolean eagerGradients, int runs,
                              double minMs, double medianMs, double meanMs, double maxMs,
                              double stddevMs, double nsPerParam, long gcCount, long gcMillis,
                              long meanAllocatedBytes, int runsWithGc, double medianWithGcMs,
                              double medianWithoutGcMs, Interval medianCi) {

    /** Summarises the timed runs of one case. */
    static CreationSummary of(CaseKey key, List<CreationRun> timed) {
        int n = timed.size();
        double[] ms = new double[n];
        long gcCount = 0, gcMillis = 0, alloc = 0;
        boolean allocKnown = true;
        int withGc = 0;
        for (int i = 0; i < n; i++) {
            CreationRun r = timed.get(i);
            ms[i] = r.millis();
            gcCount += r.gcCount();
            gcMillis += r.gcMillis();
            allocKnown &= r.allocatedBytes() >= 0;
            alloc += r.allocatedBytes();
            withGc += r.sawGc() ? 1 : 0;
        }
        double[] gcMs = new double[withGc];
        double[] noGcMs = new double[n - withGc];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (timed.get(i).sawGc()) {
                gcMs[a++] = ms[i];
            } else {
                noGcMs[b++] = ms[i];
            }
        }
        double median = Statistics.median(ms);
        return new CreationSummary(key.model(), key.init(), key.eagerGradients(), n,
                Statistics.min(ms), median, Statistics.mean(ms), Statistics.max(ms),
                Statistics.sampleStddev(ms), median * 1e6 / key.model().parameters(),
                gcCount, gcMillis, allocKnown ? alloc / n : -1, withGc,
                Statistics.medianOrNaN(gcMs), Statistics.medianOrNaN(noGcMs), Bootstrap.median(ms));
    }

    public CaseKey key() {
        return new CaseKey(model, init, eagerGradients);
    }

    /** Mean bytes allocated per parameter (about 4 for fp32 weights, 8 with gradients). */
    public double bytesPerParam() {
        return meanAllocatedBytes < 0 ? Double.NaN : (double) meanAllocatedBytes / model.parameters();
    }
}
