package dev.modelkit.model;

import dev.modelkit.model.checkpoint.Checkpoint;
import dev.modelkit.model.init.Initializer;
import dev.modelkit.model.init.ParallelFill;
import dev.modelkit.model.nn.Block;
import dev.modelkit.model.nn.CausalSelfAttention;
import dev.modelkit.model.nn.KvCache;
import dev.modelkit.model.nn.LayerNorm;
import dev.modelkit.model.nn.Linear;
import dev.modelkit.model.nn.MatMul;
import dev.modelkit.model.nn.Mlp;
import dev.modelkit.model.nn.Parallel;
import dev.modelkit.model.nn.Workspace;
import dev.modelkit.model.train.AdamW;
import dev.modelkit.model.train.TrainingState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * A GPT-style decoder: token + position embeddings, pre-LN blocks (causal self-attention with a
 * fused QKV projection, GELU MLP), a final LayerNorm and an LM head without bias.
 *
 * <pre>{@code
 * Transformer m = Transformer.builder().preset(Preset.MEDIUM).seed(42).build();
 * float[][] logits = m.forward(new int[] {1, 2, 3});   // (T, V)
 * }</pre>
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
    private final Parameter tokEmb;
    private final Parameter posEmb;
    private final List<Block> blocks;
    private final LayerNorm lnF;
    private final Parameter head;
    private final Parallel parallel;

    private Workspace workspace;
    private KvCache kvCache;
    private TrainingState training;

    Transformer(ModelConfig config, long seed, Init init, ForkJoinPool pool) {
        this.config = config;
        this.seed = seed;
        this.init = init;
        this.parallel = new Parallel(pool);
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
            Parameter p = new Parameter(specs.get(i), initializer, data[i]);
            params.add(p);
            names.put(p.name(), p);
        }
        this.parameters = Collections.unmodifiableList(params);
        this.byName = Collections.unmodifiableMap(names);

        this.tokEmb = names.get("tok_emb");
        this.posEmb = names.get("pos_emb");
        List<Block> bs = new ArrayList<>(config.layers());
        for (int l = 0; l < config.layers(); l++) {
            String p = "blocks." + l + ".";
            bs.add(new Block(
                    new LayerNorm(names.get(p + "ln1.gamma"), names.get(p + "ln1.beta")),
                    new CausalSelfAttention(
                            new Linear(names.get(p + "attn.qkv.weight"), names.get(p + "attn.qkv.bias")),
                            new Linear(names.get(p + "attn.proj.weight"), names.get(p + "attn.proj.bias")),
                            config.heads()),
                    new LayerNorm(names.get(p + "ln2.gamma"), names.get(p + "ln2.beta")),
                    new Mlp(new Linear(names.get(p + "mlp.fc1.weight"), names.get(p + "mlp.fc1.bias")),
                            new Linear(names.get(p + "mlp.fc2.weight"), names.get(p + "mlp.fc2.bias")))));
        }
        this.blocks = Collections.unmodifiableList(bs);
        this.lnF = new LayerNorm(names.get("ln_f.gamma"), names.get("ln_f.beta"));
        this.head = config.tieEmbeddings() ? tokEmb : names.get("lm_head.weight");
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
            throw new IllegalArgumentException("no parameter named '" + name + "'; names are e.g. "
                    + "tok_emb, pos_emb, blocks.0.ln1.gamma, ..., ln_f.beta"
                    + (config.tieEmbeddings() ? " (lm_head.weight is tied to tok_emb)" : ", lm_head.weight"));
        }
        return p;
    }

    public List<Block> blocks() {
        return blocks;
    }

    public Parameter tokenEmbedding() {
        return tokEmb;
    }

    public Parameter positionEmbedding() {
        return posEmb;
    }

    public LayerNorm finalNorm() {
        return lnF;
    }

    /** The LM head weight (V, d): {@code tok_emb} itself when embeddings are tied. */
    public Parameter headWeight() {
        return head;
    }

    /** The pool the model computes on. */
    public ForkJoinPool pool() {
        return parallel.pool();
    }

    /** Bytes of fp32 weight data: 4 per parameter. */
    public long weightBytes() {
        return 4 * parameterCount();
    }

    /** Logits (T, V) for a sequence of 1..contextLength token ids. */
    public float[][] forward(int[] tokens) {
        int v = config.vocabSize();
        float[] flat = new float[checkTokens("tokens", tokens, config.contextLength()) * v];
        forward(tokens, flat);
        float[][] logits = new float[tokens.length][];
        for (int t = 0; t < tokens.length; t++) {
            logits[t] = java.util.Arrays.copyOfRange(flat, t * v, (t + 1) * v);
        }
        return logits;
    }

    /**
     * Logits for {@code tokens} written row-major into {@code logits} (length at least T·V).
     * After the first call this allocates nothing: all temporaries live in the model's workspace.
     */
    public synchronized void forward(int[] tokens, float[] logits) {
        int rows = checkTokens("tokens", tokens, config.contextLength());
        int c = config.dModel();
        int v = config.vocabSize();
        if (logits == null || logits.length < (long) rows * v) {
            throw new IllegalArgumentException("logits: length " + (logits == null ? "null" : logits.length)
                    + " is too small; allowed: at least T * vocabSize = " + rows + " * " + v);
        }
        Workspace ws = workspace();
        float[] x = ws.x();
        embed(tokens, 0, rows, 0, x);
        for (int l = 0; l < blocks.size(); l++) {
            blocks.get(l).forward(x, rows, c, 0, null, l, ws, parallel);
        }
        lnF.forward(ws.xn(), x, rows, c);
        MatMul.forward(logits, ws.xn(), head.values(), null, rows, c, v, parallel);
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
        int[] seq = java.util.Arrays.copyOf(prompt, prompt.length + n);
        int len = prompt.length;
        float[] logits = new float[v];
        float[] window = null;
        int pos = 0;  // positions held in the KV cache
        if (len <= ctx) {
            pos = prefill(prompt, logits);
        }
        for (int i = 0; i < n; i++) {
            if (len > ctx) {
                // The window slides: positions shift, so cached keys no longer apply.
                if (window == null) {
                    window = new float[ctx * v];
                }
                forward(java.util.Arrays.copyOfRange(seq, len - ctx, len), window);
                System.arraycopy(window, (ctx - 1) * v, logits, 0, v);
            }
            int next = sampler.sample(logits, 0, v);
            if (next < 0 || next >= v) {
                throw new IllegalStateException("sampler returned token " + next + "; allowed: 0.." + (v - 1));
            }
            out[i] = next;
            seq[len++] = next;
            if (i + 1 < n && len <= ctx) {
                step(next, pos++, logits);
            }
        }
        return out;
    }

    /**
     * One training step on a batch: forward, backward, and an update of every parameter by
     * {@code optimizer}. Gradients (4 B/param), the optimizer's moments (8 B/param) and the
     * activations of this batch shape are allocated on the first call. Same seed, same batches,
     * same result, whatever the pool's size.
     *
     * @param inputs  (B, T) token ids, every row of the same length T in 1..contextLength
     * @param targets (B, T) the token that follows each input position
     * @return the mean cross-entropy loss of the batch before the update
     */
    public float trainStep(int[][] inputs, int[][] targets, AdamW optimizer) {
        return training().step(inputs, targets, optimizer);
    }

    /** Sets all gradients to zero; allocates nothing (before the first backward there are none). */
    public synchronized void zeroGrad() {
        if (training != null) {
            training.zeroGrad();
        }
    }

    /** The training state: gradients and activations, for forward/backward passes by hand. */
    public synchronized TrainingState training() {
        if (training == null) {
            training = new TrainingState(this);
        }
        return training;
    }

    /** Writes the weights, config and seed to a safetensors file (see {@link Checkpoint}). */
    public void save(Path path) throws IOException {
        Checkpoint.save(this, path);
    }

    /** A model restored from a file written by {@link #save}: same config, seed and weights. */
    public static Transformer load(Path path) throws IOException {
        return Checkpoint.load(path);
    }

    /** Runs the prompt through every block, filling the KV cache; logits of the last position. */
    private int prefill(int[] prompt, float[] logits) {
        int rows = prompt.length;
        int c = config.dModel();
        Workspace ws = workspace();
        KvCache cache = kvCache();
        float[] x = ws.x();
        embed(prompt, 0, rows, 0, x);
        for (int l = 0; l < blocks.size(); l++) {
            blocks.get(l).forward(x, rows, c, 0, cache, l, ws, parallel);
        }
        // Only the last row's logits are needed; move it to row 0 and project that row alone.
        System.arraycopy(x, (rows - 1) * c, x, 0, c);
        headRow(x, ws, logits);
        return rows;
    }

    /** One new token at position {@code pos}, attending to the cached positions before it. */
    private void step(int token, int pos, float[] logits) {
        int c = config.dModel();
        Workspace ws = workspace();
        KvCache cache = kvCache();
        float[] x = ws.x();
        embed(new int[] {token}, 0, 1, pos, x);
        for (int l = 0; l < blocks.size(); l++) {
            blocks.get(l).forward(x, 1, c, pos, cache, l, ws, parallel);
        }
        headRow(x, ws, logits);
    }

    private void headRow(float[] x, Workspace ws, float[] logits) {
        int c = config.dModel();
        lnF.forward(ws.xn(), x, 1, c);
        MatMul.forward(logits, ws.xn(), head.values(), null, 1, c, config.vocabSize(), parallel);
    }

    /** x[r] = tok_emb[tokens[from + r]] + pos_emb[pos0 + r] for r in [0, rows). */
    private void embed(int[] tokens, int from, int rows, int pos0, float[] x) {
        int c = config.dModel();
        float[] te = tokEmb.values();
        float[] pe = posEmb.values();
        for (int r = 0; r < rows; r++) {
            int to = tokens[from + r] * c;
            int po = (pos0 + r) * c;
            int xo = r * c;
            for (int i = 0; i < c; i++) {
                x[xo + i] = te[to + i] + pe[po + i];
            }
        }
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
        return String.format("Transformer[vocab=%d, context=%d, dModel=%d, layers=%d, heads=%d, "
                        + "mlpRatio=%d, tied=%s] %,d params in %d tensors (%s fp32), init=%s, seed=%d",
                config.vocabSize(), config.contextLength(), config.dModel(), config.layers(),
                config.heads(), config.mlpRatio(), config.tieEmbeddings(), parameterCount(),
                tensorCount(), ByteSize.format(weightBytes()), init, seed);
    }
}
