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

    /**
     * Least squares of y on x with a quadratic term: y = a + b * x + c * x². x is scaled by its
     * largest magnitude before solving so parameter counts in the millions stay well conditioned.
     *
     * @return {a, b, c}
     * @throws IllegalArgumentException for fewer than three distinct x values
     */
    public static double[] quadraticFit(double[] x, double[] y) {
        requireValues("x", x, 3);
        requireValues("y", y, 3);
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y: lengths " + x.length + " and " + y.length
                    + " differ; allowed: equal lengths");
        }
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (scale == 0) {
            scale = 1;
        }
        // Normal equations M * (a, b', c') = r on u = x / scale.
        double[][] m = new double[3][4];
        for (int i = 0; i < x.length; i++) {
            double u = x[i] / scale;
            double[] pow = {1, u, u * u, u * u * u, u * u * u * u};
            for (int r = 0; r < 3; r++) {
                for (int c = 0; c < 3; c++) {
                    m[r][c] += pow[r + c];
                }
                m[r][3] += pow[r] * y[i];
            }
        }
        for (int col = 0; col < 3; col++) {
            int pivot = col;
            for (int r = col + 1; r < 3; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            double[] t = m[col];
            m[col] = m[pivot];
            m[pivot] = t;
            if (Math.abs(m[col][col]) < 1e-12 * (Math.abs(m[0][0]) + 1e-300)) {
                throw new IllegalArgumentException("x: fewer than 3 distinct values; allowed: at least "
                        + "three distinct values to fit a quadratic");
            }
            for (int r = 0; r < 3; r++) {
                if (r != col) {
                    double f = m[r][col] / m[col][col];
                    for (int c = col; c < 4; c++) {
                        m[r][c] -= f * m[col][c];
                    }
                }
            }
        }
        double a = m[0][3] / m[0][0], b = m[1][3] / m[1][1], c = m[2][3] / m[2][2];
        return new double[] {a, b / scale, c / (scale * scale)};
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
