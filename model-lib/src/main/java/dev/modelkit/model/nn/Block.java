package dev.modelkit.model.nn;

/** A pre-LN transformer block: {@code x += attn(ln1(x)); x += mlp(ln2(x))}. */
public final class Block {

    private final LayerNorm ln1;
    private final CausalSelfAttention attn;
    private final LayerNorm ln2;
    private final Mlp mlp;

    public Block(LayerNorm ln1, CausalSelfAttention attn, LayerNorm ln2, Mlp mlp) {
        this.ln1 = ln1;
        this.attn = attn;
        this.ln2 = ln2;
        this.mlp = mlp;
    }

    public LayerNorm ln1() {
        return ln1;
    }

    public CausalSelfAttention attn() {
        return attn;
    }

    public LayerNorm ln2() {
        return ln2;
    }

    public Mlp mlp() {
        return mlp;
    }

    /** Updates the residual stream x (T, C) in place. */
    public void forward(float[] x, int rows, int c, int pos0, KvCache cache, int layer,
                        Workspace ws, Parallel par) {
        ln1.forward(ws.xn, x, rows, c);
        attn.forward(ws.branch, ws.xn, rows, pos0, cache, layer, ws, par);
        add(x, ws.branch, rows * c);
        ln2.forward(ws.xn, x, rows, c);
        mlp.forward(ws.branch, ws.xn, rows, ws, par);
        add(x, ws.branch, rows * c);
    }

    private static void add(float[] x, float[] delta, int n) {
        for (int i = 0; i < n; i++) {
            x[i] += delta[i];
        }
    }
}
