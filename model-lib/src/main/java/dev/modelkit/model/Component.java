package dev.modelkit.model;

/** The part of the model a parameter belongs to, for per-component breakdowns. */
public enum Component {
    EMBEDDINGS, ATTENTION, MLP, NORMS, HEAD
}
