package dev.modelkit.model;

import java.util.SplittableRandom;

/**
 * Picks the next token from a row of logits. Samplers that draw at random own a seeded random
 * stream, so a generation is reproducible; they are stateful and not thread-safe.
 */
@FunctionalInterface
public interface Sampler {

    /** Returns a token id in {@code [0, n)} from {@code logits[off, off + n)}. */
    int sample(float[] logits, int off, int n);

    /** Always the most likely token (the first one on ties). */
    static Sampler greedy() {
        return (logits, off, n) -> {
            int best = 0;
            for (int i = 1; i < n; i++) {
                if (logits[off + i] > logits[off + best]) {
                    best = i;
                }
            }
            return best;
        };
    }

    /** Softmax sampling at {@code temperature} (> 0; below 1 sharpens, above 1 flattens). */
    static Sampler temperature(double temperature, long seed) {
        return topK(Integer.MAX_VALUE, temperature, seed);
    }

    /** Samples among the {@code k} most likely tokens only, at {@code temperature}. */
    static Sampler topK(int k, double temperature, long seed) {
        if (k < 1) {
            throw new IllegalArgumentException("k = " + k + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature = " + temperature
                    + " is out of range; allowed: a finite value > 0 (use Sampler.greedy() for 0)");
        }
        SplittableRandom random = new SplittableRandom(seed);
        return (logits, off, n) -> {
            // The k-th largest logit is the cut-off; ties at the cut-off are all kept.
            float cut = Float.NEGATIVE_INFINITY;
            if (k < n) {
                float[] sorted = new float[n];
                System.arraycopy(logits, off, sorted, 0, n);
                java.util.Arrays.sort(sorted);
                cut = sorted[n - k];
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                max = Math.max(max, logits[off + i]);
            }
            double total = 0;
            double[] weights = new double[n];
            for (int i = 0; i < n; i++) {
                float l = logits[off + i];
                weights[i] = l >= cut ? Math.exp((l - max) / temperature) : 0;
                total += weights[i];
            }
            double r = random.nextDouble() * total;
            int last = 0;
            for (int i = 0; i < n; i++) {
                if (weights[i] > 0) {
                    last = i;
                    r -= weights[i];
                    if (r < 0) {
                        return i;
                    }
                }
            }
            return last;
        };
    }
}
