package dev.modelkit.model.init;

/**
 * Stateless random numbers: a value is a hash of (key, index), so any element of any tensor can
 * be computed on its own, in any order, on any thread, with the same result. That is what makes
 * EAGER, LAZY and PARALLEL initialisation bit-identical.
 *
 * <p>The 32-bit finaliser is Chris Wellons' "lowbias32" (two multiplies, three xor-shifts); the
 * element index goes through a per-tensor odd multiplier and xor key first, so two tensors never
 * see shifted copies of one stream. Integer-only loops like this are auto-vectorised by C2.
 */
public final class CounterHash {

    private CounterHash() {
    }

    /** SplitMix64's finaliser: a strong 64-bit mix, used once per tensor to derive its keys. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 64-bit FNV-1a of a name; stable across JVMs (unlike identity hashes). */
    public static long nameHash(String name) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x100000001B3L;
        }
        return h;
    }

    /** The per-tensor key: 64 bits split into an odd multiplier (high) and an xor key (low). */
    public static long tensorKey(long seed, String name) {
        return mix64(mix64(seed) ^ nameHash(name));
    }

    /**
     * Fills {@code dst[from, to)} with U[-bound, bound): element i is a pure function of
     * (key, i). The sample is the hash's top 24 bits, so it has full float precision.
     */
    public static void fillUniform(float[] dst, int from, int to, long key, float bound) {
        int mul = (int) (key >>> 32) | 1;
        int xor = (int) key;
        float scale = bound * 0x1p-23f;
        for (int i = from; i < to; i++) {
            int x = (i * mul) ^ xor;
            x ^= x >>> 16;
            x *= 0x7FEB352D;
            x ^= x >>> 15;
            x *= 0x846CA68B;
            x ^= x >>> 16;
            // (x >>> 8) is in [0, 2^24); times 2^-23 minus 1 is exact and lies in [-1, 1).
            dst[i] = ((x >>> 8) * scale) - bound;
        }
    }
}
