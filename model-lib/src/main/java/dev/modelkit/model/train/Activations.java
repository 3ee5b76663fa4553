package dev.modelkit.model.train;

import dev.modelkit.model.ByteSize;
import dev.modelkit.model.HeapBudget;
import dev.modelkit.model.Mlp;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Norm;
import dev.modelkit.model.Positions;
import dev.modelkit.model.ops.Rope;
import dev.modelkit.model.train.ActivationBuffer.Role;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training arena for one batch shape (B, T): every activation the forward pass keeps for the
 * backward pass, and the backward pass's scratch, allocated once and reused by every step of
 * that shape (llm.c's {@code ActivationTensors}).
 *
 * <p>The buffers are defined in exactly one place, {@link #inventory}: the constructor allocates
 * what the inventory lists, so the list is what training really holds. C = dModel, H = heads,
 * K = kvHeads, D = headDim, Q = H·D (C in multi-head GPT), W = (H + 2K)·D (3C in GPT),
 * V = vocabSize, F = intermediateSize, L = layers.
 *
 * <pre>
 * name                    shape        role     what
 * encoded                 (B, T, C)    SAVED    tok_emb[x] + pos_emb[t] (RoPE: tok_emb[x]), input of block 0
 * blocks.l.ln1            (B, T, C)    SAVED    norm 1 output
 * blocks.l.ln1.mean       (B, T)       SAVED    its row means (LayerNorm only)
 * blocks.l.ln1.rstd       (B, T)       SAVED    its row 1 / std (RMSNorm: 1 / rms)
 * blocks.l.qkv            (B, T, W)    SAVED    fused q, k, v (q and k after RoPE)
 * blocks.l.att            (B, H, T, T) SAVED    attention probabilities (rows s &lt;= t used)
 * blocks.l.atty           (B, T, Q)    SAVED    attention output before the projection
 * blocks.l.residual2      (B, T, C)    SAVED    residual after attention
 * blocks.l.ln2            (B, T, C)    SAVED    norm 2 output
 * blocks.l.ln2.mean/rstd  (B, T)       SAVED    (mean: LayerNorm only)
 * blocks.l.fch            (B, T, F)    SAVED    fc1 output (SwiGLU: the up projection)
 * blocks.l.gate           (B, T, F)    SAVED    SwiGLU only: the gate projection
 * blocks.l.fch_gelu       (B, T, F)    SAVED    GELU output (SwiGLU: blocks.l.fch_swiglu, silu(gate) * up)
 * blocks.l.residual3      (B, T, C)    SAVED    residual after the MLP (block output)
 * ln_f                    (B, T, C)    SAVED    final norm output
 * ln_f.mean/rstd          (B, T)       SAVED    (mean: LayerNorm only)
 * logits                  (B, T, V)    SAVED    LM head output; backward overwrites it with dlogits
 * probs                   (B, T, V)    SAVED    softmax(logits)
 * rope.cos, rope.sin      (T, D/2)     SAVED    RoPE only: the rotation of every position, filled once
 * grad.residual           (B, T, C)    SCRATCH  d loss / d residual stream
 * grad.ln                 (B, T, C)    SCRATCH  d loss / d norm output
 * grad.atty               (B, T, Q)    SCRATCH  d loss / d attention output
 * grad.qkv                (B, T, W)    SCRATCH  d loss / d qkv
 * grad.fch                (B, T, F)    SCRATCH  d loss / d fc1 output (before, then after GELU' or SwiGLU')
 * grad.gate               (B, T, F)    SCRATCH  SwiGLU only: d loss / d gate projection
 * grad.att_row            (B, H, T)    SCRATCH  one row of d loss / d scores per (b, h)
 * </pre>
 *
 * <p>Unlike llm.c there is no {@code preatt} (B, H, T, T) nor separate projection outputs: the
 * scores are turned into probabilities in place and the projections write straight into the
 * residual buffers, since backward never reads them.
 */
public final class Activations {

    final int batch;
    final int seq;
    final ModelConfig config;

    final float[] encoded;
    final float[][] ln1;
    final float[][] ln1Mean;
    final float[][] ln1Rstd;
    final float[][] qkv;
    final float[][] att;
    final float[][] atty;
    final float[][] residual2;
    final float[][] ln2;
    final float[][] ln2Mean;
    final float[][] ln2Rstd;
    final float[][] fch;
    final float[][] gate;
    final float[][] fchAct;
    final float[][] residual3;
    final float[] lnf;
    final float[] lnfMean;
    final float[] lnfRstd;
    final float[] logits;
    final float[] probs;
    final float[] ropeCos;
    final float[] ropeSin;

    final float[] dResidual;
    final float[] dLn;
    final float[] dAtty;
    final float[] dQkv;
    final float[] dFch;
    final float[] dGate;
    final float[] dAttRow;

    /** The batch the forward pass last saw, flattened (B·T); targets are kept for backward. */
    final int[] inputs;
    final int[] targets;

    private final Map<String, float[]> arena;
    private final List<ActivationBuffer> inventory;

    /**
     * Allocates the arena for batches of {@code batch} sequences of {@code seq} tokens.
     *
     * @throws IllegalArgumentException for a batch or sequence length out of range, or an arena
     *                                  that would not fit the heap (before allocating it)
     */
    public Activations(ModelConfig config, int batch, int seq) {
        this.inventory = inventory(config, batch, seq);
        requireFits(config, batch, seq, inventory);
        this.config = config;
        this.batch = batch;
        this.seq = seq;
        Map<String, float[]> a = new LinkedHashMap<>();
        for (ActivationBuffer buf : inventory) {
            a.put(buf.name(), new float[(int) buf.numel()]);
        }
        this.arena = Collections.unmodifiableMap(a);
        int layers = config.layers();
        ln1 = perLayer(a, layers, "ln1");
        ln1Mean = perLayer(a, layers, "ln1.mean");
        ln1Rstd = perLayer(a, layers, "ln1.rstd");
        qkv = perLayer(a, layers, "qkv");
        att = perLayer(a, layers, "att");
        atty = perLayer(a, layers, "atty");
        residual2 = perLayer(a, layers, "residual2");
        ln2 = perLayer(a, layers, "ln2");
        ln2Mean = perLayer(a, layers, "ln2.mean");
        ln2Rstd = perLayer(a, layers, "ln2.rstd");
        fch = perLayer(a, layers, "fch");
        gate = perLayer(a, layers, "gate");
        fchAct = perLayer(a, layers, activationName(config));
        residual3 = perLayer(a, layers, "residual3");
        encoded = a.get("encoded");
        lnf = a.get("ln_f");
        lnfMean = a.get("ln_f.mean");
        lnfRstd = a.get("ln_f.rstd");
        logits = a.get("logits");
        probs = a.get("probs");
        ropeCos = a.get("rope.cos");
        ropeSin = a.get("rope.sin");
        if (ropeCos != null) {
            Rope.table(ropeCos, ropeSin, seq, config.headDim(), config.ropeTheta());
        }
        dResidual = a.get("grad.residual");
        dLn = a.get("grad.ln");
        dAtty = a.get("grad.atty");
        dQkv = a.get("grad.qkv");
        dFch = a.get("grad.fch");
        dGate = a.get("grad.gate");
        dAttRow = a.get("grad.att_row");
        inputs = new int[batch * seq];
        targets = new int[batch * seq];
    }

    /**
     * Every buffer training allocates for batch shape (B, T), in allocation order: what the
     * forward pass keeps for backward ({@link Role#SAVED}) and the backward scratch
     * ({@link Role#SCRATCH}). Bytes are float data only (no array headers, no int token copies).
     *
     * @throws IllegalArgumentException for a batch or sequence out of range, or a buffer a Java
     *                                  array cannot hold (see {@link #describe} for any size)
     */
    public static List<ActivationBuffer> inventory(ModelConfig config, int batch, int seq) {
        List<ActivationBuffer> list = describe(config, batch, seq);
        requireArrays(list, batch, seq);
        return list;
    }

    /**
     * The same list as {@link #inventory} without the Java array limit: what the analytic memory
     * model reads for a full-size model, whose arena could never be allocated here.
     */
    public static List<ActivationBuffer> describe(ModelConfig config, int batch, int seq) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch = " + batch + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
        if (seq < 1 || seq > config.contextLength()) {
            throw new IllegalArgumentException("seq = " + seq + " is out of range; allowed: 1.."
                    + config.contextLength() + " (the context length)");
        }
        long b = batch;
        long t = seq;
        long c = config.dModel();
        long h = config.heads();
        long v = config.vocabSize();
        long f = config.intermediateSize();
        long q = config.qWidth();
        long w = config.qkvWidth();
        boolean layerNorm = config.norm() == Norm.LAYER_NORM;
        boolean swiglu = config.mlp() == Mlp.SWIGLU;
        List<ActivationBuffer> list = new ArrayList<>();
        list.add(saved("encoded", b, t, c));
        for (int l = 0; l < config.layers(); l++) {
            String p = "blocks." + l + ".";
            list.add(saved(p + "ln1", b, t, c));
            if (layerNorm) {
                list.add(saved(p + "ln1.mean", b, t));
            }
            list.add(saved(p + "ln1.rstd", b, t));
            list.add(saved(p + "qkv", b, t, w));
            list.add(saved(p + "att", b, h, t, t));
            list.add(saved(p + "atty", b, t, q));
            list.add(saved(p + "residual2", b, t, c));
            list.add(saved(p + "ln2", b, t, c));
            if (layerNorm) {
                list.add(saved(p + "ln2.mean", b, t));
            }
            list.add(saved(p + "ln2.rstd", b, t));
            list.add(saved(p + "fch", b, t, f));
            if (swiglu) {
                list.add(saved(p + "gate", b, t, f));
            }
            list.add(saved(p + activationName(config), b, t, f));
            list.add(saved(p + "residual3", b, t, c));
        }
        list.add(saved("ln_f", b, t, c));
        if (layerNorm) {
            list.add(saved("ln_f.mean", b, t));
        }
        list.add(saved("ln_f.rstd", b, t));
        list.add(saved("logits", b, t, v));
        list.add(saved("probs", b, t, v));
        if (config.positions() == Positions.ROPE) {
            list.add(saved("rope.cos", t, config.headDim() / 2));
            list.add(saved("rope.sin", t, config.headDim() / 2));
        }
        list.add(scratch("grad.residual", b, t, c));
        list.add(scratch("grad.ln", b, t, c));
        list.add(scratch("grad.atty", b, t, q));
        list.add(scratch("grad.qkv", b, t, w));
        list.add(scratch("grad.fch", b, t, f));
        if (swiglu) {
            list.add(scratch("grad.gate", b, t, f));
        }
        list.add(scratch("grad.att_row", b, h, t));
        return Collections.unmodifiableList(list);
    }

    /**
     * Refuses an arena one of whose buffers a Java array cannot hold. Only allocation needs this:
     * the inventory itself (and the analytic memory model reading it) works for any size.
     */
    private static void requireArrays(List<ActivationBuffer> list, int batch, int seq) {
        for (ActivationBuffer buf : list) {
            if (buf.numel() > ModelConfig.MAX_ARRAY_LENGTH) {
                throw new IllegalArgumentException("batch = " + batch + ", seq = " + seq + " make "
                        + buf + " hold " + buf.numel() + " floats; a Java array holds at most "
                        + ModelConfig.MAX_ARRAY_LENGTH + ": reduce batch or seq");
            }
        }
    }

    /** Total bytes of {@link #inventory}, optionally only one role (null: both). */
    public static long bytes(ModelConfig config, int batch, int seq, Role role) {
        long sum = 0;
        for (ActivationBuffer buf : inventory(config, batch, seq)) {
            if (role == null || buf.role() == role) {
                sum += buf.bytes();
            }
        }
        return sum;
    }

    public int batch() {
        return batch;
    }

    public int seq() {
        return seq;
    }

    /** The buffers of this arena, as listed by {@link #inventory}. */
    public List<ActivationBuffer> buffers() {
        return inventory;
    }

    /** The live buffer of that name (e.g. {@code blocks.0.att}), for inspection. */
    public float[] buffer(String name) {
        float[] a = arena.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no activation buffer named '" + name
                    + "'; names are e.g. encoded, blocks.0.qkv, blocks.0.att, logits, probs");
        }
        return a;
    }

    /** Bytes of float data held, as {@link #bytes(ModelConfig, int, int, Role)} with role null. */
    public long bytes() {
        long sum = 0;
        for (float[] a : arena.values()) {
            sum += 4L * a.length;
        }
        return sum;
    }

    /** The MLP activation's buffer: {@code fch_gelu} or {@code fch_swiglu}. */
    private static String activationName(ModelConfig config) {
        return config.mlp() == Mlp.SWIGLU ? "fch_swiglu" : "fch_gelu";
    }

    private static float[][] perLayer(Map<String, float[]> a, int layers, String suffix) {
        float[][] out = new float[layers][];
        for (int l = 0; l < layers; l++) {
            out[l] = a.get("blocks." + l + "." + suffix);
        }
        return out;
    }

    private static ActivationBuffer saved(String name, long... shape) {
        return new ActivationBuffer(name, shape, Role.SAVED);
    }

    private static ActivationBuffer scratch(String name, long... shape) {
        return new ActivationBuffer(name, shape, Role.SCRATCH);
    }

    private static void requireFits(ModelConfig config, int batch, int seq, List<ActivationBuffer> list) {
        long need = 0;
        for (ActivationBuffer buf : list) {
            need += 16 + buf.bytes();
        }
        HeapBudget.require(need, "batch = " + batch + ", seq = " + seq
                        + ": the training activations of " + config,
                "reduce batch or seq, or raise -Xmx");
    }

    @Override
    public String toString() {
        return "Activations[B=" + batch + ", T=" + seq + ", " + inventory.size() + " buffers, "
                + ByteSize.format(bytes()) + "]";
    }
}
