package dev.modelkit.model;

/** The normalisation of every block and of the final layer. */
public enum Norm {
    /** {@code (x - mean) / sqrt(var + eps) * gamma + beta} (GPT-2): a gain and a shift. */
    LAYER_NORM,
    /** {@code x / sqrt(mean(x^2) + eps) * gamma} (Llama, Mistral, Qwen): a gain only. */
    RMS_NORM;

    /** Case-insensitive: {@code layer_norm}, {@code rms_norm} (also {@code layernorm}, {@code rmsnorm}). */
    public static Norm parse(String s) {
        return Options.parse(Norm.class, "norm", s);
    }
}
