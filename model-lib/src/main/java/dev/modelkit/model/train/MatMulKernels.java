package dev.modelkit.model.train;

import dev.modelkit.model.nn.MatMul;
import dev.modelkit.model.nn.Parallel;

/**
 * The matmuls of a training step, forward ({@code out = inp · W^T + b}) and backward (see
 * {@link MatMulBackward}). Two implementations: {@link #scalar()} (always; the inference kernel
 * {@link MatMul#forward} and the blocked scalar backward) and, when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, a Vector API one loaded reflectively. Each is
 * deterministic and independent of the pool's size; the two differ from each other in rounding
 * (the vector path uses fused multiply-adds).
 */
public interface MatMulKernels {

    /** out (N, OC) = inp (N, C) · W^T + bias, W stored (OC, C); bias may be null. */
    void forward(float[] out, float[] inp, float[] w, float[] bias, int rows, int c, int oc, Parallel par);

    /** As {@link MatMulBackward#backward}: dinp overwritten (may be null), dW and dbias accumulated. */
    void backward(float[] dinp, float[] dw, float[] dbias, float[] dout, float[] inp, float[] w,
                  int rows, int c, int oc, Parallel par);

    /** "scalar" or "vector (N lanes)". */
    String name();

    /** The scalar kernels: the same ones inference uses for the forward. */
    static MatMulKernels scalar() {
        return Scalar.INSTANCE;
    }

    /**
     * The fastest kernels this JVM offers: the Vector API ones when the incubator module is in
     * the boot layer and the system property {@code modelkit.vector} is not {@code false};
     * otherwise {@link #scalar()}.
     */
    static MatMulKernels best() {
        if (!"false".equals(System.getProperty("modelkit.vector"))
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (MatMulKernels) Class.forName("dev.modelkit.model.train.VectorMatMulKernels")
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return scalar();
            }
        }
        return scalar();
    }

    /** Scalar implementation. */
    final class Scalar implements MatMulKernels {
        static final Scalar INSTANCE = new Scalar();

        private Scalar() {
        }

        @Override
        public void forward(float[] out, float[] inp, float[] w, float[] bias, int rows, int c, int oc, Parallel par) {
            MatMul.forward(out, inp, w, bias, rows, c, oc, par);
        }

        @Override
        public void backward(float[] dinp, float[] dw, float[] dbias, float[] dout, float[] inp, float[] w,
                             int rows, int c, int oc, Parallel par) {
            MatMulBackward.backward(dinp, dw, dbias, dout, inp, w, rows, c, oc, par);
        }

        @Override
        public String name() {
            return "scalar";
        }
    }
}
