package dev.modelkit.model.nn;

import dev.modelkit.model.ModelConfig;

/**
 * Scratch buffers for inference, sized once for the full context and reused by every layer and
 * every call: after the first forward, a forward allocates nothing (the reference report's
 * "pooled temporaries"). Not thread-safe; one per model, used under the model's lock.
 */
public final class Workspace {

    final int context;
    final float[] x;        // (T, C) residual stream
    final float[] xn;       // (T, C) normalised input of the current sub-layer
    final float[] branch;   // (T, C) output of the current sub-layer
    final float[] qkv;      // (T, 3C)
    final float[] y;        // (T, C) attention output before the projection
    final float[] hidden;   // (T, hidden) MLP activations
    final float[] scores;   // (H, T) one row of attention weights per head

    public Workspace(ModelConfig cfg) {
        int t = cfg.contextLength();
        int c = cfg.dModel();
        this.context = t;
        this.x = new float[t * c];
        this.xn = new float[t * c];
        this.branch = new float[t * c];
        this.qkv = new float[t * 3 * c];
        this.y = new float[t * c];
        this.hidden = new float[t * cfg.mlpHidden()];
        this.scores = new float[cfg.heads() * t];
    }

    /** Bytes of float data this workspace holds for a config (array headers not counted). */
    public static long bytes(ModelConfig cfg) {
        long t = cfg.contextLength();
        long c = cfg.dModel();
        // x, xn, branch, y: 4 (T, C); qkv (T, 3C); hidden (T, F); scores (H, T)
        return 4 * (t * c * 4 + t * 3 * c + t * cfg.mlpHidden() + (long) cfg.heads() * t);
    }

    /** The residual stream; rows [0, T) hold the current sequence. */
    public float[] x() {
        return x;
    }

    /** The normalised residual (after the final LayerNorm, once the blocks have run). */
    public float[] xn() {
        return xn;
    }
}
