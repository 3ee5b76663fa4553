package dev.modelkit.model;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitTest {

    @Test
    void eagerLazyAndParallelAreBitIdenticalWhateverThePoolSize() {
        ForkJoinPool one = new ForkJoinPool(1);
        ForkJoinPool four = new ForkJoinPool(4);
        try {
            Transformer eager = Transformer.builder().preset(Preset.SMALL).seed(7).init(Init.EAGER).build();
            List<Transformer> others = List.of(
                    Transformer.builder().preset(Preset.SMALL).seed(7).init(Init.LAZY).build(),
                    Transformer.builder().preset(Preset.SMALL).seed(7).init(Init.PARALLEL).pool(one).build(),
                    Transformer.builder().preset(Preset.SMALL).seed(7).init(Init.PARALLEL).pool(four).build(),
                    Transformer.builder().preset(Preset.SMALL).seed(7).init(Init.PARALLEL).build());
            for (Transformer other : others) {
                for (int i = 0; i < eager.tensorCount(); i++) {
                    Parameter expected = eager.parameters().get(i);
                    Parameter actual = other.parameters().get(i);
                    assertEquals(expected.name(), actual.name());
                    // assertArrayEquals on float[] compares bit patterns via Float.floatToIntBits.
                    assertArrayEquals(expected.values(), actual.values(),
                            expected.name() + " differs for " + other.init());
                }
            }
        } finally {
            one.shutdown();
            four.shutdown();
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        float[] a = Transformer.builder().seed(1).build().parameter("tok_emb").values();
        float[] b = Transformer.builder().seed(1).build().parameter("tok_emb").values();
        float[] c = Transformer.builder().seed(2).build().parameter("tok_emb").values();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c));
    }

    @Test
    void aWeightDependsOnItsNameNotOnOtherSizes() {
        // Tying removes the head, and more layers add tensors: the shared tensors keep their values.
        Transformer base = Transformer.builder().preset(Preset.TINY).build();
        Transformer tied = Transformer.builder().preset(Preset.TINY).tieEmbeddings(true).build();
        Transformer deeper = Transformer.builder().preset(Preset.TINY).layers(3).build();
        assertArrayEquals(base.parameter("tok_emb").values(), tied.parameter("tok_emb").values());
        assertArrayEquals(base.parameter("blocks.1.mlp.fc1.weight").values(),
                deeper.parameter("blocks.1.mlp.fc1.weight").values());
    }

    @Test
    void theReferenceSchemeHolds() {
        Transformer m = Transformer.builder().preset(Preset.SMALL).seed(3).build();
        for (Parameter p : m.parameters()) {
            float[] v = p.values();
            switch (p.kind()) {
                case BIAS, NORM_BIAS -> assertAllEqual(p, v, 0f);
                case NORM_GAIN -> assertAllEqual(p, v, 1f);
                case EMBEDDING -> assertUniform(p, v, 0.02);
                case WEIGHT -> {
                    int[] s = p.shape();
                    assertUniform(p, v, Math.sqrt(6.0 / (s[0] + s[1])));
                }
            }
        }
    }

    private static void assertAllEqual(Parameter p, float[] v, float expected) {
        for (float x : v) {
            assertEquals(expected, x, p.name());
        }
    }

    /** Bounds hold exactly; mean and variance match U(-b, b) within sampling error. */
    private static void assertUniform(Parameter p, float[] v, double bound) {
        double sum = 0;
        double sq = 0;
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float x : v) {
            sum += x;
            sq += (double) x * x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        int n = v.length;
        double mean = sum / n;
        double var = sq / n - mean * mean;
        double expectedVar = bound * bound / 3;
        assertTrue(min >= -bound * (1 + 1e-6) && max < bound * (1 + 1e-6), p.name() + " out of bounds");
        // The sample mean of n uniforms has stddev b/sqrt(3n); 6 sigma keeps the test stable.
        assertEquals(0, mean, 6 * bound / Math.sqrt(3.0 * n), p.name() + " mean");
        assertEquals(expectedVar, var, expectedVar * 12 / Math.sqrt(n) + 1e-12, p.name() + " variance");
        assertTrue(max - min > bound * 1.9, p.name() + " does not span its range");
    }

    @Test
    void lazyBuildMaterialisesNothingUntilAsked() {
        Transformer m = Transformer.builder().preset(Preset.MEDIUM).init(Init.LAZY).build();
        assertTrue(m.parameters().stream().noneMatch(Parameter::isMaterialized));
        m.parameter("blocks.3.attn.qkv.weight").values();
        assertEquals(1, m.parameters().stream().filter(Parameter::isMaterialized).count());
        m.forward(new int[] {1, 2, 3});
        assertTrue(m.parameters().stream().allMatch(Parameter::isMaterialized));
    }

    @Test
    void creationAllocatesAboutFourBytesPerParameter() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        Transformer.builder().preset(Preset.MEDIUM).build();   // warm the code path
        long before = threads.getThreadAllocatedBytes(tid);
        Transformer m = Transformer.builder().preset(Preset.MEDIUM).init(Init.EAGER).build();
        long eager = threads.getThreadAllocatedBytes(tid) - before;
        long weights = 4 * m.parameterCount();
        assertTrue(eager >= weights, "allocated " + eager + " < weights " + weights);
        assertTrue(eager <= 1.02 * weights, "EAGER allocated " + eager + " bytes for " + weights
                + " bytes of weights: no gradients or copies may be made at creation");

        before = threads.getThreadAllocatedBytes(tid);
        Transformer lazy = Transformer.builder().preset(Preset.MEDIUM).init(Init.LAZY).build();
        long lazyBytes = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(lazyBytes < 64 * 1024, "LAZY allocated " + lazyBytes + " bytes");
        assertEquals(77, lazy.tensorCount());
    }
}
