package dev.modelkit.model.profile;

import dev.modelkit.model.Init;

import java.util.Locale;

/**
 * Median build time against parameter count for one way of building, fitted with a straight
 * line (time = intercept + slope * params) and tested for curvature with a quadratic, each with a
 * 95% bootstrap interval over the timed runs (runs resampled within each size, medians refitted).
 *
 * <p>Fewer than {@link #MIN_SIZES_FOR_FIT} sizes have no fit: a line through two points always
 * fits perfectly, so its R² of 1 would say nothing. Slope, intercept and R² are then NaN and
 * {@link #verdict()} says why.
 *
 * <p>The linearity test is {@link #slopeRatio()}: the slope fitted over the larger half of the
 * sizes divided by the slope over the smaller half. A straight line gives 1; a cost growing with
 * the square of the size gives about 3 over a sweep like {@link ScalingSweep}'s. Linear means the
 * whole 95% interval of the ratio lies within a factor {@link #LINEAR_FACTOR} of 1; curved means it
 * lies wholly outside; otherwise the data cannot decide. A margin, not "the interval includes 1",
 * so that more runs (narrower intervals) cannot turn a small bend from caches into "not linear",
 * and a noisy machine (wider intervals) gives "undecided" rather than a wrong answer.
 *
 * @param init            how weights were materialised
 * @param eagerGradients  whether gradient arrays were allocated too
 * @param points          model sizes (distinct parameter counts) measured
 * @param slopeNsPerParam marginal cost of one more parameter, in nanoseconds (NaN below 3 sizes)
 * @param interceptMs     the line's time at zero parameters, in milliseconds (NaN below 3 sizes)
 * @param r2              coefficient of determination of the line (NaN below 3 sizes)
 * @param slopeCi         95% interval of the slope, ns/param
 * @param slopeRatio      slope over the larger half of sizes / slope over the smaller half (NaN
 *                        below {@link #MIN_SIZES_FOR_CURVATURE} sizes)
 * @param slopeRatioCi    95% interval of {@code slopeRatio}
 * @param largestParams   the largest parameter count fitted
 */
public record ScalingFit(Init init, boolean eagerGradients, int points, double slopeNsPerParam,
                         double interceptMs, double r2, Interval slopeCi, double slopeRatio,
                         Interval slopeRatioCi, long largestParams) {

    /** A line needs 3 sizes to be tested by its fit at all. */
    public static final int MIN_SIZES_FOR_FIT = 3;
    /** Two halves of at least 3 sizes each, so that each half's slope is itself a fit. */
    public static final int MIN_SIZES_FOR_CURVATURE = 6;
    /** "Linear": the larger half's slope is within a factor 2 of the smaller half's (a square law gives ~3). */
    public static final double LINEAR_FACTOR = 2.0;

    /** Whether there is a line at all (at least {@link #MIN_SIZES_FOR_FIT} sizes). */
    public boolean hasFit() {
        return points >= MIN_SIZES_FOR_FIT;
    }

    /** Predicted median milliseconds for a model of {@code params} parameters (NaN without a fit). */
    public double predictMs(long params) {
        return interceptMs + slopeNsPerParam * params / 1e6;
    }

    /**
     * One word: {@code no fit} (below 3 sizes), {@code too few sizes} (a line, but fewer than
     * {@link #MIN_SIZES_FOR_CURVATURE} sizes to judge it by), {@code flat}, {@code linear},
     * {@code curved} or {@code undecided}.
     */
    public String outcome() {
        if (!hasFit()) {
            return "no fit";
        }
        if (points < MIN_SIZES_FOR_CURVATURE) {
            return "too few sizes";
        }
        if (slopeCi.known() && slopeCi.contains(0)) {
            return "flat";
        }
        if (!slopeRatioCi.known()) {
            return "undecided";
        }
        if (slopeRatioCi.within(1 / LINEAR_FACTOR, LINEAR_FACTOR)) {
            return "linear";
        }
        return slopeRatioCi.outside(1 / LINEAR_FACTOR, LINEAR_FACTOR) ? "curved" : "undecided";
    }

    /** The criterion the verdict applies, in words. */
    public String criterion() {
        return String.format(Locale.ROOT, "linear if the 95%% interval of (slope over the larger half of sizes ÷ slope "
                + "over the smaller half) lies within %.1f–%.1f (a square law gives about 3); curved if wholly outside; "
                + "flat if the slope's interval includes 0", 1 / LINEAR_FACTOR, LINEAR_FACTOR);
    }

    /** The verdict with its numbers and uncertainty, or why there is none. */
    public String verdict() {
        String what = init + (eagerGradients ? " +grads" : "");
        String ratio = String.format(Locale.ROOT, "slope ratio larger/smaller half %.2f, 95%% interval %s",
                slopeRatio, slopeRatioCi.format("%.2f"));
        return switch (outcome()) {
            case "no fit" -> String.format(Locale.ROOT, "%s: no fit — %d size%s measured; a line through "
                    + "fewer than %d points always fits, so slope, intercept and R² would mean nothing",
                    what, points, points == 1 ? "" : "s", MIN_SIZES_FOR_FIT);
            case "flat" -> String.format(Locale.ROOT, "%s: flat — slope %s ns/param, 95%% interval %s, includes 0: "
                    + "no measurable cost per parameter", what, num(slopeNsPerParam), slopeCi.format("%.3f"));
            case "linear" -> String.format(Locale.ROOT, "%s: linear — %.2f ns/param, 95%% interval %s; %s, "
                    + "within %.1f–%.1f", what, slopeNsPerParam, slopeCi.format("%.2f"), ratio,
                    1 / LINEAR_FACTOR, LINEAR_FACTOR);
            case "curved" -> String.format(Locale.ROOT, "%s: not linear — %s, wholly outside %.1f–%.1f", what, ratio,
                    1 / LINEAR_FACTOR, LINEAR_FACTOR);
            case "too few sizes" -> String.format(Locale.ROOT, "%s: no verdict — %.2f ns/param, 95%% interval %s, but %d sizes "
                    + "are too few to compare the slopes of two halves (need %d)", what, slopeNsPerParam,
                    slopeCi.format("%.2f"), points, MIN_SIZES_FOR_CURVATURE);
            default -> String.format(Locale.ROOT, "%s: undecided — %s, crosses %.1f–%.1f: the runs are too noisy "
                    + "to decide (more runs or a quieter machine)", what, ratio, 1 / LINEAR_FACTOR, LINEAR_FACTOR);
        };
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

}
