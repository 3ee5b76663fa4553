package dev.modelkit.kernel.memory;

import dev.modelkit.model.Init;
import dev.modelkit.model.Parameter;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.memory.MemoryModel;
import dev.modelkit.model.memory.MemoryReport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openjdk.jol.info.GraphLayout;

import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JOL walks the real heap graph: the predicted "weights incl. JVM overhead" must match it. */
class RetainedSizeTest {

    static {
        // ModelConfig and ParameterSpec are records, and JDK 17's Unsafe refuses field offsets of
        // record fields; JOL then needs its "magic" offset discovery. Set here rather than in the
        // surefire argLine: JOL reads it once, when its VM model first initialises, and this test
        // is the module's only JOL user.
        System.setProperty("jol.magicFieldOffset", "true");
    }

    @ParameterizedTest
    @EnumSource(Preset.class)
    void parameterArraysMatchThePrediction(Preset p) {
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            Transformer model = Transformer.builder().preset(p).init(Init.EAGER).pool(pool).build();
            MemoryReport r = MemoryModel.of(model).report();
            Object[] arrays = model.parameters().stream().map(Parameter::values).toArray();
            long jol = GraphLayout.parseInstance(arrays).totalSize();
            assertEquals(r.weightsWithJvmOverhead(), jol, 0.01 * r.weightsWithJvmOverhead(), p.name());

            // The whole model without its pool: weights plus a few KiB of structure (names, specs, layers).
            long retained = GraphLayout.parseInstance(model).subtract(GraphLayout.parseInstance(pool)).totalSize();
            assertTrue(retained >= jol, retained + " < " + jol);
            assertEquals(r.weightsWithJvmOverhead(), retained, 0.01 * r.weightsWithJvmOverhead(),
                    p.name() + ": retained " + retained + " vs predicted " + r.weightsWithJvmOverhead());
            System.out.printf("%s: predicted weights incl. JVM overhead %,d B; JOL parameter arrays %,d B; "
                    + "JOL model without pool %,d B%n", p, r.weightsWithJvmOverhead(), jol, retained);
        } finally {
            pool.shutdown();
        }
    }
}
