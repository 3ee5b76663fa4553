package dev.modelkit.model.train;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Norm;
import dev.modelkit.model.Parameter;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.Weights;
import dev.modelkit.model.ops.Kernels;
import dev.modelkit.model.ops.OpProfile;
import dev.modelkit.model.ops.OpProfiler;
import dev.modelkit.model.ops.Parallel;

import java.util.Arrays;

/**
 * Trains a model: owns its gradients (allocated on the first backward), the optimizer and its
 * moments, and the activation arena of the current batch shape (allocated on the first forward
 * of that shape, replacing the previous one). The forward and backward passes are written out
 * layer by layer, llm.c style, over batches of B sequences of T tokens (N = B·T rows), on the
 * model's {@link Kernels}.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.of(model, AdamW.builder().learningRate(3e-4).weightDecay(0.1).build());
 * float loss = trainer.step(inputs, targets);   // forward + backward + AdamW, mean loss
 * }</pre>
 *
 * <p>Every method locks the model, so training and inference on one model never interleave.
 * Same seed, same batches, same result, whatever the pool's size.
 */
public final class Trainer {

    private final Transformer model;
    private final ModelConfig config;
    private final Weights w;
    private final Kernels k;
    private final Parallel par;
    private final Gradients gradients;
    private final AdamW optimizer;

    private Activations acts;
    private boolean forwardDone;

    private Trainer(Transformer model, AdamW optimizer) {
        this.model = model;
        this.config = model.config();
        this.w = model.weights();
        this.k = model.kernels();
        this.par = new Parallel(model.pool());
        this.gradients = new Gradients(model.parameters());
        this.optimizer = optimizer;
    }

    /**
     * A trainer of {@code model} with {@code optimizer}; allocates nothing large. The optimizer
     * then belongs to this trainer (its moments are this model's).
     */
    public static Trainer of(Transformer model, AdamW optimizer) {
        if (model == null) {
            throw new IllegalArgumentException("model must not be null");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("optimizer must not be null; use AdamW.builder().build()");
        }
        return new Trainer(model, optimizer);
    }

    public Transformer model() {
        return model;
    }

    public AdamW optimizer() {
        return optimizer;
    }

    /** The kernel set of the model, which this trainer runs on too. */
    public Kernels kernels() {
        return k;
    }

    /** The gradients (arrays allocated on the first backward). */
    public Gradients gradients() {
        return gradients;
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
     * One training step: forward, zeroGrad, backward and one optimizer update.
     *
     * @return the mean cross-entropy loss of the batch, before the update
     */
    public float step(int[][] inputs, int[][] targets) {
        synchronized (model) {
            double loss = forward(k, inputs, targets);
            gradients.zero();
            backward(k);
            optimizer.step(model.parameters(), gradients);
            return (float) loss;
        }
    }

    /**
     * One {@link #step} with every op timed (the forward's and backward's ops, and the AdamW
     * update as {@code adamw.step}): per op, calls, time, FLOPs, bytes moved and GFLOP/s. The
     * step really happens (the weights are updated). An ordinary step pays nothing for this.
     */
    public OpProfile profileStep(int[][] inputs, int[][] targets) {
        synchronized (model) {
            OpProfiler profiler = OpProfiler.of(k);
            long t0 = System.nanoTime();
            forward(profiler, inputs, targets);
            long z = System.nanoTime();
            gradients.zero();
            profiler.record("gradients.zero", System.nanoTime() - z, 0, 4 * model.parameterCount());
            backward(profiler);
            long u = System.nanoTime();
            optimizer.step(model.parameters(), gradients);
            // Per parameter about 12 flops (moments, bias corrections, sqrt, update); reads p, g,
            // m, v and writes p, m, v: 7 floats.
            profiler.record("adamw.step", System.nanoTime() - u, 12 * model.parameterCount(),
                    28 * model.parameterCount());
            return profiler.result("train step B=" + inputs.length + " T=" + inputs[0].length + " of " + config,
                    System.nanoTime() - t0);
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
        return forward(k, inputs, targets);
    }

    private double forward(Kernels k, int[][] inputs, int[][] targets) {
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
            double loss = forwardPass(k, a);
            forwardDone = true;
            return loss;
        }
    }

    /**
     * The backward pass of the last {@link #forward}: gradients of the mean loss are
     * <b>added</b> to {@link #gradients()} (allocated on the first call; use {@link #zeroGrad}).
     */
    public void backward() {
        backward(k);
    }

    private void backward(Kernels k) {
        synchronized (model) {
            if (!forwardDone) {
                throw new IllegalStateException("backward() needs a forward() first (each forward allows one backward)");
            }
            forwardDone = false;
            backwardPass(k, acts, gradients.arrays());
        }
    }

    private double forwardPass(Kernels k, Activations a) {
        int b = a.batch;
        int t = a.seq;
        int n = b * t;
        ModelConfig cfg = config;
        int c = cfg.dModel();
        int f = cfg.intermediateSize();
        int v = cfg.vocabSize();
        int heads = cfg.heads();
        int kvHeads = cfg.kvHeads();
        int hd = cfg.headDim();
        int q = cfg.qWidth();
        int width = cfg.qkvWidth();
        k.encoderForward(a.encoded, a.inputs, w.tokEmb().values(), Weights.values(w.posEmb()), b, t, 0, c); // (B, T, C)
        float[] residual = a.encoded;
        for (int l = 0; l < cfg.layers(); l++) {
            norm(k, a.ln1[l], residual, w.ln1Gamma(l), w.ln1Beta(l), n, a.ln1Mean[l], a.ln1Rstd[l]);
            k.matmulForward(a.qkv[l], a.ln1[l], w.qkvW(l).values(), Weights.values(w.qkvB(l)), n, c, width, par); // (B, T, W)
            if (a.ropeCos != null) {
                k.ropeForward(a.qkv[l], a.ropeCos, a.ropeSin, n, t, 0, heads, kvHeads, hd);
            }
            k.attentionForward(a.atty[l], a.att[l], a.qkv[l], b, t, heads, kvHeads, hd, par);             // (B, T, Q)
            k.matmulForward(a.residual2[l], a.atty[l], w.projW(l).values(), Weights.values(w.projB(l)), n, q, c, par);
            k.residualForward(a.residual2[l], a.residual2[l], residual, n * c);                            // (B, T, C)
            norm(k, a.ln2[l], a.residual2[l], w.ln2Gamma(l), w.ln2Beta(l), n, a.ln2Mean[l], a.ln2Rstd[l]);
            k.matmulForward(a.fch[l], a.ln2[l], w.fc1W(l).values(), Weights.values(w.fc1B(l)), n, c, f, par); // (B, T, F)
            if (a.gate[l] == null) {
                k.geluForward(a.fchAct[l], a.fch[l], n * f);
            } else {
                k.matmulForward(a.gate[l], a.ln2[l], w.gateW(l).values(), Weights.values(w.gateB(l)), n, c, f, par);
                k.swigluForward(a.fchAct[l], a.gate[l], a.fch[l], n * f);
            }
            k.matmulForward(a.residual3[l], a.fchAct[l], w.fc2W(l).values(), Weights.values(w.fc2B(l)), n, f, c, par);
            k.residualForward(a.residual3[l], a.residual3[l], a.residual2[l], n * c);                      // (B, T, C)
            residual = a.residual3[l];
        }
        norm(k, a.lnf, residual, w.lnfGamma(), w.lnfBeta(), n, a.lnfMean, a.lnfRstd);
        k.matmulForward(a.logits, a.lnf, w.head().values(), null, n, c, v, par);                         // (B, T, V)
        return k.crossEntropyForward(a.probs, a.logits, a.targets, n, v) / n;
    }

    private void backwardPass(Kernels k, Activations a, float[][] g) {
        int b = a.batch;
        int t = a.seq;
        int n = b * t;
        ModelConfig cfg = config;
        int c = cfg.dModel();
        int f = cfg.intermediateSize();
        int v = cfg.vocabSize();
        int heads = cfg.heads();
        int kvHeads = cfg.kvHeads();
        int hd = cfg.headDim();
        int q = cfg.qWidth();
        int width = cfg.qkvWidth();
        int layers = cfg.layers();
        float[] dlogits = a.logits;                            // logits are not needed any more
        k.crossEntropyBackward(dlogits, a.probs, a.targets, n, v);                             // (B, T, V)
        float[] dres = a.dResidual;
        k.matmulBackward(a.dLn, g(g, w.head()), null, dlogits, a.lnf, w.head().values(), n, c, v, par); // (B, T, C)
        Arrays.fill(dres, 0, n * c, 0f);
        float[] last = layers > 0 ? a.residual3[layers - 1] : a.encoded;
        normBackward(k, dres, g, w.lnfGamma(), w.lnfBeta(), a.dLn, last, a.lnfMean, a.lnfRstd, n);
        for (int l = layers - 1; l >= 0; l--) {
            float[] residual = l == 0 ? a.encoded : a.residual3[l - 1];
            // residual3 = residual2 + fc2(act(fc1(ln2(residual2)))): dres is d residual3
            k.matmulBackward(a.dFch, g(g, w.fc2W(l)), g(g, w.fc2B(l)), dres, a.fchAct[l], w.fc2W(l).values(),
                    n, f, c, par);
            if (a.gate[l] == null) {
                k.geluBackward(a.dFch, a.fch[l], n * f);                                        // (B, T, F)
            } else {
                k.swigluBackward(a.dGate, a.dFch, a.dFch, a.gate[l], a.fch[l], n * f);          // (B, T, F) each
            }
            k.matmulBackward(a.dLn, g(g, w.fc1W(l)), g(g, w.fc1B(l)), a.dFch, a.ln2[l], w.fc1W(l).values(),
                    n, c, f, par);
            normBackward(k, dres, g, w.ln2Gamma(l), w.ln2Beta(l), a.dLn, a.residual2[l], a.ln2Mean[l],
                    a.ln2Rstd[l], n);
            if (a.gate[l] != null) {
                // The norm's backward is linear in its output gradient, so the gate's share goes
                // through it on its own, reusing grad.ln instead of a second (B, T, C) buffer.
                k.matmulBackward(a.dLn, g(g, w.gateW(l)), g(g, w.gateB(l)), a.dGate, a.ln2[l],
                        w.gateW(l).values(), n, c, f, par);
                normBackward(k, dres, g, w.ln2Gamma(l), w.ln2Beta(l), a.dLn, a.residual2[l], a.ln2Mean[l],
                        a.ln2Rstd[l], n);
            }                                                                                   // dres: d residual2
            // residual2 = residual + proj(attn(rope(qkv(ln1(residual)))))
            k.matmulBackward(a.dAtty, g(g, w.projW(l)), g(g, w.projB(l)), dres, a.atty[l], w.projW(l).values(),
                    n, q, c, par);
            k.attentionBackward(a.dQkv, a.dAttRow, a.dAtty, a.qkv[l], a.att[l], b, t, heads, kvHeads, hd, par);
            if (a.ropeCos != null) {
                k.ropeBackward(a.dQkv, a.ropeCos, a.ropeSin, n, t, heads, kvHeads, hd);
            }
            k.matmulBackward(a.dLn, g(g, w.qkvW(l)), g(g, w.qkvB(l)), a.dQkv, a.ln1[l], w.qkvW(l).values(),
                    n, c, width, par);
            normBackward(k, dres, g, w.ln1Gamma(l), w.ln1Beta(l), a.dLn, residual, a.ln1Mean[l], a.ln1Rstd[l], n);
        }                                                                                       // dres: d residual
        k.encoderBackward(g(g, w.tokEmb()), g(g, w.posEmb()), dres, a.inputs, b, t, c);
    }

    /** out (N, C) = the config's norm of inp, saving its row statistics (mean: LayerNorm only). */
    private void norm(Kernels k, float[] out, float[] inp, Parameter gamma, Parameter beta, int n,
                      float[] mean, float[] rstd) {
        float eps = (float) config.normEps();
        if (config.norm() == Norm.LAYER_NORM) {
            k.layerNormForward(out, inp, gamma.values(), beta.values(), n, config.dModel(), eps, mean, rstd);
        } else {
            k.rmsNormForward(out, inp, gamma.values(), n, config.dModel(), eps, rstd);
        }
    }

    /** dinp <b>+=</b> the norm's input gradient for dout; gamma's (and beta's) gradients <b>+=</b>. */
    private void normBackward(Kernels k, float[] dinp, float[][] g, Parameter gamma, Parameter beta, float[] dout,
                              float[] inp, float[] mean, float[] rstd, int n) {
        if (config.norm() == Norm.LAYER_NORM) {
            k.layerNormBackward(dinp, g(g, gamma), g(g, beta), dout, inp, gamma.values(), mean, rstd, n,
                    config.dModel());
        } else {
            k.rmsNormBackward(dinp, g(g, gamma), dout, inp, gamma.values(), rstd, n, config.dModel());
        }
    }

    /** The gradient of a parameter (arrays parallel to the model's parameters), null for an absent role. */
    private static float[] g(float[][] grads, Parameter p) {
        return p == null ? null : grads[p.index()];
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
        return "Trainer[" + k.name() + ", " + optimizer + ", " + gradients + ", " + (acts == null ? "no activations" : acts) + "]";
    }
}
