package dev.modelkit.model.train;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Parameter;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.nn.LayerNorm;
import dev.modelkit.model.nn.Parallel;

import java.util.Arrays;
import java.util.List;

/**
 * Everything a model needs to train, created with nothing allocated: the gradients (on the first
 * backward) and the activation arena of the current batch shape (on the first forward of that
 * shape, replacing the previous one). The forward and backward passes are written out layer by
 * layer, llm.c style, over batches of B sequences of T tokens (N = B·T rows).
 *
 * <p>Obtain it with {@link Transformer#training()}; every method locks the model, so training
 * and inference on one model never interleave.
 */
public final class TrainingState {

    private final Transformer model;
    private final ModelConfig config;
    private final Parallel par;
    private final Gradients gradients;
    private final MatMulKernels mm;

    // parameter indices in model.parameters(), for the gradient arrays
    private final int tokEmb;
    private final int posEmb;
    private final int[] ln1g, ln1b, qkvW, qkvB, projW, projB, ln2g, ln2b, fc1W, fc1B, fc2W, fc2B;
    private final int lnfG;
    private final int lnfB;
    private final int head;

    private Activations acts;
    private boolean forwardDone;

    /** Called by {@link Transformer#training()}; allocates nothing large. */
    public TrainingState(Transformer model) {
        this.model = model;
        this.config = model.config();
        this.par = new Parallel(model.pool());
        this.mm = MatMulKernels.best();
        List<Parameter> params = model.parameters();
        this.gradients = new Gradients(params);
        int layers = config.layers();
        tokEmb = index(params, "tok_emb");
        posEmb = index(params, "pos_emb");
        ln1g = new int[layers];
        ln1b = new int[layers];
        qkvW = new int[layers];
        qkvB = new int[layers];
        projW = new int[layers];
        projB = new int[layers];
        ln2g = new int[layers];
        ln2b = new int[layers];
        fc1W = new int[layers];
        fc1B = new int[layers];
        fc2W = new int[layers];
        fc2B = new int[layers];
        for (int l = 0; l < layers; l++) {
            String p = "blocks." + l + ".";
            ln1g[l] = index(params, p + "ln1.gamma");
            ln1b[l] = index(params, p + "ln1.beta");
            qkvW[l] = index(params, p + "attn.qkv.weight");
            qkvB[l] = index(params, p + "attn.qkv.bias");
            projW[l] = index(params, p + "attn.proj.weight");
            projB[l] = index(params, p + "attn.proj.bias");
            ln2g[l] = index(params, p + "ln2.gamma");
            ln2b[l] = index(params, p + "ln2.beta");
            fc1W[l] = index(params, p + "mlp.fc1.weight");
            fc1B[l] = index(params, p + "mlp.fc1.bias");
            fc2W[l] = index(params, p + "mlp.fc2.weight");
            fc2B[l] = index(params, p + "mlp.fc2.bias");
        }
        lnfG = index(params, "ln_f.gamma");
        lnfB = index(params, "ln_f.beta");
        head = config.tieEmbeddings() ? tokEmb : index(params, "lm_head.weight");
    }

    private static int index(List<Parameter> params, String name) {
        for (int i = 0; i < params.size(); i++) {
            if (params.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("model has no parameter " + name);
    }

    /** The gradients (arrays allocated on the first backward). */
    public Gradients gradients() {
        return gradients;
    }

    /** The matmul kernels this state uses ({@link MatMulKernels#best()} when it was created). */
    public MatMulKernels kernels() {
        return mm;
    }

    /** The current activation arena, or null before the first forward. */
    public Activations activations() {
        synchronized (model) {
            return acts;
        }
    }

    /** Zeroes the gradients (no-op before the first backward). */
    public void zeroGrad() {
        synchronized (model) {
            gradients.zero();
        }
    }

    /**
     * zeroGrad, forward, backward and one optimizer update.
     *
     * @return the mean cross-entropy loss of the batch, before the update
     */
    public float step(int[][] inputs, int[][] targets, AdamW optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null; use AdamW.builder().build()");
        }
        synchronized (model) {
            double loss = forward(inputs, targets);
            gradients.zero();
            backward();
            optimizer.step(model.parameters(), gradients);
            return (float) loss;
        }
    }

    /**
     * The forward pass over a batch, keeping what backward needs.
     *
     * @param inputs  (B, T) token ids, every row of the same length T in 1..contextLength
     * @param targets (B, T) the next token of each position
     * @return the mean cross-entropy loss, summed in double
     */
    public double forward(int[][] inputs, int[][] targets) {
        synchronized (model) {
            forwardDone = false;                                // a refused forward leaves nothing to backprop
            int[] shape = checkBatch(inputs, targets);
            int b = shape[0];
            int t = shape[1];
            if (acts == null || acts.batch != b || acts.seq != t) {
                acts = null;                                    // let the old arena go first
                acts = new Activations(config, b, t);
            }
            Activations a = acts;
            for (int i = 0; i < b; i++) {
                System.arraycopy(inputs[i], 0, a.inputs, i * t, t);
                System.arraycopy(targets[i], 0, a.targets, i * t, t);
            }
            double loss = forwardPass(a);
            forwardDone = true;
            return loss;
        }
    }

    /**
     * The backward pass of the last {@link #forward}: gradients of the mean loss are
     * <b>added</b> to {@link #gradients()} (allocated on the first call; use {@link #zeroGrad}).
     */
    public void backward() {
        synchronized (model) {
            if (!forwardDone) {
                throw new IllegalStateException("backward() needs a forward() first (each forward allows one backward)");
            }
            forwardDone = false;
            backwardPass(acts, gradients.arrays());
        }
    }

    private float[] w(int index) {
        return model.parameters().get(index).values();
    }

    private double forwardPass(Activations a) {
        int b = a.batch;
        int t = a.seq;
        int n = b * t;
        int c = config.dModel();
        int f = config.mlpHidden();
        int v = config.vocabSize();
        Embedding.forward(a.encoded, a.inputs, w(tokEmb), w(posEmb), b, t, c);     // (B, T, C)
        float[] residual = a.encoded;
        for (int l = 0; l < config.layers(); l++) {
            LayerNorm.forward(a.ln1[l], residual, w(ln1g[l]), w(ln1b[l]), n, c, a.ln1Mean[l], a.ln1Rstd[l]);
            mm.forward(a.qkv[l], a.ln1[l], w(qkvW[l]), w(qkvB[l]), n, c, 3 * c, par);       // (B, T, 3C)
            Attention.forward(a.atty[l], a.att[l], a.qkv[l], b, t, c, config.heads(), par);     // (B, T, C)
            mm.forward(a.residual2[l], a.atty[l], w(projW[l]), w(projB[l]), n, c, c, par);
            add(a.residual2[l], residual, n * c);                                               // (B, T, C)
            LayerNorm.forward(a.ln2[l], a.residual2[l], w(ln2g[l]), w(ln2b[l]), n, c, a.ln2Mean[l], a.ln2Rstd[l]);
            mm.forward(a.fch[l], a.ln2[l], w(fc1W[l]), w(fc1B[l]), n, c, f, par);           // (B, T, F)
            GeluBackward.forward(a.fchGelu[l], a.fch[l], n * f);
            mm.forward(a.residual3[l], a.fchGelu[l], w(fc2W[l]), w(fc2B[l]), n, f, c, par); // (B, T, C)
            add(a.residual3[l], a.residual2[l], n * c);
            residual = a.residual3[l];
        }
        LayerNorm.forward(a.lnf, residual, w(lnfG), w(lnfB), n, c, a.lnfMean, a.lnfRstd);
        mm.forward(a.logits, a.lnf, w(head), null, n, c, v, par);                         // (B, T, V)
        return CrossEntropy.forward(a.probs, a.logits, a.targets, n, v) / n;
    }

    private void backwardPass(Activations a, float[][] g) {
        int b = a.batch;
        int t = a.seq;
        int n = b * t;
        int c = config.dModel();
        int f = config.mlpHidden();
        int v = config.vocabSize();
        int layers = config.layers();
        float[] dlogits = a.logits;                            // logits are not needed any more
        CrossEntropy.backward(dlogits, a.probs, a.targets, n, v);                              // (B, T, V)
        float[] dres = a.dResidual;
        mm.backward(a.dLn, g[head], null, dlogits, a.lnf, w(head), n, c, v, par);  // (B, T, C)
        Arrays.fill(dres, 0, n * c, 0f);
        float[] last = layers > 0 ? a.residual3[layers - 1] : a.encoded;
        LayerNormBackward.backward(dres, g[lnfG], g[lnfB], a.dLn, last, w(lnfG), a.lnfMean, a.lnfRstd, n, c);
        for (int l = layers - 1; l >= 0; l--) {
            float[] residual = l == 0 ? a.encoded : a.residual3[l - 1];
            // residual3 = residual2 + fc2(gelu(fc1(ln2(residual2)))): dres is d residual3
            mm.backward(a.dFch, g[fc2W[l]], g[fc2B[l]], dres, a.fchGelu[l], w(fc2W[l]), n, f, c, par);
            GeluBackward.backward(a.dFch, a.fch[l], n * f);                                     // (B, T, F)
            mm.backward(a.dLn, g[fc1W[l]], g[fc1B[l]], a.dFch, a.ln2[l], w(fc1W[l]), n, c, f, par);
            LayerNormBackward.backward(dres, g[ln2g[l]], g[ln2b[l]], a.dLn, a.residual2[l], w(ln2g[l]),
                    a.ln2Mean[l], a.ln2Rstd[l], n, c);                                          // dres: d residual2
            // residual2 = residual + proj(attn(qkv(ln1(residual))))
            mm.backward(a.dAtty, g[projW[l]], g[projB[l]], dres, a.atty[l], w(projW[l]), n, c, c, par);
            Attention.backward(a.dQkv, a.dAttRow, a.dAtty, a.qkv[l], a.att[l], b, t, c, config.heads(), par);
            mm.backward(a.dLn, g[qkvW[l]], g[qkvB[l]], a.dQkv, a.ln1[l], w(qkvW[l]), n, c, 3 * c, par);
            LayerNormBackward.backward(dres, g[ln1g[l]], g[ln1b[l]], a.dLn, residual, w(ln1g[l]),
                    a.ln1Mean[l], a.ln1Rstd[l], n, c);                                          // dres: d residual
        }
        Embedding.backward(g[tokEmb], g[posEmb], dres, a.inputs, b, t, c);
    }

    private static void add(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += y[i];
        }
    }

    private int[] checkBatch(int[][] inputs, int[][] targets) {
        if (inputs == null || targets == null) {
            throw new IllegalArgumentException((inputs == null ? "inputs" : "targets") + " must not be null");
        }
        if (inputs.length < 1) {
            throw new IllegalArgumentException("inputs: batch size 0 is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
        if (targets.length != inputs.length) {
            throw new IllegalArgumentException("targets: " + targets.length + " rows, but inputs has "
                    + inputs.length + "; allowed: the same (B, T) shape as inputs");
        }
        int v = config.vocabSize();
        int t = inputs[0] == null ? 0 : inputs[0].length;
        if (t < 1 || t > config.contextLength()) {
            throw new IllegalArgumentException("inputs[0]: length " + t + " is out of range; allowed: 1.."
                    + config.contextLength() + " (the context length)");
        }
        for (int r = 0; r < inputs.length; r++) {
            checkRow("inputs", r, inputs[r], t, v);
            checkRow("targets", r, targets[r], t, v);
        }
        return new int[] {inputs.length, t};
    }

    private static void checkRow(String field, int r, int[] row, int t, int v) {
        if (row == null || row.length != t) {
            throw new IllegalArgumentException(field + "[" + r + "]: length "
                    + (row == null ? "null" : row.length) + "; allowed: " + t + " (every row as long as inputs[0])");
        }
        for (int i = 0; i < t; i++) {
            if (row[i] < 0 || row[i] >= v) {
                throw new IllegalArgumentException(field + "[" + r + "][" + i + "] = " + row[i]
                        + " is out of range; allowed: 0.." + (v - 1) + " (vocabSize - 1)");
            }
        }
    }

    @Override
    public String toString() {
        return "TrainingState[" + gradients + ", " + (acts == null ? "no activations" : acts) + "]";
    }
}
