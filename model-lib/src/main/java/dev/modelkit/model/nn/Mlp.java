package dev.modelkit.model.nn;

/** The position-wise MLP: fc1 (C -> hidden), GELU, fc2 (hidden -> C). */
public final class Mlp {

    private final Linear fc1;
    private final Linear fc2;

    public Mlp(Linear fc1, Linear fc2) {
        this.fc1 = fc1;
        this.fc2 = fc2;
    }

    public Linear fc1() {
        return fc1;
    }

    public Linear fc2() {
        return fc2;
    }

    /** out (T, C) = fc2(gelu(fc1(xn (T, C)))). */
    public void forward(float[] out, float[] xn, int rows, Workspace ws, Parallel par) {
        float[] h = ws.hidden;
        fc1.forward(h, xn, rows, par);                          // (T, hidden)
        Gelu.forward(h, rows * fc1.out());
        fc2.forward(out, h, rows, par);                         // (T, C)
    }
}
