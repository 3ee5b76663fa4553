package dev.modelkit.model.memory;

/** What a {@link MemoryReport#sweep(Axis, int...)} varies, everything else held fixed. */
public enum Axis {
    BATCH,
    SEQUENCE,
    DMODEL,
    LAYERS
}
