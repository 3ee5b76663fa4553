package dev.modelkit.bench;

import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
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

import java.util.concurrent.TimeUnit;

/**
 * The first MEDIUM build in a fresh JVM, as a notebook user meets it: no warm-up, so the code
 * runs interpreted or freshly compiled and every page of the new tensors is faulted in by the
 * kernel. One shot per fork, many forks: JMH reports min, median and max over the forks.
 * The JVM gets only {@code -Xmx2g} (no pre-touch); pass {@code -jvmArgsAppend} to try others.
 *
 * <p>{@code jit=compiled} first builds TINY models until three in a row take under 1 ms, as the
 * kernel's feature warm-up does before a notebook's first cell: the MEDIUM build then runs compiled
 * code on fresh memory, so what is left is mostly the page faults of its new tensors.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgsAppend = {"-Xmx2g"})
@State(Scope.Benchmark)
public class ColdCreationBenchmark {

    @Param({"MEDIUM"})
    public Preset preset;

    @Param({"EAGER", "PARALLEL", "LAZY"})
    public Init init;

    @Param({"cold", "compiled"})
    public String jit;

    @Setup
    public void compileTheFill() {
        if (!jit.equals("compiled")) {
            return;
        }
        int fastInARow = 0;
        for (int i = 0; i < 200 && fastInARow < 3; i++) {
            long start = System.nanoTime();
            Transformer.builder().preset(Preset.TINY).init(init).build();
            fastInARow = System.nanoTime() - start < 1_000_000 ? fastInARow + 1 : 0;
        }
    }

    @Benchmark
    public Transformer firstBuild() {
        return Transformer.builder().preset(preset).init(init).build();
    }
}
