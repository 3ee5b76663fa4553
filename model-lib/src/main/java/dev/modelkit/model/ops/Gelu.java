package dev.modelkit.model.ops;

/**
 * GELU, tanh approximation (as GPT-2), forward and backward:
 * {@code gelu(x) = 0.5 x (1 + tanh(u))} with {@code u = sqrt(2/pi) (x + 0.044715 x^3)}.
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

    /** out[i] = gelu(in[i]) for i in [0, n); out may be in. */
    public static void forward(float[] out, float[] in, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = apply(in[i]);
        }
    }

    /**
     * In place: on entry {@code d} holds dL/dgelu(x), on exit dL/dx, with
     * {@code gelu'(x) = 0.5 (1 + tanh u) + 0.5 x (1 - tanh^2 u) sqrt(2/pi) (1 + 3 · 0.044715 x^2)}.
     */
    public static void backward(float[] d, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            float xi = x[i];
            float u = SQRT_2_OVER_PI * (xi + COEFF * xi * xi * xi);
            float th = tanh(u);
            float local = 0.5f * (1f + th)
                    + 0.5f * xi * (1f - th * th) * SQRT_2_OVER_PI * (1f + 3f * COEFF * xi * xi);
            d[i] *= local;
        }
    }
}
