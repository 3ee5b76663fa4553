package dev.modelkit.bench;

import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.train.AdamW;
import dev.modelkit.model.train.Trainer;
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
import java.util.concurrent.TimeUnit;

/**
 * One training step (forward, backward, AdamW) on a fixed batch, the JMH replacement of
 * model-lib's hand-rolled {@code TrainBench}: TINY at B = 8, T = 64 and SMALL at B = 8, T = 128,
 * on the common pool (both cores with the caller helping). Tokens per second = B·T / the time.
 * {@code vector} = the JVM has {@code jdk.incubator.vector}, so the model picks the vector kernels;
 * {@code scalar} forks without it.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@State(Scope.Benchmark)
public class TrainStepBenchmark {

    /** TINY_B8_T64 or SMALL_B8_T128. */
    @Param({"TINY_B8_T64", "SMALL_B8_T128"})
    public String work;

    private Trainer trainer;
    private int[][] inputs;
    private int[][] targets;

    @Setup
    public void setup() {
        String[] parts = work.split("_");
        Preset preset = Preset.parse(parts[0]);
        int batch = Integer.parseInt(parts[1].substring(1));
        int seq = Integer.parseInt(parts[2].substring(1));
        Transformer model = Transformer.builder().preset(preset).seed(42).build();
        trainer = Trainer.of(model, AdamW.builder().learningRate(3e-4).weightDecay(0.1).build());
        int v = model.config().vocabSize();
        SplittableRandom r = new SplittableRandom(7);
        inputs = new int[batch][seq];
        targets = new int[batch][seq];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < seq; t++) {
                inputs[b][t] = r.nextInt(v);
                targets[b][t] = r.nextInt(v);
            }
        }
    }

    @Benchmark
    public float step() {
        return trainer.step(inputs, targets);
    }

    /** The same with the Vector API module, so {@code Kernels.best()} is the vector set. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
    public float stepVector() {
        return trainer.step(inputs, targets);
    }
}
