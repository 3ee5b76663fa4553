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
 * <p>The linearity test is {@link #curvature()}: the share of the largest model's predicted time
 * that the x² term of a quadratic fit contributes. Linear within ±{@link #LINEAR_MARGIN} means the
 * whole 95% interval of that share lies inside the margin; clearly curved means it lies wholly
 * outside; otherwise the data cannot decide. A margin, not "the interval includes 0", so that more
 * runs (narrower intervals) cannot turn a 2% bend into "not linear".
 *
 * @param init            how weights were materialised
 * @param eagerGradients  whether gradient arrays were allocated too
 * @param points          model sizes (distinct parameter counts) measured
 * @param slopeNsPerParam marginal cost of one more parameter, in nanoseconds (NaN below 3 sizes)
 * @param interceptMs     the line's time at zero parameters, in milliseconds (NaN below 3 sizes)
 * @param r2              coefficient of determination of the line (NaN below 3 sizes)
 * @param slopeCi         95% interval of the slope, ns/param
 * @param curvature       x² term's share of the largest size's predicted time (NaN below 4 sizes)
 * @param curvatureCi     95% interval of {@code curvature}
 * @param largestParams   the largest parameter count fitted
 */
public record ScalingFit(Init init, boolean eagerGradients, int points, double slopeNsPerParam,
                         double interceptMs, double r2, Interval slopeCi, double curvature,
                         Interval curvatureCi, long largestParams) {

    /** A line needs 3 sizes to be tested by its fit at all. */
    public static final int MIN_SIZES_FOR_FIT = 3;
    /** A quadratic needs a 4th size to leave a residual to judge its x² term by. */
    public static final int MIN_SIZES_FOR_CURVATURE = 4;
    /** "Linear within 20%": the x² term's share of the largest time stays inside ±20%. */
    public static final double LINEAR_MARGIN = 0.20;

    /** Whether there is a line at all (at least {@link #MIN_SIZES_FOR_FIT} sizes). */
    public boolean hasFit() {
        return points >= MIN_SIZES_FOR_FIT;
    }

    /** Predicted median milliseconds for a model of {@code params} parameters (NaN without a fit). */
    public double predictMs(long params) {
        return interceptMs + slopeNsPerParam * params / 1e6;
    }

    /** One word: {@code no fit}, {@code flat}, {@code linear}, {@code curved} or {@code undecided}. */
    public String outcome() {
        if (!hasFit()) {
            return "no fit";
        }
        if (slopeCi.known() && slopeCi.contains(0)) {
            return "flat";
        }
        if (points < MIN_SIZES_FOR_CURVATURE || !curvatureCi.known()) {
            return "undecided";
        }
        if (curvatureCi.within(-LINEAR_MARGIN, LINEAR_MARGIN)) {
            return "linear";
        }
        return curvatureCi.outside(-LINEAR_MARGIN, LINEAR_MARGIN) ? "curved" : "undecided";
    }

    /** The criterion the verdict applies, in words. */
    public String criterion() {
        return String.format(Locale.ROOT, "linear if the 95%% interval of the x² term's share of the largest "
                + "size's time lies inside ±%.0f%%; flat if the slope's interval includes 0", 100 * LINEAR_MARGIN);
    }

    /** The verdict with its numbers and uncertainty, or why there is none. */
    public String verdict() {
        String what = init + (eagerGradients ? " +grads" : "");
        return switch (outcome()) {
            case "no fit" -> String.format(Locale.ROOT, "%s: no fit — %d size%s measured; a line through "
                    + "fewer than %d points always fits, so slope, intercept and R² would mean nothing",
                    what, points, points == 1 ? "" : "s", MIN_SIZES_FOR_FIT);
            case "flat" -> String.format(Locale.ROOT, "%s: flat — slope %s ns/param %s includes 0: no "
                    + "measurable cost per parameter", what, num(slopeNsPerParam), slopeCi.format("%.3f"));
            case "linear" -> String.format(Locale.ROOT, "%s: linear within ±%.0f%% — %.2f ns/param %s; "
                    + "x² term %s of the largest size's time, 95%% interval %s", what, 100 * LINEAR_MARGIN,
                    slopeNsPerParam, slopeCi.format("%.2f"), pct(curvature), pctInterval(curvatureCi));
            case "curved" -> String.format(Locale.ROOT, "%s: not linear — the x² term is %s of the largest "
                    + "size's time, 95%% interval %s, wholly outside ±%.0f%%", what, pct(curvature),
                    pctInterval(curvatureCi), 100 * LINEAR_MARGIN);
            default -> points < MIN_SIZES_FOR_CURVATURE
                    ? String.format(Locale.ROOT, "%s: undecided — %.2f ns/param %s, but %d sizes leave no "
                    + "residual to test curvature (need %d)", what, slopeNsPerParam, slopeCi.format("%.2f"),
                    points, MIN_SIZES_FOR_CURVATURE)
                    : String.format(Locale.ROOT, "%s: undecided — x² term %s, 95%% interval %s crosses "
                    + "±%.0f%%: more runs or a quieter machine needed", what, pct(curvature),
                    pctInterval(curvatureCi), 100 * LINEAR_MARGIN);
        };
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%+.1f%%", 100 * v);
    }

    private static String pctInterval(Interval i) {
        return i.known() ? String.format(Locale.ROOT, "[%+.1f%%, %+.1f%%]", 100 * i.low(), 100 * i.high()) : "[n/a]";
    }
}
