package dev.modelkit.model.profile;

import java.util.Locale;

/**
 * A confidence interval [low, high] around an estimate, from {@link Bootstrap}. NaN bounds mean
 * there were too few values to resample.
 *
 * @param low  lower bound (2.5th percentile of the resampled estimates)
 * @param high upper bound (97.5th percentile)
 */
public record Interval(double low, double high) {

    /** An interval with no information (too few values). */
    public static final Interval UNKNOWN = new Interval(Double.NaN, Double.NaN);

    public boolean known() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }

    public boolean contains(double x) {
        return known() && low <= x && x <= high;
    }

    /** Whether the whole interval lies in [from, to]. */
    public boolean within(double from, double to) {
        return known() && from <= low && high <= to;
    }

    /** Whether the whole interval lies outside [from, to]. */
    public boolean outside(double from, double to) {
        return known() && (high < from || low > to);
    }

    public double width() {
        return high - low;
    }

    /** Both bounds through {@code format}, e.g. {@code "[5.12, 5.80]"}; "[n/a]" when unknown. */
    public String format(String format) {
        return known() ? "[" + String.format(Locale.ROOT, format, low) + ", "
                + String.format(Locale.ROOT, format, high) + "]" : "[n/a]";
    }
}
