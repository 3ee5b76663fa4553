package dev.modelkit.model.init;

import java.util.Arrays;

/**
 * The reference initialisation scheme: Xavier-uniform linear weights, U(±0.02) embeddings, zero
 * biases, LayerNorm gamma = 1 and beta = 0. Stateless; one instance per seed.
 */
public final class Initializer {

    /** Half-width of the uniform embedding initialisation. */
    public static final float EMBEDDING_BOUND = 0.02f;

    private final long seed;

    public Initializer(long seed) {
        this.seed = seed;
    }

    public long seed() {
        return seed;
    }

    /** The uniform half-width for a tensor, or 0 for the constant-filled kinds. */
    public static float bound(TensorSpec spec) {
        return switch (spec.kind()) {
            case EMBEDDING -> EMBEDDING_BOUND;
            case WEIGHT -> (float) Math.sqrt(6.0 / (spec.fanIn() + spec.fanOut()));
            case BIAS, NORM_GAIN, NORM_BIAS -> 0f;
        };
    }

    /** Fills elements {@code [from, to)} of {@code spec}'s tensor. */
    public void fill(TensorSpec spec, float[] dst, int from, int to) {
        ParameterKind kind = spec.kind();
        switch (kind) {
            case EMBEDDING, WEIGHT -> CounterHash.fillUniform(dst, from, to,
                    CounterHash.tensorKey(seed, spec.name()), bound(spec));
            case NORM_GAIN -> Arrays.fill(dst, from, to, 1f);
            case BIAS, NORM_BIAS -> Arrays.fill(dst, from, to, 0f);
        }
    }

    /** True when a fresh (zeroed) array already holds this tensor's initial values. */
    public static boolean zeroInitialised(TensorSpec spec) {
        return spec.kind() == ParameterKind.BIAS || spec.kind() == ParameterKind.NORM_BIAS;
    }

    /** Allocates and fills a whole tensor. */
    public float[] create(TensorSpec spec) {
        float[] data = new float[Math.toIntExact(spec.numel())];
        // A new array is already zero; filling it again would only touch its pages twice.
        if (!zeroInitialised(spec)) {
            fill(spec, data, 0, data.length);
        }
        return data;
    }
}
