package dev.modelkit.bench;

import dev.modelkit.model.Preset;
import dev.modelkit.model.Sampler;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.train.AdamW;
import dev.modelkit.model.train.Trainer;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The ModelKit side of the peer benchmark against PyTorch ({@code benchmarks/peer/run} runs both,
 * interleaved, and prints the comparison). Each figure: warm-up runs, then timed runs, reported as
 * the median. Output lines {@code RESULT <name> <median> <unit> <min> <max> <runs>} are what the
 * report reads; {@code benchmarks/peer/torch_gpt.py} prints the same names for the same work:
 * <ul>
 *   <li>{@code create_<PRESET>}: {@code Transformer.builder().preset(p).build()}, ms;</li>
 *   <li>{@code forward_MEDIUM_T128}: {@code forward(tokens, logits)} on 128 tokens, ms;</li>
 *   <li>{@code generate_MEDIUM}: prompt of 16, 112 new tokens, greedy, KV cache, tokens/s of the
 *       new tokens over the whole call (prefill included);</li>
 *   <li>{@code train_TINY_B8_T64}, {@code train_SMALL_B8_T128}: one AdamW step, tokens/s.</li>
 * </ul>
 * Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.modelkit.bench.PeerMain [--runs 7] [--warmup 3]
 * [--warmup-seconds 2]}: warm-up runs go on until both counts are reached, so that C2 has compiled the
 * kernels before timing starts (3 runs of a 30 ms forward are over before it has), as they do in torch_gpt.py.
 */
public final class PeerMain {

    private PeerMain() {
    }

    public static void main(String[] args) {
        int runs = 7;
        int warmup = 3;
        double warmupSeconds = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = positive("--runs", args[++i]);
                case "--warmup" -> warmup = positive("--warmup", args[++i]);
                case "--warmup-seconds" -> warmupSeconds = seconds("--warmup-seconds", args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; allowed: --runs N, --warmup N, --warmup-seconds S");
            }
        }
        System.out.printf(Locale.ROOT, "# ModelKit: JDK %s, %d CPUs, JVM flags %s, kernels %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments(),
                dev.modelkit.model.ops.Kernels.best().name());

        for (Preset p : Preset.reference()) {
            double[] ms = time(runs, warmup, warmupSeconds, () -> Transformer.builder().preset(p).build());
            report("create_" + p, ms, 1, "ms");
        }

        Transformer medium = Transformer.builder().preset(Preset.MEDIUM).build();
        int ctx = medium.config().contextLength();
        int vocab = medium.config().vocabSize();
        int[] tokens = tokens(new SplittableRandom(1), ctx, vocab);
        float[] logits = new float[ctx * vocab];
        report("forward_MEDIUM_T" + ctx, time(runs, warmup, warmupSeconds, () -> medium.forward(tokens, logits)), 1, "ms");

        int[] prompt = Arrays.copyOf(tokens, 16);
        int newTokens = ctx - prompt.length;
        Sampler greedy = Sampler.greedy();
        double[] gen = time(runs, warmup, warmupSeconds, () -> medium.generate(prompt, newTokens, greedy));
        report("generate_MEDIUM", gen, newTokens, "tokens/s");

        train(Preset.TINY, 8, 64, runs, warmup, warmupSeconds);
        train(Preset.SMALL, 8, 128, runs, warmup, warmupSeconds);
    }

    private static void train(Preset preset, int batch, int seq, int runs, int warmup, double warmupSeconds) {
        Transformer m = Transformer.builder().preset(preset).build();
        Trainer trainer = Trainer.of(m, AdamW.builder().learningRate(3e-4).weightDecay(0.1).build());
        int v = m.config().vocabSize();
        SplittableRandom r = new SplittableRandom(7);
        int[][] inputs = new int[batch][];
        int[][] targets = new int[batch][];
        for (int b = 0; b < batch; b++) {
            inputs[b] = tokens(r, seq, v);
            targets[b] = tokens(r, seq, v);
        }
        double[] ms = time(runs, warmup, warmupSeconds, () -> trainer.step(inputs, targets));
        report("train_" + preset + "_B" + batch + "_T" + seq, ms, batch * seq, "tokens/s");
    }

    private static int[] tokens(SplittableRandom r, int n, int vocab) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(vocab);
        }
        return t;
    }

    /** Milliseconds per timed run, after at least {@code warmup} runs and {@code warmupSeconds} of warm-up. */
    private static double[] time(int runs, int warmup, double warmupSeconds, Runnable body) {
        long warmUntil = System.nanoTime() + (long) (warmupSeconds * 1e9);
        for (int i = 0; i < warmup || System.nanoTime() < warmUntil; i++) {
            body.run();
        }
        double[] ms = new double[runs];
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            body.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return ms;
    }

    /** {@code units} > 1 turns times into a rate: units per second. */
    private static void report(String name, double[] ms, int units, String unit) {
        double[] v = new double[ms.length];
        for (int i = 0; i < ms.length; i++) {
            v[i] = unit.equals("ms") ? ms[i] : units / (ms[i] / 1e3);
        }
        Arrays.sort(v);
        System.out.printf(Locale.ROOT, "RESULT %s %.4f %s %.4f %.4f %d%n", name, v[v.length / 2], unit,
                v[0], v[v.length - 1], v.length);
    }

    private static double seconds(String option, String value) {
        double s = Double.parseDouble(value);
        if (!(s >= 0 && s <= 600)) {
            throw new IllegalArgumentException(option + " = " + value + " is out of range; allowed: 0..600");
        }
        return s;
    }

    private static int positive(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException(option + " = " + value + " is out of range; allowed: 1..1000");
        }
        return n;
    }
}
