package dev.modelkit.model.init;

/** What a parameter tensor is, which decides how it is initialised. */
public enum ParameterKind {
    /** Token or position embedding: U(-0.02, 0.02). */
    EMBEDDING,
    /** Linear layer weight [out, in]: Xavier-uniform U(±sqrt(6 / (in + out))). */
    WEIGHT,
    /** Linear layer bias: zeros. */
    BIAS,
    /** LayerNorm gain (gamma): ones. */
    NORM_GAIN,
    /** LayerNorm shift (beta): zeros. */
    NORM_BIAS
}
