package dev.modelkit.model.profile;

import dev.modelkit.model.ops.Kernels;
import dev.modelkit.model.ops.Parallel;

import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * A short probe of this machine's two roofline ceilings, as this JVM reaches them: compute, the
 * best GFLOP/s of the model's own matmul kernel on a square product large enough to be compute
 * bound; memory, the best GB/s of copying an array far larger than the caches. Best of a few
 * repetitions, because on a shared machine the median mostly measures the neighbours.
 *
 * @param peakGflops   best matmul GFLOP/s (2 FLOPs per multiply-add)
 * @param bandwidthGBs best copy GB/s (bytes read plus bytes written)
 * @param kernels      the kernel set whose matmul was timed
 * @param threads      threads the matmul ran on
 */
public record MachineProbe(double peakGflops, double bandwidthGBs, String kernels, int threads) {

    /** Measures both ceilings; takes one to two seconds. */
    public static MachineProbe measure() {
        Kernels k = Kernels.best();
        Parallel par = new Parallel(ForkJoinPool.commonPool());
        int n = 384;  // (n, n) x (n, n): 113 MFLOP per product, operands in L2
        float[] a = random(n * n, 1), w = random(n * n, 2), out = new float[n * n];
        double best = 0;
        long start = System.nanoTime();
        // At least 40 products and a second: the first ones run while the JIT compiles the kernel,
        // and on a busy machine only some repetitions get both cores.
        for (int i = 0; i < 40 || System.nanoTime() - start < 1_000_000_000L; i++) {
            long t0 = System.nanoTime();
            k.matmulForward(out, a, w, null, n, n, n, par);
            long dt = System.nanoTime() - t0;
            if (i >= 10) {
                best = Math.max(best, 2.0 * n * n * n / dt);
            }
            if (i > 400) {
                break;
            }
        }
        float[] src = random(16 << 20, 3), dst = new float[src.length];  // 64 MiB each
        double bw = 0;
        for (int i = 0; i < 6; i++) {
            long t0 = System.nanoTime();
            System.arraycopy(src, 0, dst, 0, src.length);
            long dt = System.nanoTime() - t0;
            if (i >= 1) {  // the first copy also faults the destination's pages in
                bw = Math.max(bw, 8.0 * src.length / dt);
            }
        }
        return new MachineProbe(best, bw, k.name(), ForkJoinPool.commonPool().getParallelism() + 1);
    }

    /** Arithmetic intensity (FLOP per byte) where the two ceilings meet. */
    public double ridgeFlopsPerByte() {
        return peakGflops / bandwidthGBs;
    }

    /** The roofline: the most GFLOP/s an op of this intensity can reach. */
    public double attainableGflops(double flopsPerByte) {
        return Math.min(peakGflops, bandwidthGBs * flopsPerByte);
    }

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() - 0.5);
        }
        return x;
    }
}
