package dev.modelkit.model.ops;

/**
 * The numerical kernels every forward and backward pass runs on, in two sets behind this one
 * interface: {@link #scalar()}, plain Java that runs on any JVM, and a {@code jdk.incubator.vector}
 * set, loaded reflectively where the JVM has that module. {@link #best()} picks one at run time.
 *
 * <p>Contract shared by both sets: every output element is computed by exactly one task in a
 * fixed order, so results are bit-identical for any pool size; the two sets agree with each other
 * within rounding (the vector set uses fused multiply-adds). No kernel allocates once warm.
 * Shapes are row-major; N is the number of rows (B·T in training, T in inference).
 */
public interface Kernels {

    /** System property choosing the set: {@code scalar}, {@code vector} or {@code auto} (default). */
    String PROPERTY = "modelkit.kernels";

    // ---- matmul: out (N, OC) = inp (N, C) · W^T + bias, W stored (OC, C) (PyTorch Linear layout)

    /** out (N, OC) = inp (N, C) · W^T + bias; bias may be null. */
    void matmulForward(float[] out, float[] inp, float[] w, float[] bias, int rows, int c, int oc, Parallel par);

    /**
     * dinp (N, C) = dout · W, <b>overwritten</b> (null to skip); dW (OC, C) += dout^T · inp and
     * dbias (OC) += column sums of dout, <b>accumulated</b> (dbias may be null).
     */
    void matmulBackward(float[] dinp, float[] dw, float[] dbias, float[] dout, float[] inp, float[] w,
                        int rows, int c, int oc, Parallel par);

    // ---- LayerNorm over the last dimension: y = (x - mean) · rstd · gamma + beta

    /** out (N, C) = LN(inp (N, C)); mean and rstd (N) receive each row's statistics when non-null. */
    void layerNormForward(float[] out, float[] inp, float[] gamma, float[] beta, int rows, int c,
                          float[] mean, float[] rstd);

    /** dinp (N, C) <b>+=</b> dL/dx; dgamma, dbeta (C) <b>+=</b> their gradients. */
    void layerNormBackward(float[] dinp, float[] dgamma, float[] dbeta, float[] dout, float[] inp,
                           float[] gamma, float[] mean, float[] rstd, int rows, int c);

    /**
     * LayerNorm with another epsilon than {@link LayerNorm#EPS}: the set's own kernel at that
     * epsilon, the shared plain form otherwise. (Its backward reads only the saved statistics.)
     */
    default void layerNormForward(float[] out, float[] inp, float[] gamma, float[] beta, int rows, int c,
                                  float eps, float[] mean, float[] rstd) {
        if (eps == LayerNorm.EPS) {
            layerNormForward(out, inp, gamma, beta, rows, c, mean, rstd);
        } else {
            LayerNorm.forward(out, inp, gamma, beta, rows, c, eps, mean, rstd);
        }
    }

    // ---- GELU, tanh approximation (GPT-2)

    /** out[i] = gelu(inp[i]) for i in [0, n); out may be inp. */
    void geluForward(float[] out, float[] inp, int n);

    /** In place: on entry d holds dL/dgelu(x), on exit dL/dx. */
    void geluBackward(float[] d, float[] x, int n);

    // ---- causal self-attention

    /**
     * One query against {@code n} keys: {@code y = softmax(q·K^T · scale) · V}; key/value row s
     * starts at {@code kOff + s·stride} / {@code vOff + s·stride}; the probabilities are written
     * to {@code att[attOff, attOff + n)}.
     */
    void attend(float[] y, int yOff, float[] q, int qOff, float[] k, int kOff, float[] v, int vOff, int stride,
                int n, int hd, float scale, float[] att, int attOff);

    /**
     * dqkv (B, T, 3C) = gradient of batched causal attention over qkv (B, T, 3C) given datty
     * (B, T, C) and the saved probabilities att (B, H, T, T), <b>overwriting</b> dqkv;
     * dRow (B, H, T) is scratch.
     */
    void attentionBackward(float[] dqkv, float[] dRow, float[] datty, float[] qkv, float[] att,
                           int batch, int seq, int c, int heads, Parallel par);

    // ---- the ops every set shares, one plain form each (a set may override them): encoder,
    // ---- residual, attention's loops over rows (around attend), softmax + cross-entropy

    /** out (B, T, C) = tok_emb[tokens] + pos_emb[pos0 + t]; see {@link Encoder#forward}. */
    default void encoderForward(float[] out, int[] tokens, float[] tokEmb, float[] posEmb, int batch, int seq,
                                int pos0, int c) {
        Encoder.forward(out, tokens, tokEmb, posEmb, batch, seq, pos0, c);
    }

    /** dTokEmb, dPosEmb <b>+=</b> the rows of dout (B, T, C); see {@link Encoder#backward}. */
    default void encoderBackward(float[] dTokEmb, float[] dPosEmb, float[] dout, int[] tokens, int batch, int seq,
                                 int c) {
        Encoder.backward(dTokEmb, dPosEmb, dout, tokens, batch, seq, c);
    }

    /** out = a + b over [0, n); out may be a or b. Its backward is the identity ({@link Residual}). */
    default void residualForward(float[] out, float[] a, float[] b, int n) {
        Residual.forward(out, a, b, n);
    }

    /**
     * Multi-head inference attention of T query rows (positions pos0..) over cached or in-place
     * keys and values: {@link #attentionRows(float[], float[], float[], int, float[], int, int, int,
     * int, int, int, int, float[], int, Parallel) the grouped form} with K = H and D = C / H.
     */
    default void attentionRows(float[] y, float[] qkv, float[] keys, int kBase, float[] values, int vBase, int stride,
                               int rows, int pos0, int c, int heads, float[] scores, int scoreStride, Parallel par) {
        attentionRows(y, qkv, keys, kBase, values, vBase, stride, rows, pos0, heads, heads, c / heads, scores,
                scoreStride, par);
    }

    /** Multi-head training attention: atty (B, T, C) and att (B, H, T, T); the grouped form with K = H. */
    default void attentionForward(float[] atty, float[] att, float[] qkv, int batch, int seq, int c, int heads,
                                  Parallel par) {
        attentionForward(atty, att, qkv, batch, seq, heads, heads, c / heads, par);
    }

    /** probs (N, V) = softmax(logits); returns the summed loss; see {@link CrossEntropy#forward}. */
    default double crossEntropyForward(float[] probs, float[] logits, int[] targets, int rows, int v) {
        return CrossEntropy.forward(probs, logits, targets, rows, v);
    }

    /** dlogits (N, V) = (probs - onehot) / N, <b>overwriting</b>; see {@link CrossEntropy#backward}. */
    default void crossEntropyBackward(float[] dlogits, float[] probs, int[] targets, int rows, int v) {
        CrossEntropy.backward(dlogits, probs, targets, rows, v);
    }

    // ---- the Llama family's ops: one plain form each, shared by both sets (a set may override them)

    /** out (N, C) = RMSNorm(inp); rstd (N) receives each row's 1 / rms when non-null; see {@link RmsNorm}. */
    default void rmsNormForward(float[] out, float[] inp, float[] gamma, int rows, int c, float eps, float[] rstd) {
        RmsNorm.forward(out, inp, gamma, rows, c, eps, rstd);
    }

    /** dinp (N, C) <b>+=</b> dL/dx; dgamma (C) <b>+=</b> its gradient; see {@link RmsNorm#backward}. */
    default void rmsNormBackward(float[] dinp, float[] dgamma, float[] dout, float[] inp, float[] gamma,
                                 float[] rstd, int rows, int c) {
        RmsNorm.backward(dinp, dgamma, dout, inp, gamma, rstd, rows, c);
    }

    /** out = silu(gate) · up over [0, n); see {@link SwiGlu}. */
    default void swigluForward(float[] out, float[] gate, float[] up, int n) {
        SwiGlu.forward(out, gate, up, n);
    }

    /** dgate, dup <b>overwritten</b> from dout (dgate may be dout); see {@link SwiGlu#backward}. */
    default void swigluBackward(float[] dgate, float[] dup, float[] dout, float[] gate, float[] up, int n) {
        SwiGlu.backward(dgate, dup, dout, gate, up, n);
    }

    /** Rotates q and k of qkv (N, (H + 2K)·D) in place, row r at position pos0 + r % seq; see {@link Rope}. */
    default void ropeForward(float[] qkv, float[] cos, float[] sin, int rows, int seq, int pos0, int heads,
                             int kvHeads, int headDim) {
        Rope.forward(qkv, cos, sin, rows, seq, pos0, heads, kvHeads, headDim);
    }

    /** The inverse rotation on dq and dk of dqkv, in place; see {@link Rope#backward}. */
    default void ropeBackward(float[] dqkv, float[] cos, float[] sin, int rows, int seq, int heads, int kvHeads,
                              int headDim) {
        Rope.backward(dqkv, cos, sin, rows, seq, heads, kvHeads, headDim);
    }

    /**
     * Grouped-query inference attention (H query heads over K KV heads of D, qkv (T, (H + 2K)·D),
     * y (T, H·D)), by {@link #attend} per (head, row); see {@link Attention}.
     */
    default void attentionRows(float[] y, float[] qkv, float[] keys, int kBase, float[] values, int vBase, int stride,
                               int rows, int pos0, int heads, int kvHeads, int headDim, float[] scores, int scoreStride,
                               Parallel par) {
        Attention.forward(this, y, qkv, keys, kBase, values, vBase, stride, rows, pos0, heads, kvHeads, headDim,
                scores, scoreStride, par);
    }

    /** Grouped-query training attention: atty (B, T, H·D) and att (B, H, T, T), by {@link #attend}. */
    default void attentionForward(float[] atty, float[] att, float[] qkv, int batch, int seq, int heads, int kvHeads,
                                  int headDim, Parallel par) {
        Attention.forward(this, atty, att, qkv, batch, seq, heads, kvHeads, headDim, par);
    }

    /**
     * Grouped-query attention backward, <b>overwriting</b> dqkv (B, T, (H + 2K)·D): with K = H this
     * is the set's own multi-head {@link #attentionBackward(float[], float[], float[], float[],
     * float[], int, int, int, int, Parallel)} (C = H·D); otherwise the shared plain form.
     */
    default void attentionBackward(float[] dqkv, float[] dRow, float[] datty, float[] qkv, float[] att,
                                   int batch, int seq, int heads, int kvHeads, int headDim, Parallel par) {
        if (kvHeads == heads) {
            attentionBackward(dqkv, dRow, datty, qkv, att, batch, seq, heads * headDim, heads, par);
        } else {
            Attention.backward(dqkv, dRow, datty, qkv, att, batch, seq, heads, kvHeads, headDim, par);
        }
    }

    /** "scalar" or "vector (N lanes)". */
    String name();

    /** The plain Java set: any JVM, no flags. */
    static Kernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * The set named by {@value #PROPERTY}: {@code scalar}; {@code vector} (refused with a clear
     * error when the JVM lacks {@code jdk.incubator.vector}); {@code auto} or unset: vector where
     * the module is in the boot layer, scalar otherwise.
     */
    static Kernels best() {
        String choice = System.getProperty(PROPERTY, "auto").trim().toLowerCase(java.util.Locale.ROOT);
        switch (choice) {
            case "scalar":
                return scalar();
            case "vector":
                return vector().orElseThrow(() -> new IllegalStateException(PROPERTY + " = vector, but this JVM "
                        + "has no jdk.incubator.vector module; start it with --add-modules jdk.incubator.vector, "
                        + "or set " + PROPERTY + " to scalar or auto"));
            case "auto":
                return vector().orElse(scalar());
            default:
                throw new IllegalArgumentException(PROPERTY + " = " + choice
                        + " is not a kernel set; allowed: scalar, vector, auto");
        }
    }

    /** The Vector API set, if this JVM has the incubator module and the set loads. */
    static java.util.Optional<Kernels> vector() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of((Kernels) Class.forName("dev.modelkit.model.ops.VectorKernels")
                    .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            return java.util.Optional.empty();
        }
    }
}
