package dev.modelkit.model.profile;

import java.util.List;
import java.util.Locale;

/**
 * What garbage collection does to one case's builds, two ways:
 *
 * <ul>
 *   <li><b>Split</b>: the timed runs during which a collection ran against those without, compared
 *       by their medians ({@link #gcEffectMs()}, with a 95% bootstrap interval). Only when each side
 *       has at least {@link #MIN_RUNS_PER_SIDE} runs; otherwise "not enough runs" (NaN).</li>
 *   <li><b>Pauses</b>: the collectors' own reported pause time as a share of build time
 *       ({@link #gcTimeShare()}, with its interval), and the median build with those pauses taken
 *       out. This works even when every run collected, as Medium with gradients does.</li>
 * </ul>
 *
 * @param key                     the case
 * @param runsWithGc              timed runs that saw at least one collection
 * @param runsWithoutGc           timed runs that saw none
 * @param medianWithGcMs          median of the runs with a collection (NaN when none)
 * @param medianWithoutGcMs       median of the runs without (NaN when none)
 * @param spreadMs                max - min over all timed runs
 * @param spreadWithoutGcMs       max - min over the runs without a collection (NaN when none)
 * @param gcShareOfSpread         share of the spread that disappears when the runs with a
 *                                collection are left out: 0 when no run saw one; NaN ("not enough
 *                                runs") when either side has fewer than {@link #MIN_RUNS_PER_SIDE}
 * @param gcTimeShare             collection time over build time, summed over the timed runs
 * @param gcTimeShareCi           95% bootstrap interval of {@code gcTimeShare}
 * @param gcEffectMs              median with GC - median without (NaN: not enough runs)
 * @param gcEffectCi              95% bootstrap interval of {@code gcEffectMs}
 * @param medianMs                median of all timed runs
 * @param medianCi                its 95% interval
 * @param medianExcludingPausesMs median of (build time - collection time) per run
 */
public record GcAttribution(CaseKey key, int runsWithGc, int runsWithoutGc, double medianWithGcMs,
                            double medianWithoutGcMs, double spreadMs, double spreadWithoutGcMs,
                            double gcShareOfSpread, double gcTimeShare, Interval gcTimeShareCi,
                            double gcEffectMs, Interval gcEffectCi, double medianMs, Interval medianCi,
                            double medianExcludingPausesMs) {

    /** Fewer runs than this on either side of the split compare nothing. */
    public static final int MIN_RUNS_PER_SIDE = 3;
    /**
     * GC is "a noticeable part" of a build when the lower bound of its time share's interval is
     * above this, "a negligible part" when the upper bound is below it. 5%, not 10%: on this
     * 2-core machine Medium's share ran from 6% to 25% between runs, so a 10% line split runs
     * that all show the same thing, collections costing a noticeable slice of every build.
     */
    public static final double LARGE_SHARE = 0.05;

    static GcAttribution of(CaseKey key, List<CreationRun> timed) {
        int n = timed.size();
        int with = 0;
        double totalMs = 0, gcMs = 0;
        double[] all = new double[n];
        double[] pauses = new double[n];
        double[] excl = new double[n];
        for (int i = 0; i < n; i++) {
            CreationRun r = timed.get(i);
            with += r.sawGc() ? 1 : 0;
            totalMs += r.millis();
            gcMs += r.gcMillis();
            all[i] = r.millis();
            pauses[i] = r.gcMillis();
            excl[i] = Math.max(0, r.millis() - r.gcMillis());
        }
        double[] withGc = new double[with];
        double[] withoutGc = new double[n - with];
        for (int i = 0, a = 0, b = 0; i < n; i++) {
            if (timed.get(i).sawGc()) {
                withGc[a++] = all[i];
            } else {
                withoutGc[b++] = all[i];
            }
        }
        double spread = Statistics.max(all) - Statistics.min(all);
        double spreadNoGc = withoutGc.length == 0 ? Double.NaN
                : Statistics.max(withoutGc) - Statistics.min(withoutGc);
        boolean enough = withGc.length >= MIN_RUNS_PER_SIDE && withoutGc.length >= MIN_RUNS_PER_SIDE;
        double share;
        if (with == 0 || spread == 0) {
            share = 0;  // no collection ran: GC explains none of the spread
        } else if (!enough) {
            share = Double.NaN;  // a side of one or two runs: its spread is no estimate
        } else {
            share = Math.max(0, 1 - spreadNoGc / spread);
        }
        double effect = enough ? Statistics.median(withGc) - Statistics.median(withoutGc) : Double.NaN;
        return new GcAttribution(key, with, withoutGc.length, Statistics.medianOrNaN(withGc),
                Statistics.medianOrNaN(withoutGc), spread, spreadNoGc, share,
                totalMs == 0 ? 0 : gcMs / totalMs, Bootstrap.ratioOfSums(pauses, all),
                effect, enough ? Bootstrap.medianDifference(withGc, withoutGc) : Interval.UNKNOWN,
                Statistics.median(all), Bootstrap.median(all), Statistics.median(excl));
    }

    /** Whether the split has {@link #MIN_RUNS_PER_SIDE} runs on both sides. */
    public boolean splitComparable() {
        return runsWithGc >= MIN_RUNS_PER_SIDE && runsWithoutGc >= MIN_RUNS_PER_SIDE;
    }

    /** The split compared by medians, in words with its interval, or "not enough runs" and why. */
    public String splitVerdict() {
        if (!splitComparable()) {
            return String.format(Locale.ROOT, "not enough runs to compare: %d with a collection, %d without "
                    + "(need %d on each side)", runsWithGc, runsWithoutGc, MIN_RUNS_PER_SIDE);
        }
        String sign = gcEffectCi.low() > 0 ? "slower" : gcEffectCi.high() < 0 ? "faster" : "no different";
        return String.format(Locale.ROOT, "builds with a collection are %s: median %.2f ms vs %.2f ms, "
                + "difference %+.2f ms, 95%% interval %s", sign, medianWithGcMs, medianWithoutGcMs, gcEffectMs,
                gcEffectCi.format("%+.2f"));
    }

    /** The pause share in words, with the criterion ({@link #LARGE_SHARE}) and interval. */
    public String pauseVerdict() {
        String size = gcTimeShareCi.known() && gcTimeShareCi.low() > LARGE_SHARE ? "a noticeable part"
                : gcTimeShareCi.known() && gcTimeShareCi.high() < LARGE_SHARE ? "a negligible part" : "an undecided part";
        // Fewer than 3 runs give no interval: say "n/a" rather than print NaN bounds.
        String interval = gcTimeShareCi.known() ? String.format(Locale.ROOT, "[%.1f%%, %.1f%%]",
                100 * gcTimeShareCi.low(), 100 * gcTimeShareCi.high()) : "[n/a: fewer than 3 runs]";
        return String.format(Locale.ROOT, "GC pauses are %s of build time: %.1f%%, 95%% interval %s "
                + "(noticeable: the whole interval above %.0f%%); median build %.2f ms, %.2f ms without its pauses",
                size, 100 * gcTimeShare, interval, 100 * LARGE_SHARE, medianMs, medianExcludingPausesMs);
    }
}
