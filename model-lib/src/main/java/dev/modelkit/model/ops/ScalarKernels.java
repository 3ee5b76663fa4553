package dev.modelkit.model.ops;

/** The plain Java kernels: they run on any JVM with no flags. Each delegates to its op's class. */
final class ScalarKernels implements Kernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {
    }

    @Override
    public void matmulForward(float[] out, float[] inp, float[] w, float[] bias, int rows, int c, int oc, Parallel par) {
        MatMul.forward(out, inp, w, bias, rows, c, oc, par);
    }

    @Override
    public void matmulBackward(float[] dinp, float[] dw, float[] dbias, float[] dout, float[] inp, float[] w,
                               int rows, int c, int oc, Parallel par) {
        MatMul.backward(dinp, dw, dbias, dout, inp, w, rows, c, oc, par);
    }

    @Override
    public void layerNormForward(float[] out, float[] inp, float[] gamma, float[] beta, int rows, int c,
                                 float[] mean, float[] rstd) {
        LayerNorm.forward(out, inp, gamma, beta, rows, c, mean, rstd);
    }

    @Override
    public void layerNormBackward(float[] dinp, float[] dgamma, float[] dbeta, float[] dout, float[] inp,
                                  float[] gamma, float[] mean, float[] rstd, int rows, int c) {
        LayerNorm.backward(dinp, dgamma, dbeta, dout, inp, gamma, mean, rstd, rows, c);
    }

    @Override
    public void geluForward(float[] out, float[] inp, int n) {
        Gelu.forward(out, inp, n);
    }

    @Override
    public void geluBackward(float[] d, float[] x, int n) {
        Gelu.backward(d, x, n);
    }

    @Override
    public void attend(float[] y, int yOff, float[] q, int qOff, float[] k, int kOff, float[] v, int vOff,
                       int stride, int n, int hd, float scale, float[] att, int attOff) {
        Attention.attend(y, yOff, q, qOff, k, kOff, v, vOff, stride, n, hd, scale, att, attOff);
    }

    @Override
    public void attentionBackward(float[] dqkv, float[] dRow, float[] datty, float[] qkv, float[] att,
                                  int batch, int seq, int c, int heads, Parallel par) {
        Attention.backward(dqkv, dRow, datty, qkv, att, batch, seq, c, heads, par);
    }

    @Override
    public String name() {
        return "scalar";
    }
}
