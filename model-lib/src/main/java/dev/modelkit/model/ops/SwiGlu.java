package dev.modelkit.model.ops;

/**
 * The SwiGLU gate of a Llama MLP, forward and backward: {@code out = silu(gate) * up} elementwise,
 * with {@code silu(g) = g * sigmoid(g)}; gate and up are the two (N, F) projections of the block
 * input ({@code mlp.gate} and {@code mlp.fc1}), out goes into the down projection ({@code mlp.fc2}).
 */
public final class SwiGlu {

    private SwiGlu() {
    }

    static float sigmoid(float x) {
        return 1f / (1f + (float) Math.exp(-x));
    }

    /** out[i] = silu(gate[i]) · up[i] for i in [0, n); out may be gate or up. */
    public static void forward(float[] out, float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            out[i] = g * sigmoid(g) * up[i];
        }
    }

    /**
     * dgate and dup (N, F) from dout, <b>overwritten</b>: {@code dup = dout · silu(g)} and
     * {@code dgate = dout · up · silu'(g)} with {@code silu'(g) = s (1 + g (1 - s))}, s = sigmoid(g).
     * Either output may be dout: each element of dout is read before it is written.
     */
    public static void backward(float[] dgate, float[] dup, float[] dout, float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            float s = sigmoid(g);
            float d = dout[i];
            dup[i] = d * g * s;
            dgate[i] = d * up[i] * s * (1f + g * (1f - s));
        }
    }
}
