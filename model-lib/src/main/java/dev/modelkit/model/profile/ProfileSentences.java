package dev.modelkit.model.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One sentence per table or chart of a {@link CreationProfile}, computed from its numbers: what a
 * reader should take from the figure, with this run's values in it. Nothing here is typed in
 * ahead of the measurement, so a re-run that changes the numbers changes the sentence.
 */
public final class ProfileSentences {

    private ProfileSentences() {
    }

    /** The method, and a warning when one warm-up leaves the first case's JIT cold. */
    public static String method(CreationProfile p) {
        String base = String.format(Locale.ROOT, "%d warm-up%s and %d timed build%s per case, %s.", p.warmup(),
                p.warmup() == 1 ? "" : "s", p.timedRunsPerCase(), p.timedRunsPerCase() == 1 ? "" : "s",
                p.gcBeforeEachRun() ? "System.gc() before each build" : "no forced GC");
        if (p.warmup() <= 1) {
            return base + " This is the reference's method: with " + p.warmup() + " warm-up the first case is timed "
                    + "while the JIT is still compiling the build, so its figures run high.";
        }
        return base + " Enough warm-ups that the JIT has compiled the build before the timed runs.";
    }

    /** After the medians table: the fastest and slowest case with their intervals. */
    public static String medians(CreationProfile p) {
        List<CreationSummary> s = new ArrayList<>(p.summaries());
        s.sort(Comparator.comparingDouble(CreationSummary::medianMs));
        CreationSummary fast = s.get(0), slow = s.get(s.size() - 1);
        if (s.size() == 1) {
            return String.format(Locale.ROOT, "%s builds in a median %s ms, 95%% interval %s (%.2f ns per parameter).",
                    name(fast), ms(fast.medianMs()), fast.medianCi().format("%.2f"), fast.nsPerParam());
        }
        return String.format(Locale.ROOT, "Slowest: %s at a median %s ms, 95%% interval %s (%.2f ns per parameter); "
                        + "fastest: %s at %s ms %s.", name(slow), ms(slow.medianMs()), slow.medianCi().format("%.2f"),
                slow.nsPerParam(), name(fast), ms(fast.medianMs()), fast.medianCi().format("%.3f"));
    }

    /** After the reference table: how many times faster (or slower) the like-for-like rows are. */
    public static String reference(CreationProfile p) {
        List<ReferenceComparison> cs = ReferenceData.load().compare(p);
        if (cs.isEmpty()) {
            return "No case here has a published reference figure (only the untied presets do).";
        }
        // Like for like first: the reference allocates gradients and builds eagerly.
        List<ReferenceComparison> like = cs.stream()
                .filter(c -> c.ours().eagerGradients() && c.ours().init() == dev.modelkit.model.Init.EAGER).toList();
        ReferenceComparison best = (like.isEmpty() ? cs : like).stream()
                .max(Comparator.comparingLong(c -> c.ours().model().parameters())).orElseThrow();
        double r = best.ratio();
        String how = r < 1 ? String.format(Locale.ROOT, "%.1f× faster than", 1 / r)
                : String.format(Locale.ROOT, "%.1f× slower than", r);
        return String.format(Locale.ROOT, "ModelKit builds %s %s the reference's median (%s ms against %s ms, \"%s\"); "
                        + "the reference ran on other hardware, so read the ratio as an order of magnitude.",
                name(best.ours()), how, ms(best.ours().medianMs()), ms(best.reference().medianMs()),
                best.reference().source());
    }

    /** After the scaling table or chart: each way of building's verdict. */
    public static String scaling(CreationProfile p) {
        if (p.scaling().isEmpty()) {
            return "Only one size was measured: there is no scaling to judge.";
        }
        StringBuilder sb = new StringBuilder();
        for (ScalingFit f : p.scaling()) {
            sb.append(sb.length() == 0 ? "" : " ").append(f.verdict()).append('.');
        }
        return sb.toString();
    }

    /** After the GC table: the case where collection weighs most, by pauses and by the split. */
    public static String gc(CreationProfile p) {
        GcAttribution worst = p.gcAttribution().get(0);
        for (GcAttribution a : p.gcAttribution()) {
            if (a.gcTimeShare() > worst.gcTimeShare()) {
                worst = a;
            }
        }
        if (worst.runsWithGc() == 0) {
            return "No timed build saw a collection: GC explains none of these figures.";
        }
        return String.format(Locale.ROOT, "%s: %d of %d builds collected; %s; split: %s.", name(worst),
                worst.runsWithGc(), worst.runsWithGc() + worst.runsWithoutGc(), worst.pauseVerdict(),
                worst.splitVerdict());
    }

    public static String name(CreationSummary s) {
        return s.model().name() + " " + s.init() + (s.eagerGradients() ? " +grads" : "");
    }

    static String name(GcAttribution a) {
        return a.key().model().name() + " " + a.key().init() + (a.key().eagerGradients() ? " +grads" : "");
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.1f" : v >= 1 ? "%.2f" : "%.3f", v);
    }
}
