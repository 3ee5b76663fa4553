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
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The kernels other than matmul, scalar against vector, on MEDIUM shapes (C = 384, 6 heads of 64,
 * T = 128): LayerNorm over (T, C), GELU over (T, 4C), causal attention forward for all heads of
 * one sequence (T rows against their prefixes), and its backward at B = 4 on the common pool.
 * Work counted by {@code benchmarks/gflops.py}: attention forward 4·hd·T(T+1)/2 flops per head
 * (q·k and p·v), backward twice that per (sequence, head); LayerNorm and GELU are reported as
 * elements per second, as they are bounded by memory and transcendental throughput, not FMAs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class OpsBenchmark {

    @Param({"scalar", "vector"})
    public String kernels;

    private Kernels k;
    private final Parallel par = new Parallel(ForkJoinPool.commonPool());
    private int t;
    private int c;
    private int heads;
    private int batch;
    private float[] x;          // (T, C)
    private float[] lnOut;      // (T, C)
    private float[] gamma;      // (C)
    private float[] beta;       // (C)
    private float[] mean;       // (T)
    private float[] rstd;       // (T)
    private float[] dout;       // (T, C)
    private float[] dx;         // (T, C)
    private float[] dgamma;     // (C)
    private float[] dbeta;      // (C)
    private float[] h;          // (T, 4C)
    private float[] hOut;       // (T, 4C)
    private float[] dh;         // (T, 4C)
    private float[] qkv;        // (B, T, 3C)
    private float[] y;          // (T, C)
    private float[] att;        // (B, H, T, T)
    private float[] datty;      // (B, T, C)
    private float[] dqkv;       // (B, T, 3C)
    private float[] dRow;       // (B, H, T)

    @Setup
    public void setup() {
        k = KernelChoice.of(kernels);
        Preset p = Preset.MEDIUM;
        t = p.config().contextLength();
        c = p.config().dModel();
        heads = p.config().heads();
        batch = 4;
        SplittableRandom r = new SplittableRandom(2);
        x = KernelChoice.random(r, t * c);
        lnOut = new float[t * c];
        gamma = KernelChoice.random(r, c);
        beta = KernelChoice.random(r, c);
        mean = new float[t];
        rstd = new float[t];
        dout = KernelChoice.random(r, t * c);
        dx = new float[t * c];
        dgamma = new float[c];
        dbeta = new float[c];
        h = KernelChoice.random(r, t * 4 * c);
        hOut = new float[t * 4 * c];
        dh = KernelChoice.random(r, t * 4 * c);
        qkv = KernelChoice.random(r, batch * t * 3 * c);
        y = new float[t * c];
        att = new float[batch * heads * t * t];
        datty = KernelChoice.random(r, batch * t * c);
        dqkv = new float[batch * t * 3 * c];
        dRow = new float[batch * heads * t];
        attentionForward(batch);                    // probabilities for the backward
        k.layerNormForward(lnOut, x, gamma, beta, t, c, mean, rstd);
    }

    @Benchmark
    public float[] layerNormForward() {
        k.layerNormForward(lnOut, x, gamma, beta, t, c, mean, rstd);
        return lnOut;
    }

    @Benchmark
    public float[] layerNormBackward() {
        k.layerNormBackward(dx, dgamma, dbeta, dout, x, gamma, mean, rstd, t, c);
        return dx;
    }

    @Benchmark
    public float[] geluForward() {
        k.geluForward(hOut, h, t * 4 * c);
        return hOut;
    }

    /** In place, as training runs it: the gradient is refreshed from a copy each call. */
    @Benchmark
    public float[] geluBackward() {
        System.arraycopy(h, 0, dh, 0, dh.length);
        k.geluBackward(dh, h, t * 4 * c);
        return dh;
    }

    /** One sequence (B = 1), every head and row, serially on the calling thread. */
    @Benchmark
    public float[] attend() {
        attentionForward(1);
        return y;
    }

    @Benchmark
    public float[] attentionBackward() {
        k.attentionBackward(dqkv, dRow, datty, qkv, att, batch, t, c, heads, par);
        return dqkv;
    }

    private void attentionForward(int sequences) {
        int hd = c / heads;
        int c3 = 3 * c;
        float scale = (float) (1.0 / Math.sqrt(hd));
        for (int b = 0; b < sequences; b++) {
            int base = b * t * c3;
            for (int hh = 0; hh < heads; hh++) {
                for (int row = 0; row < t; row++) {
                    k.attend(y, row * c + hh * hd, qkv, base + row * c3 + hh * hd, qkv, base + c + hh * hd,
                            qkv, base + 2 * c + hh * hd, c3, row + 1, hd, scale, att, ((b * heads + hh) * t + row) * t);
                }
            }
        }
    }
}
