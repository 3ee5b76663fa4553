package dev.modelkit.model.init;

/**
 * What initialisation needs to know of a tensor: the model's {@code ParameterSpec} is one. An
 * interface here, so that this package does not depend on the model package that uses it.
 */
public interface TensorSpec {

    /** The name, which seeds the tensor's own random stream. */
    String name();

    ParameterKind kind();

    /** Number of elements. */
    long numel();

    /** fan_in of a weight [out, in] (its last dimension). */
    long fanIn();

    /** fan_out of a weight [out, in] (its first dimension). */
    long fanOut();
}
