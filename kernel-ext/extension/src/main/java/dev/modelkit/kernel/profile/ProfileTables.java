package dev.modelkit.kernel.profile;

import dev.modelkit.kernel.tables.TableFormats;
import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.CreationRun;
import dev.modelkit.model.profile.CreationSummary;
import dev.modelkit.model.profile.GcAttribution;
import dev.modelkit.model.profile.ReferenceComparison;
import dev.modelkit.model.profile.ReferenceData;
import dev.modelkit.model.profile.ScalingFit;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A {@link CreationProfile} as Tablesaw tables, one row per summary, run, fit or comparison, so a
 * notebook can sort, filter, join, plot and {@code write().csv(...)} them. Column names are
 * snake_case with their unit ({@code median_ms}, {@code mean_allocated_bytes}); figures the
 * profile could not measure are missing values (NaN, or -1 for bytes the JVM cannot count).
 */
public final class ProfileTables {

    private ProfileTables() {
    }

    /**
     * The narrow view of {@link #summary}: per case the median with its 95% bootstrap interval,
     * the cost per parameter and how many runs collected. Fits a notebook page; the full table
     * has the other 13 columns.
     */
    public static Table medians(CreationProfile p) {
        StringColumn model = StringColumn.create("model");
        LongColumn params = LongColumn.create("params");
        StringColumn init = StringColumn.create("init");
        BooleanColumn grads = BooleanColumn.create("eager_gradients");
        IntColumn runs = IntColumn.create("runs");
        DoubleColumn median = DoubleColumn.create("median_ms");
        DoubleColumn low = DoubleColumn.create("median_low_ms");
        DoubleColumn high = DoubleColumn.create("median_high_ms");
        DoubleColumn nsPerParam = DoubleColumn.create("ns_per_param");
        StringColumn gc = StringColumn.create("runs_with_gc");
        for (CreationSummary s : p.summaries()) {
            model.append(s.model().name());
            params.append(s.model().parameters());
            init.append(s.init().name());
            grads.append(s.eagerGradients());
            runs.append(s.runs());
            median.append(s.medianMs());
            low.append(s.medianCi().low());
            high.append(s.medianCi().high());
            nsPerParam.append(s.nsPerParam());
            gc.append(s.runsWithGc() + " of " + s.runs());
        }
        return TableFormats.readable(Table.create("creation medians (95% bootstrap interval)", model, params, init,
                grads, runs, median, low, high, nsPerParam, gc));
    }

    /**
     * The narrow view of {@link #gcAttribution}: the split compared by medians (or "not enough
     * runs"), and the collectors' pause time as a share of build time with its interval.
     */
    public static Table gc(CreationProfile p) {
        StringColumn model = StringColumn.create("model");
        StringColumn init = StringColumn.create("init");
        BooleanColumn grads = BooleanColumn.create("eager_gradients");
        StringColumn split = StringColumn.create("runs_with_gc");
        DoubleColumn medianWith = DoubleColumn.create("median_with_gc_ms");
        DoubleColumn medianWithout = DoubleColumn.create("median_without_gc_ms");
        StringColumn effect = StringColumn.create("gc_effect_ms (95%)");
        DoubleColumn share = DoubleColumn.create("gc_time_share");
        DoubleColumn shareLow = DoubleColumn.create("share_low");
        DoubleColumn shareHigh = DoubleColumn.create("share_high");
        DoubleColumn withoutPauses = DoubleColumn.create("median_without_pauses_ms");
        for (GcAttribution a : p.gcAttribution()) {
            model.append(a.key().model().name());
            init.append(a.key().init().name());
            grads.append(a.key().eagerGradients());
            split.append(a.runsWithGc() + " of " + (a.runsWithGc() + a.runsWithoutGc()));
            medianWith.append(a.medianWithGcMs());
            medianWithout.append(a.medianWithoutGcMs());
            effect.append(a.splitComparable()
                    ? String.format(java.util.Locale.ROOT, "%+.2f %s", a.gcEffectMs(), a.gcEffectCi().format("%+.2f"))
                    : a.runsWithGc() == 0 ? "no GC" : "not enough runs");
            share.append(a.gcTimeShare());
            shareLow.append(a.gcTimeShareCi().low());
            shareHigh.append(a.gcTimeShareCi().high());
            withoutPauses.append(a.medianExcludingPausesMs());
        }
        return TableFormats.readable(Table.create("GC during builds", model, init, grads, split, medianWith,
                medianWithout, effect, share, shareLow, shareHigh, withoutPauses), "gc_time_share", "share_low",
                "share_high");
    }

    /** Per way of building: the fit's slope with its interval, the linearity test and its verdict. */
    public static Table verdicts(CreationProfile p) {
        StringColumn init = StringColumn.create("init");
        BooleanColumn grads = BooleanColumn.create("eager_gradients");
        IntColumn points = IntColumn.create("sizes");
        DoubleColumn slope = DoubleColumn.create("slope_ns_per_param");
        DoubleColumn low = DoubleColumn.create("slope_low");
        DoubleColumn high = DoubleColumn.create("slope_high");
        DoubleColumn ratio = DoubleColumn.create("slope_ratio");
        DoubleColumn ratioLow = DoubleColumn.create("ratio_low");
        DoubleColumn ratioHigh = DoubleColumn.create("ratio_high");
        StringColumn outcome = StringColumn.create("verdict");
        for (ScalingFit f : p.scaling()) {
            init.append(f.init().name());
            grads.append(f.eagerGradients());
            points.append(f.points());
            slope.append(f.slopeNsPerParam());
            low.append(f.slopeCi().low());
            high.append(f.slopeCi().high());
            ratio.append(f.slopeRatio());
            ratioLow.append(f.slopeRatioCi().low());
            ratioHigh.append(f.slopeRatioCi().high());
            outcome.append(f.outcome());
        }
        return TableFormats.readable(Table.create("creation scaling verdicts (95% bootstrap intervals)", init, grads,
                points, slope, low, high, ratio, ratioLow, ratioHigh, outcome));
    }

    /** One row per case: the reference's min/median/mean/max plus spread, GC and allocation. */
    public static Table summary(CreationProfile p) {
        StringColumn model = StringColumn.create("model");
        LongColumn params = LongColumn.create("params");
        IntColumn tensors = IntColumn.create("tensors");
        StringColumn init = StringColumn.create("init");
        BooleanColumn grads = BooleanColumn.create("eager_gradients");
        IntColumn runs = IntColumn.create("runs");
        DoubleColumn min = DoubleColumn.create("min_ms");
        DoubleColumn median = DoubleColumn.create("median_ms");
        DoubleColumn mean = DoubleColumn.create("mean_ms");
        DoubleColumn max = DoubleColumn.create("max_ms");
        DoubleColumn stddev = DoubleColumn.create("stddev_ms");
        DoubleColumn nsPerParam = DoubleColumn.create("ns_per_param");
        LongColumn gcCount = LongColumn.create("gc_count");
        LongColumn gcMs = LongColumn.create("gc_ms");
        LongColumn alloc = LongColumn.create("mean_allocated_bytes");
        DoubleColumn bytesPerParam = DoubleColumn.create("bytes_per_param");
        IntColumn runsWithGc = IntColumn.create("runs_with_gc");
        DoubleColumn medianWithGc = DoubleColumn.create("median_with_gc_ms");
        DoubleColumn medianWithoutGc = DoubleColumn.create("median_without_gc_ms");
        for (CreationSummary s : p.summaries()) {
            model.append(s.model().name());
            params.append(s.model().parameters());
            tensors.append(s.model().tensors());
            init.append(s.init().name());
            grads.append(s.eagerGradients());
            runs.append(s.runs());
            min.append(s.minMs());
            median.append(s.medianMs());
            mean.append(s.meanMs());
            max.append(s.maxMs());
            stddev.append(s.stddevMs());
            nsPerParam.append(s.nsPerParam());
            gcCount.append(s.gcCount());
            gcMs.append(s.gcMillis());
            alloc.append(s.meanAllocatedBytes());
            bytesPerParam.append(s.bytesPerParam());
            runsWithGc.append(s.runsWithGc());
            medianWithGc.append(s.medianWithGcMs());
            medianWithoutGc.append(s.medianWithoutGcMs());
        }
        return TableFormats.readable(Table.create("creation summary", model, params, tensors, init, grads, runs, min, median,
                mean, max, stddev, nsPerParam, gcCount, gcMs, alloc, bytesPerParam, runsWithGc,
                medianWithGc, medianWithoutGc));
    }

    /** Every build, warm-ups included (column {@code warmup}), in the order made. */
    public static Table runs(CreationProfile p) {
        StringColumn model = StringColumn.create("model");
        LongColumn params = LongColumn.create("params");
        IntColumn tensors = IntColumn.create("tensors");
        StringColumn init = StringColumn.create("init");
        BooleanColumn grads = BooleanColumn.create("eager_gradients");
        BooleanColumn warmup = BooleanColumn.create("warmup");
        IntColumn index = IntColumn.create("index");
        DoubleColumn ms = DoubleColumn.create("ms");
        LongColumn gcCount = LongColumn.create("gc_count");
        LongColumn gcMs = LongColumn.create("gc_ms");
        LongColumn alloc = LongColumn.create("allocated_bytes");
        for (CreationRun r : p.runs()) {
            model.append(r.model().name());
            params.append(r.model().parameters());
            tensors.append(r.model().tensors());
            init.append(r.init().name());
            grads.append(r.eagerGradients());
            warmup.append(r.warmup());
            index.append(r.index());
            ms.append(r.millis());
            gcCount.append(r.gcCount());
            gcMs.append(r.gcMillis());
            alloc.append(r.allocatedBytes());
        }
        return TableFormats.readable(Table.create("creation runs", model, params, tensors, init, grads, warmup, index, ms,
                gcCount, gcMs, alloc));
    }

    /**
     * Our medians beside the reference's published figures for the same preset, one row per
     * (case, reference source); {@code ratio} is ours / theirs, so below 1 means we built faster.
     * Reference figures it did not publish stay missing.
     */
    public static Table withReference(CreationProfile p) {
        return withReference(p, ReferenceData.load());
    }

    /** As {@link #withReference(CreationProfile)} against the given reference figures. */
    public static Table withReference(CreationProfile p, ReferenceData reference) {
        StringColumn model = StringColumn.create("model");
        LongColumn params = LongColumn.create("params");
        StringColumn init = StringColumn.create("init");
        BooleanColumn grads = BooleanColumn.create("eager_gradients");
        DoubleColumn ours = DoubleColumn.create("our_median_ms");
        DoubleColumn refMin = DoubleColumn.create("reference_min_ms");
        DoubleColumn refMedian = DoubleColumn.create("reference_median_ms");
        DoubleColumn refMax = DoubleColumn.create("reference_max_ms");
        DoubleColumn ratio = DoubleColumn.create("ratio");
        StringColumn source = StringColumn.create("reference_source");
        for (ReferenceComparison c : reference.compare(p)) {
            model.append(c.ours().model().name());
            params.append(c.ours().model().parameters());
            init.append(c.ours().init().name());
            grads.append(c.ours().eagerGradients());
            ours.append(c.ours().medianMs());
            refMin.append(c.reference().minMs());
            refMedian.append(c.reference().medianMs());
            refMax.append(c.reference().maxMs());
            ratio.append(c.ratio());
            source.append(c.reference().source());
        }
        return TableFormats.readable(Table.create("creation vs reference", model, params, init, grads, ours, refMin, refMedian,
                refMax, ratio, source));
    }

    /** One row per fitted line of median time against parameters. */
    public static Table scaling(CreationProfile p) {
        StringColumn init = StringColumn.create("init");
        BooleanColumn grads = BooleanColumn.create("eager_gradients");
        IntColumn points = IntColumn.create("sizes");
        DoubleColumn slope = DoubleColumn.create("slope_ns_per_param");
        DoubleColumn intercept = DoubleColumn.create("intercept_ms");
        DoubleColumn r2 = DoubleColumn.create("r2");
        for (ScalingFit f : p.scaling()) {
            init.append(f.init().name());
            grads.append(f.eagerGradients());
            points.append(f.points());
            slope.append(f.slopeNsPerParam());
            intercept.append(f.interceptMs());
            r2.append(f.r2());
        }
        return TableFormats.readable(Table.create("creation scaling", init, grads, points, slope, intercept, r2));
    }

    /** One row per case: runs with and without a collection and the spread each shows. */
    public static Table gcAttribution(CreationProfile p) {
        StringColumn model = StringColumn.create("model");
        StringColumn init = StringColumn.create("init");
        BooleanColumn grads = BooleanColumn.create("eager_gradients");
        IntColumn with = IntColumn.create("runs_with_gc");
        IntColumn without = IntColumn.create("runs_without_gc");
        DoubleColumn medianWith = DoubleColumn.create("median_with_gc_ms");
        DoubleColumn medianWithout = DoubleColumn.create("median_without_gc_ms");
        DoubleColumn spread = DoubleColumn.create("spread_ms");
        DoubleColumn spreadWithout = DoubleColumn.create("spread_without_gc_ms");
        DoubleColumn share = DoubleColumn.create("gc_share_of_spread");
        DoubleColumn timeShare = DoubleColumn.create("gc_time_share");
        for (GcAttribution a : p.gcAttribution()) {
            model.append(a.key().model().name());
            init.append(a.key().init().name());
            grads.append(a.key().eagerGradients());
            with.append(a.runsWithGc());
            without.append(a.runsWithoutGc());
            medianWith.append(a.medianWithGcMs());
            medianWithout.append(a.medianWithoutGcMs());
            spread.append(a.spreadMs());
            spreadWithout.append(a.spreadWithoutGcMs());
            share.append(a.gcShareOfSpread());
            timeShare.append(a.gcTimeShare());
        }
        Table t = TableFormats.readable(Table.create("creation gc attribution", model, init, grads, with, without, medianWith,
                medianWithout, spread, spreadWithout, share, timeShare), "gc_share_of_spread", "gc_time_share");
        // NaN share: a side of the split had fewer than 3 runs (0 when no run collected at all).
        return TableFormats.shareMissingAs(t, "gc_share_of_spread", "not enough runs");
    }
}
