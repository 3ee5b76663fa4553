package dev.modelkit.model.train;

import dev.modelkit.model.Preset;
import dev.modelkit.model.Sampler;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.nn.MatMul;
import dev.modelkit.model.nn.Parallel;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

/**
 * Benchmark (not a test): tokens/s of a training step and of generation on Tiny and Small, and
 * the GFLOP/s of the matmul kernels (forward, and the two halves of backward) on the shapes of
 * one Tiny training step, for the scalar kernels and (when the JVM runs with
 * {@code --add-modules jdk.incubator.vector}) the Vector API ones. Each figure: warm-up, then several timed runs reported as
 * min / median / mean / max, with the GC count over the timed runs.
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp model-lib/target/classes dev.modelkit.model.train.TrainBench [--threads N] [--runs 7]
 * </pre>
 */
public final class TrainBench {

    private TrainBench() {
    }

    public static void main(String[] args) {
        int threads = Runtime.getRuntime().availableProcessors();
        int runs = 7;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; allowed: --threads, --runs");
            }
        }
        System.out.printf(Locale.ROOT, "JDK %s, %s, %d CPUs, %d threads, max heap %s, JVM flags %s%n",
                System.getProperty("java.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), threads,
                dev.modelkit.model.ByteSize.format(Runtime.getRuntime().maxMemory()),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        ForkJoinPool pool = new ForkJoinPool(threads);
        for (int th : threads > 1 ? new int[] {1, threads} : new int[] {1}) {
            ForkJoinPool p = th == 1 ? new ForkJoinPool(1) : pool;
            matmuls(new Parallel(p), th, runs);
        }
        for (Preset preset : new Preset[] {Preset.TINY, Preset.SMALL}) {
            trainStep(preset, pool, 8, runs);
            generation(preset, pool, runs);
        }
        pool.shutdown();
    }

    /** The matmul shapes of one Tiny step with B·T = 512 rows: qkv, proj, fc1, fc2, head. */
    private static void matmuls(Parallel par, int threads, int runs) {
        int n = 512;
        int[][] shapes = {{128, 384}, {128, 128}, {128, 512}, {512, 128}, {128, 60}};
        MatMulKernels best = MatMulKernels.best();
        MatMulKernels[] kernels = best == MatMulKernels.scalar()
                ? new MatMulKernels[] {best} : new MatMulKernels[] {MatMulKernels.scalar(), best};
        System.out.printf(Locale.ROOT, "%nmatmul GFLOP/s (median, best), N=%d rows, %d thread(s); forward "
                + "2*N*C*OC flops, backward (dinp + dW) 4*N*C*OC%n", n, threads);
        System.out.printf(Locale.ROOT, "%-12s", "C x OC");
        for (MatMulKernels k : kernels) {
            System.out.printf(Locale.ROOT, " %-24s %-24s", k.name() + " fwd", k.name() + " bwd");
        }
        System.out.println();
        SplittableRandom r = new SplittableRandom(1);
        for (int[] s : shapes) {
            int c = s[0];
            int oc = s[1];
            float[] in = random(r, n * c);
            float[] w = random(r, oc * c);
            float[] b = random(r, oc);
            float[] out = new float[n * oc];
            float[] dout = random(r, n * oc);
            float[] dinp = new float[n * c];
            float[] dw = new float[oc * c];
            float[] db = new float[oc];
            double flops = 2.0 * n * c * oc;
            System.out.printf(Locale.ROOT, "%-12s", c + " x " + oc);
            for (MatMulKernels k : kernels) {
                Stats f = time(runs, 20, () -> k.forward(out, in, w, b, n, c, oc, par));
                Stats bw = time(runs, 20, () -> k.backward(dinp, dw, db, dout, in, w, n, c, oc, par));
                System.out.printf(Locale.ROOT, " %-24s %-24s", f.gflops(flops), bw.gflops(2 * flops));
            }
            System.out.println();
        }
    }

    private static void trainStep(Preset preset, ForkJoinPool pool, int batch, int runs) {
        String text = TextDataset.tinyCorpus();
        CharTokenizer tok = CharTokenizer.fit(text);
        Transformer m = Transformer.builder().preset(preset).vocabSize(tok.vocabSize()).pool(pool).build();
        int t = m.config().contextLength();
        TextDataset data = new TextDataset(tok.encode(text), 1);
        TextDataset.Batch b = data.next(batch, t);
        AdamW opt = AdamW.builder().learningRate(1e-4).build();
        Stats s = time(runs, 3, () -> m.trainStep(b.inputs(), b.targets(), opt));
        double tokens = batch * t;
        System.out.printf(Locale.ROOT, "%n%s train step (%s kernels), B=%d T=%d (%d tokens), ms: %s%n  tokens/s: %s%n"
                        + "  ~%.2f GFLOP/s model flops (6 * params * tokens, attention not counted)%n",
                preset, m.training().kernels().name(), batch, t, batch * t, s.millis(), s.rate(tokens),
                6.0 * m.parameterCount() * tokens / s.median() / 1e9);
    }

    private static void generation(Preset preset, ForkJoinPool pool, int runs) {
        Transformer m = Transformer.builder().preset(preset).pool(pool).build();
        int n = m.config().contextLength() - 1;
        int[] prompt = {1};
        Stats s = time(runs, 3, () -> m.generate(prompt, n, Sampler.greedy()));
        System.out.printf(Locale.ROOT, "%s generate %d tokens (KV cache, greedy), ms: %s%n  tokens/s: %s%n",
                preset, n, s.millis(), s.rate(n));
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() - 0.5);
        }
        return a;
    }

    private static Stats time(int runs, int warmup, Runnable body) {
        for (int i = 0; i < warmup; i++) {
            body.run();
        }
        long gc0 = gcCount();
        double[] secs = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            body.run();
            secs[i] = (System.nanoTime() - t0) / 1e9;
        }
        return new Stats(secs, gcCount() - gc0);
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    /** Seconds per run; figures are min / median / mean / max. */
    private record Stats(double[] secs, long gcs) {
        double median() {
            double[] s = secs.clone();
            Arrays.sort(s);
            return s[s.length / 2];
        }

        String millis() {
            double[] s = secs.clone();
            Arrays.sort(s);
            return String.format(Locale.ROOT, "min %.1f / median %.1f / mean %.1f / max %.1f (%d runs, %d GCs)",
                    1e3 * s[0], 1e3 * s[s.length / 2], 1e3 * Arrays.stream(s).average().orElse(0),
                    1e3 * s[s.length - 1], s.length, gcs);
        }

        String rate(double units) {
            double[] s = secs.clone();
            Arrays.sort(s);
            return String.format(Locale.ROOT, "max %,.0f / median %,.0f / mean %,.0f / min %,.0f",
                    units / s[0], units / s[s.length / 2], units / Arrays.stream(s).average().orElse(1),
                    units / s[s.length - 1]);
        }

        String gflops(double flops) {
            double[] s = secs.clone();
            Arrays.sort(s);
            return String.format(Locale.ROOT, "%.2f (best %.2f)", flops / s[s.length / 2] / 1e9, flops / s[0] / 1e9);
        }
    }
}
