package dev.modelkit.model;

/** The feed-forward sub-layer of every block; F = intermediateSize. */
public enum Mlp {
    /** {@code fc2(gelu(fc1(x)))}, fc1 (F, C), fc2 (C, F) (GPT-2, F = 4C). */
    GELU,
    /**
     * {@code fc2(silu(gate(x)) * fc1(x))}, gate and fc1 (F, C), fc2 (C, F) (Llama: HF's gate_proj,
     * up_proj, down_proj); one matrix more than GELU, so F is usually about 8C/3.
     */
    SWIGLU;

    /** Case-insensitive: {@code gelu}, {@code swiglu}. */
    public static Mlp parse(String s) {
        return Options.parse(Mlp.class, "mlp", s);
    }
}
