package dev.modelkit.model.ops;

/**
 * The residual connection: {@code out = a + b}, elementwise.
 *
 * <p>Its backward is the identity for both inputs: the gradient of the residual stream flows on
 * unchanged. The training backward pass therefore keeps one d-residual buffer that every branch's
 * backward (LayerNorm's) <em>adds</em> into, instead of copying it (llm.c's residual_backward).
 */
public final class Residual {

    private Residual() {
    }

    /** out[i] = a[i] + b[i] for i in [0, n); out may be a or b. */
    public static void forward(float[] out, float[] a, float[] b, int n) {
        for (int i = 0; i < n; i++) {
            out[i] = a[i] + b[i];
        }
    }
}
