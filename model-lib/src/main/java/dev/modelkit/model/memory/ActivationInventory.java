package dev.modelkit.model.memory;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.train.ActivationBuffer;
import dev.modelkit.model.train.Activations;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training activations as the memory report shows them: {@link Activations#inventory} (the
 * very list the training arena is allocated from, so there is one source of truth) with the
 * per-block buffers folded into one row each ({@code blocks.l.qkv} × L → {@code qkv} × L) and a
 * symbolic shape and a reason added for reading. This class owns no sizes: a buffer added to the
 * training code appears here (with an empty reason until {@link #DESCRIPTIONS} names it; a test
 * keeps the two in step).
 *
 * <p>Shapes use B = batch, T = sequence, C = dModel, H = heads, K = kvHeads, D = headDim,
 * V = vocabSize and F = the MLP's hidden width (intermediateSize; mlpRatio · C for GPT). Which
 * buffers exist depends on the family: LayerNorm keeps a mean, SwiGLU a gate, RoPE its tables.
 */
public final class ActivationInventory {

    /** How the report counts a buffer. */
    public enum Role {
        /** Kept by the forward pass for backward ({@code SAVED}), logits excluded. */
        ACTIVATION,
        /** The output layer's logits and probabilities ({@code SAVED}, reported apart). */
        LOGITS,
        /** Backward's working memory: gradients with respect to activations ({@code SCRATCH}). */
        SCRATCH
    }

    /**
     * One buffer (or one per block) sized for a config, batch and sequence.
     *
     * @param name  the training name without the {@code blocks.l.} prefix
     * @param shape the shape in symbols, e.g. {@code (B,H,T,T)}
     * @param role  how the report counts it
     * @param dims  the shape as numbers
     * @param numel elements of one
     * @param count how many exist (1, or the layer count for per-block buffers)
     * @param perLayer whether it exists once per block ({@code blocks.l.name})
     * @param why   what the backward pass needs it for
     */
    public record Row(String name, String shape, Role role, long[] dims, long numel, int count, boolean perLayer,
                      String why) {
        public Row {
            dims = dims.clone();
        }

        @Override
        public long[] dims() {
            return dims.clone();
        }

        /** Elements of all {@link #count()} copies. */
        public long totalNumel() {
            return Math.multiplyExact(numel, (long) count);
        }

        /** e.g. {@code [8, 6, 128, 128]}. */
        public String dimsString() {
            return Arrays.toString(dims);
        }
    }

    /** Symbolic shape and reason of each buffer, by its name without the {@code blocks.l.} prefix. */
    static final Map<String, String[]> DESCRIPTIONS = descriptions();

    private ActivationInventory() {
    }

    private static Map<String, String[]> descriptions() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("encoded", new String[] {"(B,T,C)", "token + position embedding; block 0's residual input"});
        m.put("ln1", new String[] {"(B,T,C)", "ln1 output = input of the QKV matmul (for dW_qkv)"});
        m.put("ln1.mean", new String[] {"(B,T)", "LayerNorm backward"});
        m.put("ln1.rstd", new String[] {"(B,T)", "LayerNorm or RMSNorm backward"});
        m.put("qkv", new String[] {"(B,T,(H+2K)D)", "q, k, v (rotated, with RoPE) for the attention backward; 3C without GQA"});
        m.put("att", new String[] {"(B,H,T,T)", "softmax probabilities: the quadratic term"});
        m.put("atty", new String[] {"(B,T,HD)", "attention output = input of the projection"});
        m.put("residual2", new String[] {"(B,T,C)", "residual after attention = ln2 input"});
        m.put("ln2", new String[] {"(B,T,C)", "ln2 output = input of fc1"});
        m.put("ln2.mean", new String[] {"(B,T)", "LayerNorm backward"});
        m.put("ln2.rstd", new String[] {"(B,T)", "LayerNorm or RMSNorm backward"});
        m.put("fch", new String[] {"(B,T,F)", "fc1 output: the GELU input, or SwiGLU's linear (up) half"});
        m.put("gate", new String[] {"(B,T,F)", "SwiGLU gate projection output (silu backward)"});
        m.put("fch_gelu", new String[] {"(B,T,F)", "GELU output = input of fc2"});
        m.put("fch_swiglu", new String[] {"(B,T,F)", "silu(gate) * up = input of fc2 (down)"});
        m.put("residual3", new String[] {"(B,T,C)", "residual after the MLP = next block's input"});
        m.put("ln_f", new String[] {"(B,T,C)", "final LayerNorm output = input of the LM head"});
        m.put("ln_f.mean", new String[] {"(B,T)", "LayerNorm backward"});
        m.put("ln_f.rstd", new String[] {"(B,T)", "LayerNorm or RMSNorm backward"});
        m.put("logits", new String[] {"(B,T,V)", "LM head output; backward overwrites it with dlogits"});
        m.put("probs", new String[] {"(B,T,V)", "softmax of the logits (cross-entropy backward)"});
        m.put("rope.cos", new String[] {"(T,D/2)", "RoPE cosines, shared by every layer (forward and backward rotation)"});
        m.put("rope.sin", new String[] {"(T,D/2)", "RoPE sines, shared by every layer"});
        m.put("grad.residual", new String[] {"(B,T,C)", "backward scratch: d loss / d residual stream"});
        m.put("grad.ln", new String[] {"(B,T,C)", "backward scratch: d loss / d LayerNorm output"});
        m.put("grad.atty", new String[] {"(B,T,HD)", "backward scratch: d loss / d attention output"});
        m.put("grad.qkv", new String[] {"(B,T,(H+2K)D)", "backward scratch: d loss / d qkv"});
        m.put("grad.fch", new String[] {"(B,T,F)", "backward scratch: d loss / d fc1 output"});
        m.put("grad.gate", new String[] {"(B,T,F)", "backward scratch: d loss / d gate output (SwiGLU)"});
        m.put("grad.att_row", new String[] {"(B,H,T)", "backward scratch: one row of d loss / d scores per (b, h)"});
        return Collections.unmodifiableMap(m);
    }

    /**
     * Every buffer training allocates for {@code cfg} at {@code batch} × {@code sequence}, per-block
     * ones folded, in allocation order. A sequence beyond the context length (analytic "what if")
     * sizes the buffers as if the context were that long. Nothing is allocated and no buffer needs
     * to fit a Java array: a full-size model's arena is described as well as a tiny one's.
     */
    public static List<Row> rows(ModelConfig cfg, int batch, int sequence) {
        List<ActivationBuffer> buffers = Activations.describe(widened(cfg, sequence), batch, sequence);
        Map<String, Row> rows = new LinkedHashMap<>();
        for (ActivationBuffer buf : buffers) {
            String name = baseName(buf.name());
            Row seen = rows.get(name);
            if (seen != null) {
                rows.put(name, new Row(name, seen.shape(), seen.role(), seen.dims(), seen.numel(), seen.count() + 1,
                        true, seen.why()));
                continue;
            }
            String[] d = DESCRIPTIONS.getOrDefault(name, new String[] {"?", ""});
            rows.put(name, new Row(name, d[0], role(name, buf), buf.shape(), buf.numel(), 1,
                    buf.name().startsWith("blocks."), d[1]));
        }
        return List.copyOf(rows.values());
    }

    /** Elements of all buffers with the given role. */
    public static long numel(ModelConfig cfg, int batch, int sequence, Role role) {
        return numel(rows(cfg, batch, sequence), role);
    }

    /** Elements of those of {@code rows} with the given role. */
    static long numel(List<Row> rows, Role role) {
        long n = 0;
        for (Row r : rows) {
            if (r.role() == role) {
                n = Math.addExact(n, r.totalNumel());
            }
        }
        return n;
    }

    /** Elements of the attention-probability buffers alone (B·H·T² per layer). */
    public static long attentionNumel(ModelConfig cfg, int batch, int sequence) {
        return attentionNumel(rows(cfg, batch, sequence));
    }

    static long attentionNumel(List<Row> rows) {
        long n = 0;
        for (Row r : rows) {
            if (r.name().equals("att")) {
                n = Math.addExact(n, r.totalNumel());
            }
        }
        return n;
    }

    /**
     * Heap bytes the first training forward at (B, T) allocates for its arena: every buffer of
     * {@link Activations#inventory} as a {@code float[]} with its header, the per-block index
     * arrays ({@code float[L][]}, one per per-block buffer kind) and the int copies of inputs and
     * targets. Not counted: the bookkeeping objects (names, the map, the list), a few hundred bytes
     * per buffer.
     */
    public static long arenaHeapBytes(ModelConfig cfg, int batch, int sequence, JvmLayout jvm) {
        long bytes = 0;
        int perBlockKinds = 0;
        for (Row r : rows(cfg, batch, sequence)) {
            bytes += r.count() * jvm.arrayBytes(r.numel(), 4);
            if (r.perLayer()) {
                perBlockKinds++;
            }
        }
        bytes += perBlockKinds * jvm.referenceArrayBytes(cfg.layers());
        bytes += 2 * jvm.arrayBytes((long) batch * sequence, 4);
        return bytes;
    }

    private static ModelConfig widened(ModelConfig cfg, int sequence) {
        return sequence <= cfg.contextLength() ? cfg : cfg.withContextLength(sequence);
    }

    private static String baseName(String name) {
        if (name.startsWith("blocks.")) {
            int dot = name.indexOf('.', "blocks.".length());
            return name.substring(dot + 1);
        }
        return name;
    }

    private static Role role(String name, ActivationBuffer buf) {
        if (buf.role() == ActivationBuffer.Role.SCRATCH) {
            return Role.SCRATCH;
        }
        return name.equals("logits") || name.equals("probs") ? Role.LOGITS : Role.ACTIVATION;
    }
}
