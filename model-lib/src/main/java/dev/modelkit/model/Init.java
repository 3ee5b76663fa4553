package dev.modelkit.model;

/**
 * How weights are materialised. All three give bit-identical weights for the same seed: every
 * element is a pure function of (seed, parameter name, element index).
 */
public enum Init {
    /** Allocate and fill every tensor in {@code build()}, on the calling thread. */
    EAGER,
    /** {@code build()} allocates no tensor data; a tensor is filled on its first access. */
    LAZY,
    /** Like EAGER, but tensors are filled in chunks on a ForkJoin pool (all cores by default). */
    PARALLEL
}
