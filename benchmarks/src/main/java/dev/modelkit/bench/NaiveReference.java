package dev.modelkit.bench;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.ParameterSpec;
import dev.modelkit.model.init.Initializer;

import java.util.List;
import java.util.Random;

/**
 * Baseline (b): a straight port of how the C# reference library creates a model. One
 * {@link Random} is drawn from sequentially, one {@code nextDouble()} per weight, so nothing can be
 * split across threads or skipped; and every tensor gets a gradient array of the same size at
 * creation, which doubles the bytes. The init scheme is ours (Xavier / U(±0.02) / zeros / ones) so
 * that only the mechanics differ.
 */
public final class NaiveReference {

    /** The weights and their eagerly allocated gradients, in layout order. */
    public record Model(float[][] weights, float[][] grads) {
    }

    private NaiveReference() {
    }

    public static Model create(ModelConfig config, long seed) {
        List<ParameterSpec> specs = config.layout();
        Random rng = new Random(seed);
        float[][] weights = new float[specs.size()][];
        float[][] grads = new float[specs.size()][];
        for (int p = 0; p < specs.size(); p++) {
            ParameterSpec spec = specs.get(p);
            int n = Math.toIntExact(spec.numel());
            float[] w = new float[n];
            switch (spec.kind()) {
                case EMBEDDING, WEIGHT -> {
                    double bound = Initializer.bound(spec);
                    for (int i = 0; i < n; i++) {
                        w[i] = (float) ((rng.nextDouble() * 2.0 - 1.0) * bound);
                    }
                }
                case NORM_GAIN -> {
                    for (int i = 0; i < n; i++) {
                        w[i] = 1f;
                    }
                }
                case BIAS, NORM_BIAS -> {
                    // zeros: a new array already is
                }
            }
            weights[p] = w;
            grads[p] = new float[n];
        }
        return new Model(weights, grads);
    }
}
