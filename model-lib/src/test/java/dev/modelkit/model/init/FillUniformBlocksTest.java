package dev.modelkit.model.init;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link CounterHash#fillUniform} computes in vectorisable blocks; these tests hold it to the
 * plain per-element definition, bit for bit, for every kind of range a chunked fill produces.
 */
class FillUniformBlocksTest {

    /** The definition, written out plainly: lowbias32 of (i * mul) ^ xor, top 24 bits, scaled. */
    private static float expected(int i, long key, float bound) {
        int mul = (int) (key >>> 32) | 1;
        int x = (i * mul) ^ (int) key;
        x ^= x >>> 16;
        x *= 0x7FEB352D;
        x ^= x >>> 15;
        x *= 0x846CA68B;
        x ^= x >>> 16;
        float v = (float) (x >>> 8);
        return v * (bound * 0x1p-23f) - bound;
    }

    @Test
    void everyRangeMatchesThePerElementDefinitionBitForBit() {
        SplittableRandom rnd = new SplittableRandom(7);
        int n = 5000;
        float[] expected = new float[n];
        for (int trial = 0; trial < 200; trial++) {
            long key = rnd.nextLong();
            float bound = trial % 2 == 0 ? 0.02f : (float) Math.sqrt(6.0 / (1 + rnd.nextInt(4096)));
            int from = trial < 20 ? trial : rnd.nextInt(n);
            int to = trial < 20 ? n - trial : from + rnd.nextInt(n - from + 1);
            float[] dst = new float[n];
            Arrays.fill(dst, Float.NaN);
            CounterHash.fillUniform(dst, from, to, key, bound);
            Arrays.fill(expected, Float.NaN);
            for (int i = from; i < to; i++) {
                expected[i] = expected(i, key, bound);
            }
            // assertArrayEquals on floats compares bits (floatToIntBits), NaN outside the range included.
            assertArrayEquals(expected, dst, "key " + key + " range [" + from + ", " + to + ")");
        }
    }

    @Test
    void splittingARangeAnywhereGivesTheSameValues() {
        long key = CounterHash.tensorKey(42, "blocks.0.mlp.fc1.weight");
        float[] whole = new float[3 * 1024 + 17];
        CounterHash.fillUniform(whole, 0, whole.length, key, 0.05f);
        for (int cut : new int[] {1, 63, 64, 1023, 1024, 1025, 2048, whole.length - 1}) {
            float[] parts = new float[whole.length];
            CounterHash.fillUniform(parts, cut, whole.length, key, 0.05f);
            CounterHash.fillUniform(parts, 0, cut, key, 0.05f);
            assertArrayEquals(whole, parts, "cut at " + cut);
        }
    }

    @Test
    void valuesStayInsideTheBoundAndReachBothEnds() {
        float bound = 0.02f;
        float[] v = new float[1 << 16];
        CounterHash.fillUniform(v, 0, v.length, CounterHash.tensorKey(1, "tok_emb"), bound);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        double sum = 0;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
        }
        assertEquals(-bound, min, bound * 1e-3);
        assertEquals(bound, max, bound * 1e-3);
        assertEquals(true, max < bound, "upper end is open");
        assertEquals(0.0, sum / v.length, bound * 0.01);
    }
}
