package dev.modelkit.model.train;

import dev.modelkit.model.Parameter;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.nn.Parallel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optional Vector API kernels. Surefire runs this class alone in a JVM started with
 * {@code --add-modules jdk.incubator.vector} (see model-lib/pom.xml), so the vector path is
 * really taken; the scalar path, proven by {@link GradientCheckTest}, is the reference.
 */
class VectorKernelsTest {

    @Test
    void theVectorKernelsAreChosenWhenTheModuleIsPresent() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "this test must run with --add-modules jdk.incubator.vector (surefire execution vector-test)");
        assertTrue(MatMulKernels.best().name().startsWith("vector"), MatMulKernels.best().name());
        System.setProperty("modelkit.vector", "false");
        try {
            assertEquals("scalar", MatMulKernels.best().name());
        } finally {
            System.clearProperty("modelkit.vector");
        }
    }

    @Test
    void vectorKernelsAgreeWithScalarOnesIncludingTails() {
        SplittableRandom r = new SplittableRandom(4);
        Parallel one = new Parallel(new ForkJoinPool(1));
        MatMulKernels v = MatMulKernels.best();
        MatMulKernels s = MatMulKernels.scalar();
        for (int[] shape : new int[][] {{7, 13, 37}, {1, 5, 3}, {64, 128, 384}, {9, 64, 60}, {33, 40, 17}}) {
            int n = shape[0];
            int c = shape[1];
            int oc = shape[2];
            float[] inp = random(r, n * c);
            float[] w = random(r, oc * c);
            float[] b = random(r, oc);
            float[] dout = random(r, n * oc);
            float[] o1 = new float[n * oc];
            float[] o2 = new float[n * oc];
            v.forward(o1, inp, w, b, n, c, oc, one);
            s.forward(o2, inp, w, b, n, c, oc, one);
            close(o2, o1, "forward " + n + "x" + c + "x" + oc);
            float[] di1 = new float[n * c];
            float[] di2 = new float[n * c];
            float[] dw1 = random(new SplittableRandom(9), oc * c);
            float[] dw2 = dw1.clone();
            float[] db1 = new float[oc];
            float[] db2 = new float[oc];
            v.backward(di1, dw1, db1, dout, inp, w, n, c, oc, one);
            s.backward(di2, dw2, db2, dout, inp, w, n, c, oc, one);
            close(di2, di1, "dinp " + n + "x" + c + "x" + oc);
            close(dw2, dw1, "dW (accumulated) " + n + "x" + c + "x" + oc);
            close(db2, db1, "dbias " + n + "x" + c + "x" + oc);
        }
    }

    @Test
    void vectorTrainingIsIndependentOfThePoolAndMatchesTheScalarGradients() {
        float[][] a = step(new ForkJoinPool(1), true);
        float[][] b = step(new ForkJoinPool(2), true);
        for (int i = 0; i < a.length; i++) {
            assertArrayEquals(a[i], b[i], "gradient " + i + " differs between 1 and 2 threads");
        }
        float[][] scalar = step(new ForkJoinPool(2), false);
        for (int i = 0; i < a.length; i++) {
            close(scalar[i], a[i], "gradient " + i);
        }
    }

    /** Loss (row 0) and every gradient after one forward/backward of Tiny. */
    private static float[][] step(ForkJoinPool pool, boolean vector) {
        if (!vector) {
            System.setProperty("modelkit.vector", "false");
        }
        try {
            Transformer m = Transformer.builder().preset(Preset.TINY).seed(8).pool(pool).build();
            TrainingState ts = m.training();
            assertEquals(vector, ts.kernels().name().startsWith("vector"));
            SplittableRandom r = new SplittableRandom(2);
            int[][] x = new int[4][48];
            int[][] y = new int[4][48];
            for (int i = 0; i < 4; i++) {
                for (int t = 0; t < 48; t++) {
                    x[i][t] = r.nextInt(50);
                    y[i][t] = r.nextInt(50);
                }
            }
            float loss = (float) ts.forward(x, y);
            ts.backward();
            List<Parameter> ps = m.parameters();
            float[][] out = new float[ps.size() + 1][];
            out[0] = new float[] {loss};
            for (int i = 0; i < ps.size(); i++) {
                out[i + 1] = ts.gradients().get(i).clone();
            }
            return out;
        } finally {
            System.clearProperty("modelkit.vector");
            pool.shutdown();
        }
    }

    /** Relative L2 agreement to 1e-4: the paths differ only in rounding (FMA, summation order). */
    private static void close(float[] expected, float[] actual, String what) {
        double d = 0;
        double n = 0;
        for (int i = 0; i < expected.length; i++) {
            d += (expected[i] - actual[i]) * (double) (expected[i] - actual[i]);
            n += (double) expected[i] * expected[i];
        }
        assertTrue(Math.sqrt(d) <= 1e-4 * Math.sqrt(n) + 1e-12, what + ": relative error " + Math.sqrt(d / n));
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }
}
