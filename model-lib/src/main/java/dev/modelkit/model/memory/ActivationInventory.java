package dev.modelkit.model.memory;

import dev.modelkit.model.ModelConfig;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What the training implementation keeps from the forward pass for the backward pass, llm.c
 * style: one named buffer per saved tensor, with its shape. This is the single table the
 * activation memory of a training step is derived from; to follow a change in the training code,
 * edit {@link #BUFFERS} (one line per buffer) and the report, the sweeps and the charts follow.
 *
 * <p>Shapes use B = batch, T = sequence, C = dModel, H = heads, V = vocabSize and F = the MLP's
 * hidden width (mlpRatio · C). Per-layer buffers exist once per block.
 */
public final class ActivationInventory {

    /** Whether a buffer exists once per model or once per block. */
    public enum Scope { MODEL, PER_LAYER }

    /** Activations proper, or the output layer's logits and probabilities (reported apart). */
    public enum Role { ACTIVATION, LOGITS }

    /** The sizes a shape is written in. */
    public record Sizes(long b, long t, long c, long h, long v, long f) {
        static Sizes of(ModelConfig cfg, int batch, int sequence) {
            return new Sizes(batch, sequence, cfg.dModel(), cfg.heads(), cfg.vocabSize(), cfg.mlpHidden());
        }
    }

    /** A shape as a function of the sizes. */
    @FunctionalInterface
    public interface Shape {
        long[] of(Sizes s);
    }

    /**
     * One saved buffer.
     *
     * @param name  llm.c-style name
     * @param scope once per model or per block
     * @param role  activation or logits
     * @param shape shape in symbols, e.g. {@code (B,H,T,T)}
     * @param dims  the same shape as numbers
     * @param why   what the backward pass needs it for
     */
    public record Buffer(String name, Scope scope, Role role, String shape, Shape dims, String why) {
    }

    /**
     * One buffer sized for a config, batch and sequence.
     *
     * @param count how many exist (1, or the layer count for per-layer buffers)
     * @param numel elements of one
     */
    public record Row(Buffer buffer, long[] dims, long numel, int count) {
        /** Elements of all {@link #count()} copies. */
        public long totalNumel() {
            return Math.multiplyExact(numel, (long) count);
        }

        /** e.g. {@code [8, 6, 128, 128]}. */
        public String dimsString() {
            return Arrays.toString(dims);
        }
    }

    // ---- the table: edit here to follow the training code --------------------------------------
    private static final List<Buffer> BUFFERS = List.of(
            model("encoded", "(B,T,C)", s -> d(s.b, s.t, s.c), "token + position embedding; block 0's residual input"),
            layer("ln1", "(B,T,C)", s -> d(s.b, s.t, s.c), "ln1 output = input of the QKV matmul (for dW_qkv)"),
            layer("ln1_mean", "(B,T)", s -> d(s.b, s.t), "LayerNorm backward"),
            layer("ln1_rstd", "(B,T)", s -> d(s.b, s.t), "LayerNorm backward"),
            layer("qkv", "(B,T,3C)", s -> d(s.b, s.t, 3 * s.c), "q, k, v for the attention backward"),
            layer("att", "(B,H,T,T)", s -> d(s.b, s.h, s.t, s.t), "softmax probabilities: the quadratic term"),
            layer("atty", "(B,T,C)", s -> d(s.b, s.t, s.c), "attention output = input of the projection"),
            layer("residual2", "(B,T,C)", s -> d(s.b, s.t, s.c), "residual after attention = ln2 input"),
            layer("ln2", "(B,T,C)", s -> d(s.b, s.t, s.c), "ln2 output = input of fc1"),
            layer("ln2_mean", "(B,T)", s -> d(s.b, s.t), "LayerNorm backward"),
            layer("ln2_rstd", "(B,T)", s -> d(s.b, s.t), "LayerNorm backward"),
            layer("fch", "(B,T,F)", s -> d(s.b, s.t, s.f), "fc1 output = GELU input (GELU backward)"),
            layer("fch_gelu", "(B,T,F)", s -> d(s.b, s.t, s.f), "GELU output = input of fc2"),
            layer("residual3", "(B,T,C)", s -> d(s.b, s.t, s.c), "residual after the MLP = next block's input"),
            model("lnf", "(B,T,C)", s -> d(s.b, s.t, s.c), "final LayerNorm output = input of the LM head"),
            model("lnf_mean", "(B,T)", s -> d(s.b, s.t), "LayerNorm backward"),
            model("lnf_rstd", "(B,T)", s -> d(s.b, s.t), "LayerNorm backward"),
            logits("logits", "(B,T,V)", s -> d(s.b, s.t, s.v), "LM head output"),
            logits("probs", "(B,T,V)", s -> d(s.b, s.t, s.v), "softmax of the logits (cross-entropy backward)"));
    // ---------------------------------------------------------------------------------------------

    private ActivationInventory() {
    }

    /** The buffers, in forward order. */
    public static List<Buffer> buffers() {
        return BUFFERS;
    }

    /** Every buffer sized for {@code cfg} at {@code batch} × {@code sequence}. */
    public static List<Row> rows(ModelConfig cfg, int batch, int sequence) {
        Sizes s = Sizes.of(cfg, batch, sequence);
        List<Row> rows = new ArrayList<>(BUFFERS.size());
        for (Buffer b : BUFFERS) {
            long[] dims = b.dims().of(s);
            long n = 1;
            for (long x : dims) {
                n = Math.multiplyExact(n, x);
            }
            rows.add(new Row(b, dims, n, b.scope() == Scope.PER_LAYER ? cfg.layers() : 1));
        }
        return Collections.unmodifiableList(rows);
    }

    /** Elements of all buffers with the given role. */
    public static long numel(ModelConfig cfg, int batch, int sequence, Role role) {
        long n = 0;
        for (Row r : rows(cfg, batch, sequence)) {
            if (r.buffer().role() == role) {
                n = Math.addExact(n, r.totalNumel());
            }
        }
        return n;
    }

    /** Elements of the attention-probability buffers alone (B·H·T² per layer). */
    public static long attentionNumel(ModelConfig cfg, int batch, int sequence) {
        long n = 0;
        for (Row r : rows(cfg, batch, sequence)) {
            if (r.buffer().name().equals("att")) {
                n = Math.addExact(n, r.totalNumel());
            }
        }
        return n;
    }

    private static Buffer model(String name, String shape, Shape dims, String why) {
        return new Buffer(name, Scope.MODEL, Role.ACTIVATION, shape, dims, why);
    }

    private static Buffer layer(String name, String shape, Shape dims, String why) {
        return new Buffer(name, Scope.PER_LAYER, Role.ACTIVATION, shape, dims, why);
    }

    private static Buffer logits(String name, String shape, Shape dims, String why) {
        return new Buffer(name, Scope.MODEL, Role.LOGITS, shape, dims, why);
    }

    private static long[] d(long... dims) {
        return dims;
    }
}
