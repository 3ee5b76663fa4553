package dev.modelkit.model.nn;

import dev.modelkit.model.ModelConfig;

/** Keys and values of every layer for positions 0..context-1: 2 · L · T · C floats. */
public final class KvCache {

    private final float[][] keys;    // [L] (T, C)
    private final float[][] values;  // [L] (T, C)
    private final int context;

    public KvCache(ModelConfig cfg) {
        int n = cfg.contextLength() * cfg.dModel();
        this.context = cfg.contextLength();
        this.keys = new float[cfg.layers()][n];
        this.values = new float[cfg.layers()][n];
    }

    /** Bytes of float data for a config: {@code 2 · layers · context · dModel · 4}. */
    public static long bytes(ModelConfig cfg) {
        return 2L * cfg.layers() * cfg.contextLength() * cfg.dModel() * 4;
    }

    public int context() {
        return context;
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
