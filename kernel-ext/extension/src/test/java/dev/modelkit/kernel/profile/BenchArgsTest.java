package dev.modelkit.kernel.profile;

import dev.modelkit.model.profile.CreationProfiler;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code %bench} reads key=value and the profiler's command-line spelling alike. */
class BenchArgsTest {

    @Test
    void keyValueAndDashedFormsBuildTheSameProfiler() {
        CreationProfiler kv = BenchMagic.parse(List.of("tiny", "small", "runs=5", "warmup=0", "init=eager,lazy", "gc=false",
                "grads=true", "tied=true"));
        CreationProfiler dashed = BenchMagic.parse(List.of("tiny", "small", "--runs", "5", "--warmup", "0", "--init",
                "eager,lazy", "--no-gc", "--grads", "--tied"));
        assertEquals(kv.cases(), dashed.cases());
        assertEquals(kv.totalBuilds(), dashed.totalBuilds());
        // 2 presets x 2 tying x 2 inits x 2 gradient variants, 5 runs and no warm-up each
        assertEquals(2 * 2 * 2 * 2 * 5, kv.totalBuilds());
        assertEquals(3 * (BenchMagic.WARM_UP + 5), BenchMagic.parse(List.of("--runs", "5")).totalBuilds(),
                "3 presets, the JIT-warming default warm-ups + 5 runs");
        // The reference's method on request: 1 warm-up + 5 runs, with gradients like its builds.
        CreationProfiler reference = BenchMagic.parse(List.of("--reference"));
        assertEquals(3 * 6, reference.totalBuilds(), "3 presets, 1 warm-up + 5 runs");
        assertTrue(reference.cases().stream().allMatch(c -> c.eagerGradients()));
    }

    @Test
    void badValuesAreNamed() {
        String e = assertThrows(IllegalArgumentException.class, () -> BenchMagic.parse(List.of("tiny", "runs=0"))).getMessage();
        assertTrue(e.startsWith("%bench: runs=0 is not allowed; allowed: an integer in 1..2147483647\nusage: %bench"), e);
        e = assertThrows(IllegalArgumentException.class, () -> BenchMagic.parse(List.of("tiny", "--runs", "5", "runs=6"))).getMessage();
        assertTrue(e.contains("'runs' is given twice (--runs 5, runs=6)"), e);
    }
}
