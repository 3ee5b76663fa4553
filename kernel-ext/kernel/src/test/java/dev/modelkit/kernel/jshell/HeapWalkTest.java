package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;

import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

/** The %vars heap walk against JOL's layout of the same object graphs (JOL is test-scope only). */
class HeapWalkTest {

    static {
        System.setProperty("jol.magicFieldOffset", "true"); // records: see RetainedSizeTest
    }

    @Test
    void shallowSizesAreHotSpotsLayout() {
        for (Object o : new Object[] {new Object(), new long[7], new byte[13], new Object[5], "text", 42L,
                new ArrayList<>(List.of(1, 2)), new HashMap<>(Map.of("a", 1))}) {
            assertEquals(org.openjdk.jol.info.ClassLayout.parseInstance(o).instanceSize(), HeapWalk.shallowSize(o),
                    o.getClass().getName());
        }
    }

    @Test
    void aModelRetainsWhatJolCounts() {
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            Transformer model = Transformer.builder().preset(Preset.SMALL).init(Init.EAGER).pool(pool).build();
            long jol = GraphLayout.parseInstance(model).subtract(GraphLayout.parseInstance(pool)).totalSize();
            HeapWalk.Result walk = HeapWalk.retained(List.of(model));
            assertFalse(walk.truncated());
            // The walk does not enter Thread objects (the pool's workers): within 1% of JOL without the pool.
            assertEquals(jol, walk.retained()[0], 0.01 * jol, "walk " + walk.retained()[0] + " vs JOL " + jol);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void sharedObjectsAreChargedToNeitherRoot() {
        long[] shared = new long[10_000];
        List<Object> a = new ArrayList<>(List.of(shared));
        List<Object> b = new ArrayList<>(List.of(shared, new long[100]));
        HeapWalk.Result walk = HeapWalk.retained(List.of(a, b));
        long big = HeapWalk.shallowSize(shared);
        assertEquals(GraphLayout.parseInstance(a).totalSize() - big, walk.retained()[0]);
        assertEquals(GraphLayout.parseInstance(b).totalSize() - big, walk.retained()[1]);
        assertEquals(GraphLayout.parseInstance(a, b).totalSize(), walk.total());
    }
}
