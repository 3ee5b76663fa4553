package dev.modelkit.model.cli;

import dev.modelkit.model.Preset;
import dev.modelkit.model.Sampler;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.checkpoint.Checkpoint;
import dev.modelkit.model.train.AdamW;
import dev.modelkit.model.train.CharTokenizer;
import dev.modelkit.model.train.TextDataset;
import dev.modelkit.model.train.Trainer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

/**
 * Trains a preset model on the shipped corpus and prints the loss curve and a sample.
 *
 * <pre>
 * java [--add-modules jdk.incubator.vector] -cp model-lib/target/classes dev.modelkit.model.cli.TrainMain --steps 300
 *   [--preset tiny] [--batch 8] [--seq 64] [--lr 1e-3] [--seed 42] [--threads N]
 *   [--log-every 25] [--sample 300] [--save tiny.safetensors]
 * </pre>
 */
public final class TrainMain {

    private TrainMain() {
    }

    public static void main(String[] args) throws IOException {
        int steps = 300;
        Preset preset = Preset.TINY;
        int batch = 8;
        Integer seq = null;
        double lr = 1e-3;
        long seed = 42;
        int threads = Runtime.getRuntime().availableProcessors();
        int logEvery = 25;
        int sample = 300;
        Path save = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                throw new IllegalArgumentException(a + ": missing value");
            }
            switch (a) {
                case "--steps" -> steps = Integer.parseInt(v);
                case "--preset" -> preset = Preset.parse(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--seq" -> seq = Integer.parseInt(v);
                case "--lr" -> lr = Double.parseDouble(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--log-every" -> logEvery = Integer.parseInt(v);
                case "--sample" -> sample = Integer.parseInt(v);
                case "--save" -> save = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a + "; allowed: --steps, "
                        + "--preset, --batch, --seq, --lr, --seed, --threads, --log-every, --sample, --save");
            }
            i++;
        }
        String text = TextDataset.tinyCorpus();
        CharTokenizer tok = CharTokenizer.fit(text);
        ForkJoinPool pool = new ForkJoinPool(threads);
        Transformer m = Transformer.builder().preset(preset).vocabSize(tok.vocabSize()).seed(seed).pool(pool).build();
        int t = seq != null ? seq : m.config().contextLength();
        TextDataset data = new TextDataset(tok.encode(text), seed);
        AdamW opt = AdamW.builder().learningRate(lr).weightDecay(0.1).build();
        Trainer trainer = Trainer.of(m, opt);
        System.out.printf(Locale.ROOT, "%s%ncorpus: %,d chars, vocab %d; batch %d x %d tokens; %s; %d threads, %s kernels%n",
                m, text.length(), tok.vocabSize(), batch, t, opt, threads, trainer.kernels().name());

        float first = Float.NaN;
        float last = Float.NaN;
        double window = 0;
        int inWindow = 0;
        double firstMean = Double.NaN;
        double lastMean = Double.NaN;
        long start = System.nanoTime();
        for (int step = 1; step <= steps; step++) {
            TextDataset.Batch b = data.next(batch, t);
            last = trainer.step(b.inputs(), b.targets());
            window += last;
            inWindow++;
            if (step == 1) {
                first = last;
            }
            if (step == 1 || step % logEvery == 0 || step == steps) {
                double s = (System.nanoTime() - start) / 1e9;
                lastMean = window / inWindow;
                if (step > 1 && Double.isNaN(firstMean)) {
                    firstMean = lastMean;
                }
                System.out.printf(Locale.ROOT, "step %5d  loss %.4f  (mean of the last %d steps %.4f)  %.1f s%n",
                        step, last, inWindow, lastMean, s);
                window = 0;
                inWindow = 0;
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "first loss %.4f, last loss %.4f (ln V = %.4f); mean loss of the first "
                        + "and last logged windows %.4f -> %.4f%n%d steps in %.1f s, %.0f ms/step, %,.0f tokens/s%n",
                first, last, Math.log(tok.vocabSize()), firstMean, lastMean, steps, secs,
                1000 * secs / steps, (double) steps * batch * t / secs);
        System.out.printf(Locale.ROOT, "memory: weights %s, gradients %s, AdamW %s, activations %s%n",
                fmt(m.weightBytes()), fmt(trainer.gradients().bytes()), fmt(opt.stateBytes()),
                fmt(trainer.activations().bytes()));
        if (sample > 0) {
            int[] prompt = tok.encode("Shall I ");
            long g0 = System.nanoTime();
            int[] out = m.generate(prompt, sample, Sampler.topK(10, 0.8, seed));
            double gs = (System.nanoTime() - g0) / 1e9;
            System.out.printf(Locale.ROOT, "--- sample (top-k 10, temperature 0.8, %d tokens in %.2f s) ---%n%s%s%n---%n",
                    sample, gs, tok.decode(prompt), tok.decode(out));
        }
        if (save != null) {
            Checkpoint.save(m, save, Map.of("tokenizer.alphabet", tok.alphabet()));
            System.out.println("saved " + save.toAbsolutePath());
        }
        pool.shutdown();
    }

    private static String fmt(long bytes) {
        return dev.modelkit.model.ByteSize.format(bytes);
    }
}
