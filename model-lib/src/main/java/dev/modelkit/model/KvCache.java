package dev.modelkit.model;

import java.util.List;

/**
 * Keys and values of every layer for positions 0..context-1: 2 · L · T · K·D floats, K = kvHeads
 * and D = headDim (K·D = C for multi-head attention; grouped-query attention keeps H / K times
 * less). Keys are stored after RoPE. Declared once, like {@link Workspace}: the constructor
 * allocates what {@link #inventory} lists.
 */
public final class KvCache {

    private final float[][] keys;    // [L] (T, K·D)
    private final float[][] values;  // [L] (T, K·D)
    private final List<Buffer> buffers;
    private final int qWidth;
    private final int kvWidth;

    KvCache(ModelConfig cfg) {
        this(cfg, new BufferList(true));
    }

    private KvCache(ModelConfig cfg, BufferList b) {
        long n = (long) cfg.contextLength() * cfg.kvWidth();
        String shape = cfg.kvWidth() == cfg.dModel() ? "(T, C)" : "(T, K·D)";
        keys = b.perLayer("keys", shape, "keys of every position, per layer", cfg.layers(), n);
        values = b.perLayer("values", shape, "values of every position, per layer", cfg.layers(), n);
        qWidth = cfg.qWidth();
        kvWidth = cfg.kvWidth();
        buffers = b.list();
    }

    /** The buffers a cache of this config holds (nothing is allocated). */
    public static List<Buffer> inventory(ModelConfig cfg) {
        return new KvCache(cfg, new BufferList(false)).buffers;
    }

    /** Bytes of float data for a config: {@code 2 · layers · context · kvHeads · headDim · 4}. */
    public static long bytes(ModelConfig cfg) {
        return BufferList.bytes(inventory(cfg));
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    /** Copies the k and v slices of {@code rows} rows of qkv (T, (H + 2K)·D) to positions pos0.. . */
    void store(int layer, int pos0, float[] qkv, int rows) {
        int width = qWidth + 2 * kvWidth;
        for (int t = 0; t < rows; t++) {
            System.arraycopy(qkv, t * width + qWidth, keys[layer], (pos0 + t) * kvWidth, kvWidth);
            System.arraycopy(qkv, t * width + qWidth + kvWidth, values[layer], (pos0 + t) * kvWidth, kvWidth);
        }
    }

    /** Floats per position of one layer's keys (or values): K·D. */
    int width() {
        return kvWidth;
    }
}
