package dev.modelkit.model.profile;

import java.util.List;

/**
 * How much of one case's spread goes with garbage collection: the timed runs split into those
 * during which a collection ran and those without.
 *
 * @param key               the case
 * @param runsWithGc        timed runs that saw at least one collection
 * @param runsWithoutGc     timed runs that saw none
 * @param medianWithGcMs    median of the runs with a collection (NaN when none)
 * @param medianWithoutGcMs median of the runs without (NaN when none)
 * @param spreadMs          max - min over all timed runs
 * @param spreadWithoutGcMs max - min over the runs without a collection (NaN when none)
 * @param gcShareOfSpread   share of the spread that disappears when the runs with a collection
 *                          are left out: 0 when no run saw one (GC explains none of it), 1 when
 *                          every run without a collection took the same time
 * @param gcTimeShare       collection time over build time, summed over the timed runs
 */
public record GcAttribution(CaseKey key, int runsWithGc, int runsWithoutGc, double medianWithGcMs,
                            double medianWithoutGcMs, double spreadMs, double spreadWithoutGcMs,
                            double gcShareOfSpread, double gcTimeShare) {

    static GcAttribution of(CaseKey key, List<CreationRun> timed) {
        int with = 0;
        double totalMs = 0, gcMs = 0;
        for (CreationRun r : timed) {
            with += r.sawGc() ? 1 : 0;
            totalMs += r.millis();
            gcMs += r.gcMillis();
        }
        double[] all = new double[timed.size()];
        double[] withGc = new double[with];
        double[] withoutGc = new double[timed.size() - with];
        for (int i = 0, a = 0, b = 0; i < timed.size(); i++) {
            CreationRun r = timed.get(i);
            all[i] = r.millis();
            if (r.sawGc()) {
                withGc[a++] = r.millis();
            } else {
                withoutGc[b++] = r.millis();
            }
        }
        double spread = Statistics.max(all) - Statistics.min(all);
        double spreadNoGc = withoutGc.length == 0 ? Double.NaN
                : Statistics.max(withoutGc) - Statistics.min(withoutGc);
        double share;
        if (with == 0 || spread == 0) {
            share = 0;
        } else if (withoutGc.length == 0) {
            share = Double.NaN;  // every run collected: nothing to compare against
        } else {
            share = Math.max(0, 1 - spreadNoGc / spread);
        }
        return new GcAttribution(key, with, withoutGc.length, Statistics.medianOrNaN(withGc),
                Statistics.medianOrNaN(withoutGc), spread, spreadNoGc, share,
                totalMs == 0 ? 0 : gcMs / totalMs);
    }
}
