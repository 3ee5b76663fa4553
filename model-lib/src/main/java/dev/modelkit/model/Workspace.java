package dev.modelkit.model;

import java.util.List;

/**
 * Scratch buffers of the inference forward pass, sized once for the full context and reused by
 * every layer and every call: after the first forward, a forward allocates nothing. The
 * constructor declares each buffer once, which both allocates it and publishes it in
 * {@link #inventory}. Not thread-safe; one per model, used under the model's lock.
 * T = contextLength, C = dModel, F = mlpHidden, H = heads.
 */
public final class Workspace {

    final int context;
    final float[] x;        // (T, C) residual stream
    final float[] xn;       // (T, C) normalised input of the current sub-layer
    final float[] branch;   // (T, C) output of the current sub-layer
    final float[] qkv;      // (T, 3C) fused q, k, v
    final float[] y;        // (T, C) attention output before the projection
    final float[] hidden;   // (T, F) MLP activations
    final float[] scores;   // (H, T) one row of attention probabilities per head
    final int[] token = new int[1];   // (1) the token of a cached generation step (16 B, not listed)
    private final List<Buffer> buffers;

    Workspace(ModelConfig cfg) {
        this(cfg, new BufferList(true));
    }

    private Workspace(ModelConfig cfg, BufferList b) {
        long t = cfg.contextLength();
        long c = cfg.dModel();
        context = cfg.contextLength();
        x = b.floats("x", "(T, C)", "residual stream", t * c);
        xn = b.floats("xn", "(T, C)", "normalised input of the current sub-layer", t * c);
        branch = b.floats("branch", "(T, C)", "output of the current sub-layer", t * c);
        qkv = b.floats("qkv", "(T, 3C)", "fused q, k, v", t * 3 * c);
        y = b.floats("y", "(T, C)", "attention output before the projection", t * c);
        hidden = b.floats("hidden", "(T, F)", "MLP activations", t * cfg.mlpHidden());
        scores = b.floats("scores", "(H, T)", "one row of attention probabilities per head", cfg.heads() * t);
        buffers = b.list();
    }

    /** The buffers a workspace of this config holds, in allocation order (nothing is allocated). */
    public static List<Buffer> inventory(ModelConfig cfg) {
        return new Workspace(cfg, new BufferList(false)).buffers;
    }

    /** Bytes of float data a workspace holds for a config (array headers not counted). */
    public static long bytes(ModelConfig cfg) {
        return BufferList.bytes(inventory(cfg));
    }

    /** This workspace's buffers, as {@link #inventory}. */
    public List<Buffer> buffers() {
        return buffers;
    }
}
