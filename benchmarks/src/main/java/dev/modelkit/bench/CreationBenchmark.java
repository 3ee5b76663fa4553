package dev.modelkit.bench;

import dev.modelkit.model.Init;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.ParameterSpec;
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

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long it takes to create a model, warm, in one JVM per preset:
 * <ul>
 *   <li>{@code a_floor}: allocate and {@link Arrays#fill} the same tensors, the least any
 *       creation can cost;</li>
 *   <li>{@code b_naive}: the C# reference's way ({@link NaiveReference});</li>
 *   <li>{@code c_eager}, {@code d_parallel}, {@code e_lazy}: {@link Transformer#builder()} with
 *       each {@link Init}.</li>
 * </ul>
 * Names are prefixed so JMH lists them in that order. Run with {@code -prof gc} for the bytes
 * allocated per build ({@code gc.alloc.rate.norm}). The heap is fixed and pre-touched so that the
 * figures measure the code, not the kernel handing out fresh pages (about 10 µs per 4 KiB page on
 * small VMs); {@link ColdCreationBenchmark} measures that first-build case. 2 GiB holds every
 * variant with room to spare and pre-touches in half the time of 4 GiB, which matters with one
 * fork per benchmark and preset.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class CreationBenchmark {

    /** Any non-zero value: the floor must write every element, as an init does. */
    private static final float FILL = 0.01f;

    @Param({"TINY", "SMALL", "MEDIUM"})
    public Preset preset;

    private ModelConfig config;
    private int[] sizes;

    @Setup
    public void setup() {
        config = preset.config();
        List<ParameterSpec> layout = config.layout();
        sizes = new int[layout.size()];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = Math.toIntExact(layout.get(i).numel());
        }
    }

    @Benchmark
    public float[][] a_floor() {
        float[][] tensors = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            float[] t = new float[sizes[i]];
            Arrays.fill(t, FILL);
            tensors[i] = t;
        }
        return tensors;
    }

    @Benchmark
    public NaiveReference.Model b_naive() {
        return NaiveReference.create(config, 42L);
    }

    @Benchmark
    public Transformer c_eager() {
        return Transformer.builder().preset(preset).init(Init.EAGER).build();
    }

    @Benchmark
    public Transformer d_parallel() {
        return Transformer.builder().preset(preset).init(Init.PARALLEL).build();
    }

    @Benchmark
    public Transformer e_lazy() {
        return Transformer.builder().preset(preset).init(Init.LAZY).build();
    }
}
