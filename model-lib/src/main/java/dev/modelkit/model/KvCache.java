package dev.modelkit.model;

import java.util.List;

/**
 * Keys and values of every layer for positions 0..context-1: 2 · L · T · C floats. Declared once,
 * like {@link Workspace}: the constructor allocates what {@link #inventory} lists.
 */
public final class KvCache {

    private final float[][] keys;    // [L] (T, C)
    private final float[][] values;  // [L] (T, C)
    private final List<Buffer> buffers;

    KvCache(ModelConfig cfg) {
        this(cfg, new BufferList(true));
    }

    private KvCache(ModelConfig cfg, BufferList b) {
        long n = (long) cfg.contextLength() * cfg.dModel();
        keys = b.perLayer("keys", "(T, C)", "keys of every position, per layer", cfg.layers(), n);
        values = b.perLayer("values", "(T, C)", "values of every position, per layer", cfg.layers(), n);
        buffers = b.list();
    }

    /** The buffers a cache of this config holds (nothing is allocated). */
    public static List<Buffer> inventory(ModelConfig cfg) {
        return new KvCache(cfg, new BufferList(false)).buffers;
    }

    /** Bytes of float data for a config: {@code 2 · layers · context · dModel · 4}. */
    public static long bytes(ModelConfig cfg) {
        return BufferList.bytes(inventory(cfg));
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Copies the k and v slices of {@code rows} rows of qkv (T, 3C) to positions pos0.. . */
    void store(int layer, int pos0, float[] qkv, int rows, int c) {
        for (int t = 0; t < rows; t++) {
            System.arraycopy(qkv, t * 3 * c + c, keys[layer], (pos0 + t) * c, c);
            System.arraycopy(qkv, t * 3 * c + 2 * c, values[layer], (pos0 + t) * c, c);
        }
    }
}
