package dev.modelkit.model.nn;

/**
 * GELU, tanh approximation (as GPT-2): {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}.
 * tanh is computed as {@code 1 - 2 / (exp(2u) + 1)}: Math.exp is a JIT intrinsic, Math.tanh is not.
 */
public final class Gelu {

    static final float SQRT_2_OVER_PI = 0.7978845608f;
    static final float COEFF = 0.044715f;

    private Gelu() {
    }

    public static float apply(float x) {
        float u = SQRT_2_OVER_PI * (x + COEFF * x * x * x);
        return 0.5f * x * (1f + tanh(u));
    }

    static float tanh(float u) {
        return 1f - 2f / ((float) Math.exp(2.0 * u) + 1f);
    }

    /** In place over {@code [0, n)}. */
    public static void forward(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            x[i] = apply(x[i]);
        }
    }
}
