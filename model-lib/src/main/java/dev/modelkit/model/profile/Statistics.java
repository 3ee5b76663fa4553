package dev.modelkit.model.profile;

import java.util.Arrays;

/**
 * The few statistics a creation profile needs: min, max, mean, median, sample standard deviation
 * and least-squares lines and quadratics. Plain loops over {@code double[]}; inputs are never modified.
 */
public final class Statistics {

    private Statistics() {
    }

    public static double min(double[] xs) {
        requireValues("xs", xs, 1);
        double m = xs[0];
        for (double x : xs) {
            m = Math.min(m, x);
        }
        return m;
    }

    public static double max(double[] xs) {
        requireValues("xs", xs, 1);
        double m = xs[0];
        for (double x : xs) {
            m = Math.max(m, x);
        }
        return m;
    }

    public static double mean(double[] xs) {
        requireValues("xs", xs, 1);
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    /** The middle value; for an even count, the mean of the two middle values. */
    public static double median(double[] xs) {
        requireValues("xs", xs, 1);
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The q-quantile (0..1) by linear interpolation between order statistics. */
    public static double quantile(double[] xs, double q) {
        requireValues("xs", xs, 1);
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q = " + q + " is out of range; allowed: 0..1");
        }
        double[] s = xs.clone();
        Arrays.sort(s);
        return Bootstrap.percentile(s, q);
    }

    /** Interquartile range: a spread that one outlier cannot dominate, unlike max - min. */
    public static double iqr(double[] xs) {
        return quantile(xs, 0.75) - quantile(xs, 0.25);
    }

    /** Median, or NaN for no values (e.g. "median of the runs that saw a GC" when none did). */
    public static double medianOrNaN(double[] xs) {
        return xs == null || xs.length == 0 ? Double.NaN : median(xs);
    }

    /**
     * Sample standard deviation (divides by n - 1): the runs are a sample of what a build costs.
     * A single value has no spread to estimate, so it gives 0.
     */
    public static double sampleStddev(double[] xs) {
        requireValues("xs", xs, 1);
        int n = xs.length;
        if (n == 1) {
            return 0;
        }
        double m = mean(xs);
        double ss = 0;
        for (double x : xs) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (n - 1));
    }

    /**
     * Ordinary least squares of y on x: y = intercept + slope * x.
     *
     * @throws IllegalArgumentException for fewer than two points, mismatched lengths, or x values
     *                                  that are all equal (the slope is then undefined)
     */
    public static LinearFit linearFit(double[] x, double[] y) {
        requireValues("x", x, 2);
        requireValues("y", y, 2);
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y: lengths " + x.length + " and " + y.length
                    + " differ; allowed: equal lengths");
        }
        int n = x.length;
        double mx = mean(x);
        double my = mean(y);
        double sxx = 0, sxy = 0, syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("x: all " + n + " values equal " + x[0]
                    + "; allowed: at least two distinct values to fit a slope");
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double ssRes = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - (intercept + slope * x[i]);
            ssRes += r * r;
        }
        // All y equal: the line explains everything there is to explain.
        double r2 = syy == 0 ? 1 : 1 - ssRes / syy;
        return new LinearFit(slope, intercept, r2, n);
    }

    private static void requireValues(String field, double[] xs, int min) {
        if (xs == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (xs.length < min) {
            throw new IllegalArgumentException(field + ": " + xs.length + " values; allowed: at least " + min);
        }
    }

    /**
     * A fitted line y = intercept + slope * x.
     *
     * @param slope     change of y per unit of x
     * @param intercept y at x = 0
     * @param r2        coefficient of determination, 1 - SS_res / SS_tot (1 = a perfect line)
     * @param points    how many points were fitted
     */
    public record LinearFit(double slope, double intercept, double r2, int points) {

        /** The line's value at {@code x}. */
        public double predict(double x) {
            return intercept + slope * x;
        }
    }
}
