package dev.modelkit.model;

import dev.modelkit.model.ops.Rope;

import java.util.List;

/**
 * Scratch buffers of the inference forward pass, sized once for the full context and reused by
 * every layer and every call: after the first forward, a forward allocates nothing. The
 * constructor declares each buffer once, which both allocates it and publishes it in
 * {@link #inventory}; a buffer the architecture does not need is neither (null). Not
 * thread-safe; one per model, used under the model's lock.
 * T = contextLength, C = dModel, F = intermediateSize, H = heads, K = kvHeads, D = headDim.
 */
public final class Workspace {

    final int context;
    final float[] x;        // (T, C) residual stream
    final float[] xn;       // (T, C) normalised input of the current sub-layer
    final float[] branch;   // (T, C) output of the current sub-layer
    final float[] qkv;      // (T, (H + 2K)·D) fused q, k, v
    final float[] y;        // (T, H·D) attention output before the projection
    final float[] hidden;   // (T, F) MLP activations (SwiGLU: the up projection, then the gated product)
    final float[] gate;     // (T, F) SwiGLU's gate projection; null for GELU
    final float[] scores;   // (H, T) one row of attention probabilities per head
    final float[] ropeCos;  // (T, D/2) RoPE cos(position · frequency); null for learned positions
    final float[] ropeSin;  // (T, D/2) and sin
    final int[] token = new int[1];   // (1) the token of a cached generation step (16 B, not listed)
    private final List<Buffer> buffers;

    Workspace(ModelConfig cfg) {
        this(cfg, new BufferList(true));
        if (ropeCos != null) {
            Rope.table(ropeCos, ropeSin, context, cfg.headDim(), cfg.ropeTheta());
        }
    }

    private Workspace(ModelConfig cfg, BufferList b) {
        long t = cfg.contextLength();
        long c = cfg.dModel();
        long f = cfg.intermediateSize();
        context = cfg.contextLength();
        x = b.floats("x", "(T, C)", "residual stream", t * c);
        xn = b.floats("xn", "(T, C)", "normalised input of the current sub-layer", t * c);
        branch = b.floats("branch", "(T, C)", "output of the current sub-layer", t * c);
        qkv = b.floats("qkv", cfg.kvHeads() == cfg.heads() && cfg.qWidth() == cfg.dModel() ? "(T, 3C)"
                : "(T, (H + 2K)·D)", "fused q, k, v", t * cfg.qkvWidth());
        y = b.floats("y", cfg.qWidth() == cfg.dModel() ? "(T, C)" : "(T, H·D)",
                "attention output before the projection", t * cfg.qWidth());
        hidden = b.floats("hidden", "(T, F)", "MLP activations", t * f);
        gate = cfg.mlp() == Mlp.SWIGLU ? b.floats("gate", "(T, F)", "SwiGLU gate projection", t * f) : null;
        scores = b.floats("scores", "(H, T)", "one row of attention probabilities per head", cfg.heads() * t);
        boolean rope = cfg.positions() == Positions.ROPE;
        long half = cfg.headDim() / 2;
        ropeCos = rope ? b.floats("rope_cos", "(T, D/2)", "RoPE cosines of every position", t * half) : null;
        ropeSin = rope ? b.floats("rope_sin", "(T, D/2)", "RoPE sines of every position", t * half) : null;
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
