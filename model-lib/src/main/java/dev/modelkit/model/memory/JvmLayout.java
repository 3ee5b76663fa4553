package dev.modelkit.model.memory;

import com.sun.management.HotSpotDiagnosticMXBean;

import java.lang.management.ManagementFactory;

/**
 * How big a Java array really is: a header (mark word, class pointer, length) before the data,
 * and the whole object padded to the object alignment. On a 64-bit HotSpot with compressed class
 * pointers (the default below 32 GiB of heap) that is a 16-byte header and 8-byte alignment;
 * this class reads the running JVM's flags so the prediction follows {@code -XX} options too.
 */
public final class JvmLayout {

    /** The layout of the JVM this code runs in. */
    public static final JvmLayout CURRENT = detect();

    private final int arrayHeader;
    private final int alignment;
    private final int referenceSize;

    /**
     * @param arrayHeader   bytes before an array's first element
     * @param alignment     object alignment in bytes (a power of two)
     * @param referenceSize bytes of one object reference
     */
    public JvmLayout(int arrayHeader, int alignment, int referenceSize) {
        if (arrayHeader < 0 || alignment < 1 || Integer.bitCount(alignment) != 1 || referenceSize < 1) {
            throw new IllegalArgumentException("JvmLayout(" + arrayHeader + ", " + alignment + ", "
                    + referenceSize + "): allowed: header >= 0, alignment a power of two, reference >= 1");
        }
        this.arrayHeader = arrayHeader;
        this.alignment = alignment;
        this.referenceSize = referenceSize;
    }

    public int arrayHeader() {
        return arrayHeader;
    }

    public int alignment() {
        return alignment;
    }

    public int referenceSize() {
        return referenceSize;
    }

    /** Heap bytes of one array of {@code length} elements of {@code elementSize} bytes. */
    public long arrayBytes(long length, int elementSize) {
        return align(arrayHeader + length * elementSize);
    }

    /** Heap bytes of an array of {@code length} references, e.g. a {@code float[][]}. */
    public long referenceArrayBytes(long length) {
        return arrayBytes(length, referenceSize);
    }

    /** Heap bytes of a plain object with {@code references} reference fields and {@code primitiveBytes} of others. */
    public long objectBytes(int references, int primitiveBytes) {
        // An object header is the array header without the 4-byte length (12 B with compressed class pointers).
        return align(arrayHeader - 4 + (long) references * referenceSize + primitiveBytes);
    }

    /** {@code bytes} rounded up to the object alignment. */
    public long align(long bytes) {
        return (bytes + alignment - 1) & -(long) alignment;
    }

    private static JvmLayout detect() {
        // 64-bit HotSpot defaults; the flags below refine them when the MXBean is there.
        boolean compressedClass = true;
        boolean compressedOops = true;
        int alignment = 8;
        try {
            HotSpotDiagnosticMXBean hs = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            compressedClass = Boolean.parseBoolean(hs.getVMOption("UseCompressedClassPointers").getValue());
            compressedOops = Boolean.parseBoolean(hs.getVMOption("UseCompressedOops").getValue());
            alignment = Integer.parseInt(hs.getVMOption("ObjectAlignmentInBytes").getValue());
        } catch (RuntimeException | LinkageError e) {
            // Not HotSpot, or no management module: keep the defaults.
        }
        // mark word 8 + class pointer (4 compressed, 8 not) + length 4; JDK 17 rounds the array
        // header up to a heap word, so 16 bytes, or 24 without compressed class pointers.
        int header = compressedClass ? 16 : 24;
        return new JvmLayout(header, alignment, compressedOops ? 4 : 8);
    }

    @Override
    public String toString() {
        return "JvmLayout[array header " + arrayHeader + " B, alignment " + alignment + " B, reference "
                + referenceSize + " B]";
    }
}
