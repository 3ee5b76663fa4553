package dev.modelkit.model.train;

import dev.modelkit.model.nn.Gelu;

/**
 * GELU (tanh approximation, {@link Gelu}) forward out of place, and its derivative:
 * with u = sqrt(2/pi) (x + 0.044715 x^3),
 * {@code gelu'(x) = 0.5 (1 + tanh u) + 0.5 x (1 - tanh^2 u) sqrt(2/pi) (1 + 3 · 0.044715 x^2)}.
 */
public final class GeluBackward {

    private static final float SQRT_2_OVER_PI = 0.7978845608f;
    private static final float COEFF = 0.044715f;

    private GeluBackward() {
    }

    /** out[i] = gelu(in[i]) for i in [0, n). */
    public static void forward(float[] out, float[] in, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = Gelu.apply(in[i]);
        }
    }

    /** In place: on entry {@code d} holds dL/dgelu(x), on exit dL/dx. */
    public static void backward(float[] d, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            float xi = x[i];
            float u = SQRT_2_OVER_PI * (xi + COEFF * xi * xi * xi);
            float th = 1f - 2f / ((float) Math.exp(2.0 * u) + 1f);   // tanh(u), as Gelu computes it
            float local = 0.5f * (1f + th)
                    + 0.5f * xi * (1f - th * th) * SQRT_2_OVER_PI * (1f + 3f * COEFF * xi * xi);
            d[i] *= local;
        }
    }
}
