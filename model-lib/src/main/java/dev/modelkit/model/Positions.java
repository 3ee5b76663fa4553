package dev.modelkit.model;

/** How the model knows where a token is. */
public enum Positions {
    /** A learned (T, C) table added to the token embeddings (GPT-2). */
    LEARNED,
    /**
     * Rotary embeddings (Llama): q and k of each head are rotated in pairs of dimensions by
     * angles {@code pos * theta^(-2i/headDim)}; no parameters, and any position works.
     */
    ROPE;

    /** Case-insensitive: {@code learned}, {@code rope}. */
    public static Positions parse(String s) {
        return Options.parse(Positions.class, "positions", s);
    }
}
