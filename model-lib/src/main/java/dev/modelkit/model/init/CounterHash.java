package dev.modelkit.model.init;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;

/**
 * Stateless random numbers: a value is a hash of (key, index), so any element of any tensor can
 * be computed on its own, in any order, on any thread, with the same result. That is what makes
 * EAGER, LAZY and PARALLEL initialisation bit-identical.
 *
 * <p>The 32-bit finaliser is Chris Wellons' "lowbias32" (two multiplies, three xor-shifts); the
 * element index goes through a per-tensor odd multiplier and xor key first, so two tensors never
 * see shifted copies of one stream. {@link #fillUniform} is laid out so that C2 vectorises it.
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
     * (key, i). The sample is the hash's top 24 bits, so it has full float precision:
     * {@code dst[i] = (float) (hash(i) >>> 8) * (bound * 2^-23) - bound}.
     */
    public static void fillUniform(float[] dst, int from, int to, long key, float bound) {
        int mul = (int) (key >>> 32) | 1;
        int xor = (int) key;
        float scale = bound * 0x1p-23f;
        if (to - from < SHORT) {
            fillScalar(dst, from, to, mul, xor, scale, bound);
            return;
        }
        Scratch s = SCRATCH.get();
        for (int base = from; base < to; base += BLOCK) {
            int n = Math.min(BLOCK, to - base);
            hashBlock(s.bits, base, n, mul, xor);
            // Reinterpret the int bits as floats in place: bulk copies through a native-order buffer.
            s.ints.clear();
            s.ints.put(s.bits, 0, n);
            s.floats.clear();
            s.floats.get(dst, base, n);
            scaleBlock(dst, base, base + n, scale, bound);
        }
    }

    // Why blocks: C2 in JDK 17 vectorises the integer hash (16 lanes with AVX-512) only when the
    // counter comes from an array, not from the loop variable; it never vectorises an int-to-float
    // conversion, which alone costs more than the hash. So each block runs three vectorisable
    // steps: hash base + IOTA[j] into int bits that already are floats (in a small scratch array),
    // reinterpret them by a bulk copy into dst, and finish in place in float arithmetic. Every step
    // is exact, so the result is bit-identical to fillScalar (see scaleBlock).

    /** Elements per block: the scratch stays in L1 (8 KiB per thread). */
    private static final int BLOCK = 1024;
    /** Ranges shorter than this take the plain loop (a block has a fixed cost per call). */
    private static final int SHORT = 64;
    /** 0, 1, ..., BLOCK-1: the counter as array data, which C2 vectorises. */
    private static final int[] IOTA = new int[BLOCK];

    static {
        for (int j = 0; j < BLOCK; j++) {
            IOTA[j] = j;
        }
    }

    /** Per-thread scratch, so that filling allocates nothing per call. */
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final class Scratch {
        final int[] bits = new int[BLOCK];
        final IntBuffer ints;
        final FloatBuffer floats;

        Scratch() {
            ByteBuffer bytes = ByteBuffer.allocate(4 * BLOCK).order(ByteOrder.nativeOrder());
            ints = bytes.asIntBuffer();
            floats = bytes.asFloatBuffer();
        }
    }

    /** The 32-bit hash of element i: lowbias32 of (i * mul) ^ xor. */
    private static int hash(int i, int mul, int xor) {
        int x = (i * mul) ^ xor;
        x ^= x >>> 16;
        x *= 0x7FEB352D;
        x ^= x >>> 15;
        x *= 0x846CA68B;
        x ^= x >>> 16;
        return x;
    }

    private static void fillScalar(float[] dst, int from, int to, int mul, int xor, float scale, float bound) {
        for (int i = from; i < to; i++) {
            // (x >>> 8) is in [0, 2^24), so the conversion is exact.
            dst[i] = ((hash(i, mul, xor) >>> 8) * scale) - bound;
        }
    }

    /**
     * The 24-bit sample v = x >>> 8 as float bits g: magnitude a = 2^23 + (v's low 23 bits),
     * which 0x4B000000 | low23 encodes exactly, and the sign set when v's top bit is clear.
     */
    private static void hashBlock(int[] bits, int base, int n, int mul, int xor) {
        for (int j = 0; j < n; j++) {
            int x = ((base + IOTA[j]) * mul) ^ xor;
            x ^= x >>> 16;
            x *= 0x7FEB352D;
            x ^= x >>> 15;
            x *= 0x846CA68B;
            x ^= x >>> 16;
            bits[j] = (~x & 0x80000000) | 0x4B000000 | ((x >>> 8) & 0x7FFFFF);
        }
    }

    /**
     * Decodes g into (float) v, exactly: v = (a - 2^23) + (top bit ? 2^23 : 0), where the second
     * term is (g + a) / 2a * 2^23, that is 1 * 2^23 for g > 0 and 0 for g < 0 (a vector divide
     * is cheaper here than Math.min). Every result is representable, so nothing rounds; then it
     * scales as fillScalar does.
     */
    private static void scaleBlock(float[] g, int from, int to, float scale, float bound) {
        for (int j = from; j < to; j++) {
            float a = Math.abs(g[j]);
            float v = (a - 0x1p23f) + ((g[j] + a) / (a + a)) * 0x1p23f;
            g[j] = (v * scale) - bound;
        }
    }
}
