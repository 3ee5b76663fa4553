package dev.modelkit.model.profile;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Percentile bootstrap over runs: resample the measured runs with replacement, recompute the
 * statistic, and take the 2.5th and 97.5th percentiles of what comes out as a 95% interval.
 *
 * <p>The resampling is seeded ({@link #SEED}) so the same runs always give the same interval:
 * a verdict computed from an interval never changes on re-display, only when the data do.
 */
public final class Bootstrap {

    /** Resamples per interval: enough for stable 2.5/97.5 percentiles, cheap for tens of runs. */
    public static final int RESAMPLES = 2000;
    /** The fixed seed of every resampling. */
    public static final long SEED = 0x5EED_B007L;

    private Bootstrap() {
    }

    /** A resample of {@code xs}: as many values, drawn with replacement. */
    public static double[] resample(double[] xs, SplittableRandom rnd) {
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[rnd.nextInt(xs.length)];
        }
        return out;
    }

    /**
     * The 95% interval of {@code statistic}, computed {@link #RESAMPLES} times on resampled data
     * that {@code statistic} draws itself from the random source it is given.
     */
    public static Interval interval(ToDoubleFunction<SplittableRandom> statistic) {
        SplittableRandom rnd = new SplittableRandom(SEED);
        double[] est = new double[RESAMPLES];
        int n = 0;
        for (int i = 0; i < RESAMPLES; i++) {
            double v = statistic.applyAsDouble(rnd);
            if (!Double.isNaN(v)) {
                est[n++] = v;
            }
        }
        if (n < RESAMPLES / 2) {
            return Interval.UNKNOWN;
        }
        double[] s = Arrays.copyOf(est, n);
        Arrays.sort(s);
        return new Interval(percentile(s, 0.025), percentile(s, 0.975));
    }

    /** 95% interval of the median of {@code xs}; unknown for fewer than 3 values. */
    public static Interval median(double[] xs) {
        if (xs == null || xs.length < 3) {
            return Interval.UNKNOWN;
        }
        return interval(rnd -> Statistics.median(resample(xs, rnd)));
    }

    /** 95% interval of median(a) - median(b); unknown when either has fewer than 3 values. */
    public static Interval medianDifference(double[] a, double[] b) {
        if (a == null || b == null || a.length < 3 || b.length < 3) {
            return Interval.UNKNOWN;
        }
        return interval(rnd -> Statistics.median(resample(a, rnd)) - Statistics.median(resample(b, rnd)));
    }

    /** 95% interval of sum(part) / sum(whole) over paired runs; unknown for fewer than 3 runs. */
    public static Interval ratioOfSums(double[] part, double[] whole) {
        if (part.length != whole.length) {
            throw new IllegalArgumentException("part and whole: lengths " + part.length + " and "
                    + whole.length + " differ; allowed: equal lengths");
        }
        int n = part.length;
        if (n < 3) {
            return Interval.UNKNOWN;
        }
        return interval(rnd -> {
            double p = 0, w = 0;
            for (int i = 0; i < n; i++) {
                int j = rnd.nextInt(n);
                p += part[j];
                w += whole[j];
            }
            return w == 0 ? Double.NaN : p / w;
        });
    }

    /** Linear interpolation between the order statistics of sorted {@code s}. */
    static double percentile(double[] s, double q) {
        double pos = q * (s.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, s.length - 1);
        return s[i] + (pos - i) * (s[j] - s[i]);
    }
}
