package dev.modelkit.bench;

import dev.modelkit.model.Preset;
import dev.modelkit.model.ops.Parallel;
import dev.modelkit.model.ops.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The matmul kernels, scalar against vector, on the five matmuls of the MEDIUM preset (C = 384):
 * {@code qkv} C→3C, {@code proj} C→C, {@code fc1} C→4C, {@code fc2} 4C→C, {@code head} C→V (100).
 * {@code forward} at {@code rows} = 128 (a full-context inference forward, B = 1) and 1 (one
 * KV-cached generation step); {@code backward} (dinp and dW + dbias) at 512 rows (B = 4, T = 128).
 * A forward is 2·rows·C·OC flops, a backward 4·rows·C·OC; {@code benchmarks/gflops.py} turns the
 * JMH JSON into GFLOP/s.
 *
 * <p>{@code threads} = 1: a pool of one (the kernel runs on the calling thread); 2: the common pool
 * with the caller helping, as the model runs on this 2-core machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class MatmulBenchmark {

    @Param({"scalar", "vector"})
    public String kernels;

    @Param({"qkv", "proj", "fc1", "fc2", "head"})
    public String matmul;

    @Param({"128", "1"})
    public int rows;

    @Param({"2"})
    public int threads;

    private Kernels k;
    private ForkJoinPool own;
    private Parallel par;
    private int c;
    private int oc;
    private float[] inp;
    private float[] w;
    private float[] bias;
    private float[] out;
    private float[] dw;
    private float[] dbias;
    private int backwardRows;
    private float[] bInp;
    private float[] bDout;
    private float[] bDinp;

    @Setup
    public void setup() {
        k = KernelChoice.of(kernels);
        own = threads == 1 ? new ForkJoinPool(1) : null;
        par = new Parallel(threads == 1 ? own : ForkJoinPool.commonPool());
        int[] shape = shape(matmul, Preset.MEDIUM);
        c = shape[0];
        oc = shape[1];
        SplittableRandom r = new SplittableRandom(1);
        inp = KernelChoice.random(r, rows * c);
        w = KernelChoice.random(r, oc * c);
        bias = KernelChoice.random(r, oc);
        out = new float[rows * oc];
        backwardRows = 512;
        bInp = KernelChoice.random(r, backwardRows * c);
        bDout = KernelChoice.random(r, backwardRows * oc);
        bDinp = new float[backwardRows * c];
        dw = new float[oc * c];
        dbias = new float[oc];
    }

    @TearDown
    public void tearDown() {
        if (own != null) {
            own.shutdown();
        }
    }

    /** (C, OC) of a named matmul of a preset. */
    static int[] shape(String matmul, Preset p) {
        int d = p.config().dModel();
        switch (matmul) {
            case "qkv": return new int[] {d, 3 * d};
            case "proj": return new int[] {d, d};
            case "fc1": return new int[] {d, 4 * d};
            case "fc2": return new int[] {4 * d, d};
            case "head": return new int[] {d, p.config().vocabSize()};
            default: throw new IllegalArgumentException("matmul = " + matmul + "; allowed: qkv, proj, fc1, fc2, head");
        }
    }

    @Benchmark
    public float[] forward() {
        k.matmulForward(out, inp, w, bias, rows, c, oc, par);
        return out;
    }

    /** At 512 rows whatever {@code rows} says (run it with {@code -p rows=128} only). */
    @Benchmark
    public float[] backward() {
        k.matmulBackward(bDinp, dw, dbias, bDout, bInp, w, backwardRows, c, oc, par);
        return dw;
    }
}
