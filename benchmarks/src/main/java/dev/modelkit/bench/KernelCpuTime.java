package dev.modelkit.bench;

import dev.modelkit.model.Preset;
import dev.modelkit.model.ops.Parallel;
import dev.modelkit.model.ops.Kernels;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * Each kernel's rate per CPU-second of one thread, scalar and vector, on MEDIUM shapes: the kernel
 * runs on a pool of one (so on the calling thread), timed by that thread's CPU time, the best of 5
 * rounds. On a shared machine this is what a wall-clock benchmark cannot give: the time-slicing by
 * other processes is not counted (their cache pollution still is). It is a per-core figure; two
 * cores give at most twice it. The JMH benchmarks ({@link MatmulBenchmark}, {@link OpsBenchmark})
 * are the wall-clock, 2-thread figures.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.modelkit.bench.KernelCpuTime</pre>
 */
public final class KernelCpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private KernelCpuTime() {
    }

    public static void main(String[] args) {
        Kernels[] sets = Kernels.vector().isPresent()
                ? new Kernels[] {Kernels.scalar(), Kernels.vector().get()} : new Kernels[] {Kernels.scalar()};
        ForkJoinPool pool = new ForkJoinPool(1);
        Parallel one = new Parallel(pool);
        Preset p = Preset.MEDIUM;
        int d = p.config().dModel();
        int t = p.config().contextLength();
        int heads = p.config().heads();
        String[] names = {"qkv", "proj", "fc1", "fc2", "head"};
        System.out.printf(Locale.ROOT, "| kernel | shape | %s |%n", String.join(" | ", labels(sets)));
        System.out.printf(Locale.ROOT, "|---|---|%s%n", "---:|".repeat(sets.length + (sets.length > 1 ? 1 : 0)));
        SplittableRandom r = new SplittableRandom(3);
        for (int rows : new int[] {t, 1}) {
            for (String name : names) {
                int[] s = MatmulBenchmark.shape(name, p);
                int c = s[0], oc = s[1];
                float[] inp = KernelChoice.random(r, rows * c), w = KernelChoice.random(r, oc * c);
                float[] b = KernelChoice.random(r, oc), out = new float[rows * oc];
                double flops = 2.0 * rows * c * oc;
                row("matmulForward " + name, rows + "×" + c + "→" + oc, sets, flops, "GFLOP/s",
                        k -> () -> k.matmulForward(out, inp, w, b, rows, c, oc, one));
            }
        }
        int n = 512;
        for (String name : names) {
            int[] s = MatmulBenchmark.shape(name, p);
            int c = s[0], oc = s[1];
            float[] inp = KernelChoice.random(r, n * c), w = KernelChoice.random(r, oc * c), dout = KernelChoice.random(r, n * oc);
            float[] di = new float[n * c], dw = new float[oc * c], db = new float[oc];
            row("matmulBackward " + name, n + "×" + c + "→" + oc, sets, 4.0 * n * c * oc, "GFLOP/s",
                    k -> () -> k.matmulBackward(di, dw, db, dout, inp, w, n, c, oc, one));
        }
        float[] x = KernelChoice.random(r, t * d), g = KernelChoice.random(r, d), be = KernelChoice.random(r, d);
        float[] ln = new float[t * d], mean = new float[t], rstd = new float[t], dx = new float[t * d];
        float[] dg = new float[d], db = new float[d], dy = KernelChoice.random(r, t * d);
        Kernels.scalar().layerNormForward(ln, x, g, be, t, d, mean, rstd);
        row("layerNormForward", t + "×" + d, sets, t * d, "G elem/s",
                k -> () -> k.layerNormForward(ln, x, g, be, t, d, mean, rstd));
        row("layerNormBackward", t + "×" + d, sets, t * d, "G elem/s",
                k -> () -> k.layerNormBackward(dx, dg, db, dy, x, g, mean, rstd, t, d));
        float[] h = KernelChoice.random(r, t * 4 * d), hOut = new float[t * 4 * d], dh = KernelChoice.random(r, t * 4 * d);
        row("geluForward", t + "×" + 4 * d, sets, t * 4 * d, "G elem/s", k -> () -> k.geluForward(hOut, h, t * 4 * d));
        float[] dh0 = dh.clone();
        // In place: refreshed from a copy each call, or repeated products drift into denormals (slow);
        // the copy (768 KB) is included in the time.
        row("geluBackward (+ copy)", t + "×" + 4 * d, sets, t * 4 * d, "G elem/s", k -> () -> {
            System.arraycopy(dh0, 0, dh, 0, dh.length);
            k.geluBackward(dh, h, t * 4 * d);
        });
        int hd = d / heads, c3 = 3 * d, batch = 4;
        float scale = (float) (1.0 / Math.sqrt(hd));
        float[] qkv = KernelChoice.random(r, batch * t * c3), y = new float[batch * t * d];
        float[] att = new float[batch * heads * t * t], datty = KernelChoice.random(r, batch * t * d);
        float[] dqkv = new float[qkv.length], dRow = new float[batch * heads * t];
        double attFlops = 4.0 * hd * t * (t + 1) / 2 * heads;
        row("attend (all rows, heads)", "T=" + t + ", " + heads + "×" + hd, sets, attFlops, "GFLOP/s", k -> () -> {
            for (int hh = 0; hh < heads; hh++) {
                for (int row = 0; row < t; row++) {
                    k.attend(y, row * d + hh * hd, qkv, row * c3 + hh * hd, qkv, d + hh * hd, qkv, 2 * d + hh * hd,
                            c3, row + 1, hd, scale, att, (hh * t + row) * t);
                }
            }
        });
        for (int b = 0; b < batch; b++) {                       // probabilities of every sequence for the backward
            for (int hh = 0; hh < heads; hh++) {
                for (int row = 0; row < t; row++) {
                    int base = b * t * c3;
                    Kernels.scalar().attend(y, (b * t + row) * d + hh * hd, qkv, base + row * c3 + hh * hd, qkv,
                            base + d + hh * hd, qkv, base + 2 * d + hh * hd, c3, row + 1, hd, scale, att,
                            ((b * heads + hh) * t + row) * t);
                }
            }
        }
        row("attentionBackward", "B=" + batch + ", T=" + t + ", " + heads + "×" + hd, sets, 2 * attFlops * batch, "GFLOP/s",
                k -> () -> k.attentionBackward(dqkv, dRow, datty, qkv, att, batch, t, d, heads, one));
        pool.shutdown();
    }

    private static String[] labels(Kernels[] sets) {
        String[] l = new String[sets.length + (sets.length > 1 ? 1 : 0)];
        for (int i = 0; i < sets.length; i++) {
            l[i] = sets[i].name();
        }
        if (sets.length > 1) {
            l[sets.length] = "vector ÷ scalar";
        }
        return l;
    }

    private static void row(String kernel, String shape, Kernels[] sets, double work, String unit,
                            java.util.function.Function<Kernels, Runnable> call) {
        StringBuilder sb = new StringBuilder();
        double[] rates = new double[sets.length];
        for (int i = 0; i < sets.length; i++) {
            double secs = bestCpuSeconds(call.apply(sets[i]));
            rates[i] = work / secs / 1e9;
            sb.append(String.format(Locale.ROOT, " %.2f %s (%.1f µs) |", rates[i], unit, secs * 1e6));
        }
        if (sets.length > 1) {
            sb.append(String.format(Locale.ROOT, " %.1f× |", rates[1] / rates[0]));
        }
        System.out.printf(Locale.ROOT, "| %s | %s |%s%n", kernel, shape, sb);
    }

    /** Best of 5 rounds of CPU time per call, after a warm-up of about a second. */
    private static double bestCpuSeconds(Runnable call) {
        long t0 = THREADS.getCurrentThreadCpuTime();
        int reps = 0;
        while (THREADS.getCurrentThreadCpuTime() - t0 < 1_000_000_000L) {
            call.run();
            reps++;
        }
        int perRound = Math.max(1, reps / 5);
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long s = THREADS.getCurrentThreadCpuTime();
            for (int i = 0; i < perRound; i++) {
                call.run();
            }
            best = Math.min(best, (THREADS.getCurrentThreadCpuTime() - s) / 1e9 / perRound);
        }
        return best;
    }
}
