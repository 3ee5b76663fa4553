package dev.modelkit.model.init;

import dev.modelkit.model.ParameterSpec;
import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link ParallelFill} spreads allocation and filling over the caller and a pool; whatever the
 * number of threads, every tensor must equal the one {@link Initializer#create} makes alone.
 */
class ParallelFillThreadsTest {

    @Test
    void anyPoolGivesTheSameTensorsAsCreatingThemOneByOne() {
        Initializer init = new Initializer(1234);
        List<ParameterSpec> specs = Preset.SMALL.config().layout();
        float[][] expected = new float[specs.size()][];
        for (int p = 0; p < specs.size(); p++) {
            expected[p] = init.create(specs.get(p));
        }
        check(expected, ParallelFill.createAll(init, specs, ForkJoinPool.commonPool()), "common pool");
        for (int threads : new int[] {1, 2, 3, 8}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            try {
                check(expected, ParallelFill.createAll(init, specs, pool), threads + " threads");
            } finally {
                pool.shutdown();
            }
        }
    }

    private static void check(float[][] expected, float[][] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int p = 0; p < expected.length; p++) {
            assertArrayEquals(expected[p], actual[p], what + ", tensor " + p);
        }
    }
}
