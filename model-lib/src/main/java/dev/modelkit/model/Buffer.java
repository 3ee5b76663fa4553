package dev.modelkit.model;

/**
 * One fp32 scratch buffer the model holds, as its owner publishes it ({@link Workspace#inventory},
 * {@link KvCache#inventory}): the memory report folds these lists instead of mirroring them.
 *
 * @param name     e.g. {@code qkv}
 * @param shape    symbolic, e.g. {@code (T, 3C)}
 * @param what     what it holds
 * @param length   floats per array
 * @param arrays   how many such arrays (L for a per-layer buffer)
 * @param perLayer true: held as {@code float[L][length]} (one more reference array)
 */
public record Buffer(String name, String shape, String what, long length, int arrays, boolean perLayer) {

    /** Bytes of float data, array headers not counted. */
    public long bytes() {
        return 4 * length * arrays;
    }

    @Override
    public String toString() {
        return name + " " + shape + (perLayer ? " x" + arrays : "") + " = " + ByteSize.format(bytes());
    }
}
