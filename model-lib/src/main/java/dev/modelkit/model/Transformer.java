package dev.modelkit.model;

import dev.modelkit.model.init.Initializer;
import dev.modelkit.model.init.ParallelFill;
import dev.modelkit.model.ops.Kernels;
import dev.modelkit.model.ops.OpProfile;
import dev.modelkit.model.ops.OpProfiler;
import dev.modelkit.model.ops.Parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * A decoder-only transformer of the GPT-2 or the Llama family ({@link ModelConfig}): token
 * embeddings (plus a learned position table, or RoPE inside attention), pre-norm blocks (causal
 * self-attention with a fused QKV projection, multi-head or grouped-query; a GELU or SwiGLU
 * MLP), a final norm (LayerNorm or RMSNorm) and an LM head without bias.
 *
 * <pre>{@code
 * Transformer m = Transformer.builder().preset(Preset.MEDIUM).seed(42).build();
 * Logits logits = m.forward(new int[] {1, 2, 3});   // (T, V)
 * int next = logits.argmax(2);
 * }</pre>
 *
 * <p>The model holds its config, parameters ({@link #weights()} by role) and what inference
 * needs; training lives in {@code train.Trainer}, files in {@code checkpoint.Checkpoint}. Every
 * op runs on a {@link Kernels} set ({@link Kernels#best()} unless the builder names one).
 *
 * <p>Inference methods share one workspace and are serialised on the model; use one model per
 * thread for concurrent inference.
 */
public final class Transformer {

    private final ModelConfig config;
    private final long seed;
    private final Init init;
    private final List<Parameter> parameters;
    private final Map<String, Parameter> byName;
    private final Weights weights;
    private final Kernels kernels;
    private final Parallel parallel;

    private Workspace workspace;
    private KvCache kvCache;

    Transformer(ModelConfig config, long seed, Init init, ForkJoinPool pool, Kernels kernels) {
        this.config = config;
        this.seed = seed;
        this.init = init;
        this.parallel = new Parallel(pool);
        this.kernels = kernels;
        Initializer initializer = new Initializer(seed);
        List<ParameterSpec> specs = config.layout();
        float[][] data = switch (init) {
            case EAGER -> {
                float[][] d = new float[specs.size()][];
                for (int i = 0; i < d.length; i++) {
                    d[i] = initializer.create(specs.get(i));
                }
                yield d;
            }
            case PARALLEL -> ParallelFill.createAll(initializer, specs, pool);
            case LAZY -> new float[specs.size()][];
        };
        List<Parameter> params = new ArrayList<>(specs.size());
        Map<String, Parameter> names = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            Parameter p = new Parameter(specs.get(i), i, initializer, data[i]);
            params.add(p);
            names.put(p.name(), p);
        }
        this.parameters = Collections.unmodifiableList(params);
        this.byName = Collections.unmodifiableMap(names);

        this.weights = new Weights(config, parameters);
    }

    /** A new builder, starting from {@link Preset#TINY}, seed 42, {@link Init#EAGER}. */
    public static TransformerBuilder builder() {
        return new TransformerBuilder();
    }

    public ModelConfig config() {
        return config;
    }

    public long seed() {
        return seed;
    }

    public Init init() {
        return init;
    }

    public long parameterCount() {
        return config.parameterCount();
    }

    public int tensorCount() {
        return parameters.size();
    }

    /** Every parameter in reference order (a tied LM head appears once, as {@code tok_emb}). */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** A parameter by name, e.g. {@code blocks.0.attn.qkv.weight}. */
    public Parameter parameter(String name) {
        Parameter p = byName.get(name);
        if (p == null) {
            int n = parameters.size();
            throw new IllegalArgumentException("no parameter named '" + name + "'; names are e.g. "
                    + parameters.get(0).name() + ", " + parameters.get(1).name() + ", " + parameters.get(2).name()
                    + ", ..., " + parameters.get(n - 1).name() + " (" + n + " tensors"
                    + (config.tieEmbeddings() ? "; lm_head.weight is tied to tok_emb)" : ")"));
        }
        return p;
    }

    /** The parameters by role (the fields the forward pass reads). */
    public Weights weights() {
        return weights;
    }

    /** The kernel set every op of this model runs on. */
    public Kernels kernels() {
        return kernels;
    }

    /** The pool the model computes on. */
    public ForkJoinPool pool() {
        return parallel.pool();
    }

    /** Bytes of fp32 weight data: 4 per parameter. */
    public long weightBytes() {
        return 4 * parameterCount();
    }

    /** Logits (T, V) for a sequence of 1..contextLength token ids, in a new array. */
    public Logits forward(int[] tokens) {
        int v = config.vocabSize();
        float[] flat = new float[checkTokens("tokens", tokens, config.contextLength()) * v];
        forward(tokens, flat);
        return new Logits(flat, tokens.length, v);
    }

    /**
     * Logits for {@code tokens} written row-major into {@code logits} (length at least T·V).
     * After the first call this allocates nothing: all temporaries live in the model's workspace.
     */
    public synchronized void forward(int[] tokens, float[] logits) {
        int rows = checkTokens("tokens", tokens, config.contextLength());
        int v = config.vocabSize();
        if (logits == null || logits.length < (long) rows * v) {
            throw new IllegalArgumentException("logits: length " + (logits == null ? "null" : logits.length)
                    + " is too small; allowed: at least T * vocabSize = " + rows + " * " + v);
        }
        forward(kernels, tokens, rows, 0, null, logits, false);
    }

    /**
     * The forward pass, all of it, on kernels {@code k}: {@code rows} tokens at positions
     * {@code pos0..} through the embeddings, every pre-norm block and the LM head, into {@code logits} (T, V), or only the
     * last row's logits (V) when {@code lastRowOnly}. With a cache, each layer's keys and values
     * of the new rows are stored there and attention reads every earlier position from it;
     * without one, pos0 is 0 and attention reads the qkv of these rows.
     */
    private void forward(Kernels k, int[] tokens, int rows, int pos0, KvCache cache, float[] logits,
                         boolean lastRowOnly) {
        Weights w = weights;
        Workspace s = workspace();
        Parallel par = parallel;
        ModelConfig cfg = config;
        int c = cfg.dModel();
        int f = cfg.intermediateSize();
        int heads = cfg.heads();
        int kvHeads = cfg.kvHeads();
        int hd = cfg.headDim();
        int qw = cfg.qWidth();
        int kvw = cfg.kvWidth();
        int qkvw = cfg.qkvWidth();
        k.encoderForward(s.x, tokens, w.tokEmb().values(), Weights.values(w.posEmb()), 1, rows, pos0, c);   // (T, C)
        for (int l = 0; l < cfg.layers(); l++) {
            // x += proj(attention(rope(qkv(norm1(x)))))
            norm(k, s.xn, s.x, w.ln1Gamma(l), w.ln1Beta(l), rows);
            k.matmulForward(s.qkv, s.xn, w.qkvW(l).values(), Weights.values(w.qkvB(l)), rows, c, qkvw, par); // (T, W)
            if (s.ropeCos != null) {
                k.ropeForward(s.qkv, s.ropeCos, s.ropeSin, rows, rows, pos0, heads, kvHeads, hd);
            }
            if (cache == null) {
                k.attentionRows(s.y, s.qkv, s.qkv, qw, s.qkv, qw + kvw, qkvw, rows, 0, heads, kvHeads, hd,
                        s.scores, s.context, par);                                                    // (T, Q)
            } else {
                cache.store(l, pos0, s.qkv, rows);
                k.attentionRows(s.y, s.qkv, cache.keys(l), 0, cache.values(l), 0, kvw, rows, pos0, heads, kvHeads,
                        hd, s.scores, s.context, par);
            }
            k.matmulForward(s.branch, s.y, w.projW(l).values(), Weights.values(w.projB(l)), rows, qw, c, par);
            k.residualForward(s.x, s.x, s.branch, rows * c);
            // x += fc2(gelu(fc1(norm2(x)))), or fc2(silu(gate(norm2(x))) * fc1(norm2(x)))
            norm(k, s.xn, s.x, w.ln2Gamma(l), w.ln2Beta(l), rows);
            k.matmulForward(s.hidden, s.xn, w.fc1W(l).values(), Weights.values(w.fc1B(l)), rows, c, f, par); // (T, F)
            if (s.gate == null) {
                k.geluForward(s.hidden, s.hidden, rows * f);
            } else {
                k.matmulForward(s.gate, s.xn, w.gateW(l).values(), Weights.values(w.gateB(l)), rows, c, f, par);
                k.swigluForward(s.hidden, s.gate, s.hidden, rows * f);
            }
            k.matmulForward(s.branch, s.hidden, w.fc2W(l).values(), Weights.values(w.fc2B(l)), rows, f, c, par); // (T, C)
            k.residualForward(s.x, s.x, s.branch, rows * c);
        }
        int n = rows;
        if (lastRowOnly) {
            // Only the last row's logits are needed; move it to row 0 and project that row alone.
            System.arraycopy(s.x, (rows - 1) * c, s.x, 0, c);
            n = 1;
        }
        norm(k, s.xn, s.x, w.lnfGamma(), w.lnfBeta(), n);
        k.matmulForward(logits, s.xn, w.head().values(), null, n, c, cfg.vocabSize(), par);          // (T, V)
    }

    /** out (N, C) = the config's norm of inp: LayerNorm (gamma, beta) or RMSNorm (gamma; beta is null). */
    private void norm(Kernels k, float[] out, float[] inp, Parameter gamma, Parameter beta, int rows) {
        float eps = (float) config.normEps();
        if (config.norm() == Norm.LAYER_NORM) {
            k.layerNormForward(out, inp, gamma.values(), beta.values(), rows, config.dModel(), eps, null, null);
        } else {
            k.rmsNormForward(out, inp, gamma.values(), rows, config.dModel(), eps, null);
        }
    }

    /**
     * Runs one {@code forward(tokens)} with every op timed, and returns per op: calls, time,
     * FLOPs, bytes moved and GFLOP/s. The model's kernels do the work, wrapped in an
     * {@link OpProfiler}; an ordinary forward has no such wrapper and pays nothing for this.
     */
    public synchronized OpProfile profileForward(int[] tokens) {
        int rows = checkTokens("tokens", tokens, config.contextLength());
        float[] logits = new float[rows * config.vocabSize()];
        OpProfiler profiler = OpProfiler.of(kernels);
        long t0 = System.nanoTime();
        forward(profiler, tokens, rows, 0, null, logits, false);
        return profiler.result("forward T=" + rows + " of " + config, System.nanoTime() - t0);
    }

    /**
     * Generates {@code n} tokens after {@code prompt}, reusing keys and values of earlier
     * positions (a KV cache). Past the context length, each step sees the last contextLength
     * tokens, as a model without a cache would.
     *
     * @return the {@code n} new tokens (the prompt not included)
     */
    public synchronized int[] generate(int[] prompt, int n, Sampler sampler) {
        int ctx = config.contextLength();
        checkTokens("prompt", prompt, Integer.MAX_VALUE);
        if (n < 0) {
            throw new IllegalArgumentException("n = " + n + " is out of range; allowed: 0.."
                    + Integer.MAX_VALUE);
        }
        if (sampler == null) {
            throw new IllegalArgumentException("sampler must not be null; use Sampler.greedy(), "
                    + "Sampler.temperature(t, seed) or Sampler.topK(k, t, seed)");
        }
        if (n > ModelConfig.MAX_ARRAY_LENGTH - prompt.length) {
            throw new IllegalArgumentException("n = " + n + " is out of range; allowed: 0.."
                    + (ModelConfig.MAX_ARRAY_LENGTH - prompt.length) + " (the prompt and the new tokens fit one array)");
        }
        // The sequence and the returned tokens, 4 bytes each.
        HeapBudget.require(8L * ((long) prompt.length + n), "n = " + n + " (the token arrays)",
                "generate in smaller pieces");
        int v = config.vocabSize();
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        int[] seq = Arrays.copyOf(prompt, prompt.length + n);
        int len = prompt.length;
        float[] logits = new float[v];
        float[] window = null;
        int pos = 0;  // positions held in the KV cache
        if (len <= ctx) {
            forward(kernels, prompt, len, 0, kvCache(), logits, true);    // the prompt fills the cache
            pos = len;
        }
        for (int i = 0; i < n; i++) {
            if (len > ctx) {
                // The window slides: positions shift, so cached keys no longer apply.
                if (window == null) {
                    window = new float[ctx * v];
                }
                forward(Arrays.copyOfRange(seq, len - ctx, len), window);
                System.arraycopy(window, (ctx - 1) * v, logits, 0, v);
            }
            int next = sampler.sample(logits, 0, v);
            if (next < 0 || next >= v) {
                throw new IllegalStateException("sampler returned token " + next + "; allowed: 0.." + (v - 1));
            }
            out[i] = next;
            seq[len++] = next;
            if (i + 1 < n && len <= ctx) {
                // One new token at position pos, attending to the cached positions before it.
                step(next, pos++, logits);
            }
        }
        return out;
    }

    /** One cached generation step: {@code token} at position {@code pos}. */
    private void step(int token, int pos, float[] logits) {
        int[] one = workspace().token;
        one[0] = token;
        forward(kernels, one, 1, pos, kvCache(), logits, true);
    }

    private int checkTokens(String field, int[] tokens, int maxLength) {
        if (tokens == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        if (tokens.length < 1 || tokens.length > maxLength) {
            throw new IllegalArgumentException(field + ": length " + tokens.length
                    + " is out of range; allowed: 1.." + maxLength + " (the context length)");
        }
        int v = config.vocabSize();
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= v) {
                throw new IllegalArgumentException(field + "[" + i + "] = " + tokens[i]
                        + " is out of range; allowed: 0.." + (v - 1) + " (vocabSize - 1)");
            }
        }
        return tokens.length;
    }

    private Workspace workspace() {
        if (workspace == null) {
            workspace = new Workspace(config);
        }
        return workspace;
    }

    private KvCache kvCache() {
        if (kvCache == null) {
            kvCache = new KvCache(config);
        }
        return kvCache;
    }

    @Override
    public String toString() {
        return String.format("Transformer%s %,d params in %d tensors (%s fp32), init=%s, seed=%d",
                config.describe(), parameterCount(), tensorCount(), ByteSize.format(weightBytes()), init, seed);
    }
}
