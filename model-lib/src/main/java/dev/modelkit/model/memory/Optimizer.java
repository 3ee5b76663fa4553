package dev.modelkit.model.memory;

/**
 * What the memory model assumes happens to the weights: {@link #NONE} is inference (no gradients,
 * no optimizer state, a KV cache); the others are a training step with that optimizer.
 */
public enum Optimizer {
    /** Inference: forward only. */
    NONE(0),
    /** Plain SGD: no state beyond the gradients. */
    SGD(0),
    /** SGD with momentum: one velocity per parameter. */
    SGD_MOMENTUM(1),
    /** AdamW: first and second moments (m, v) per parameter. */
    ADAMW(2);

    private final int statesPerParameter;

    Optimizer(int statesPerParameter) {
        this.statesPerParameter = statesPerParameter;
    }

    /** Optimizer tensors of parameter shape (m and v for AdamW). */
    public int statesPerParameter() {
        return statesPerParameter;
    }

    /** True for every optimizer but {@link #NONE}: gradients and saved activations exist. */
    public boolean training() {
        return this != NONE;
    }

    /** Case-insensitive lookup: {@code "adamw"}, {@code "sgd"}, {@code "sgd_momentum"}, {@code "none"}. */
    public static Optimizer parse(String name) {
        if (name != null) {
            String n = name.trim().replace('-', '_');
            for (Optimizer o : values()) {
                if (o.name().equalsIgnoreCase(n)) {
                    return o;
                }
            }
            if (n.equalsIgnoreCase("inference")) {
                return NONE;
            }
        }
        throw new IllegalArgumentException("optimizer: unknown value '" + name
                + "'; allowed: none, sgd, sgd_momentum, adamw");
    }
}
