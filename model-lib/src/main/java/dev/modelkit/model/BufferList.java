package dev.modelkit.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Declares a holder's buffers once: each call records a {@link Buffer} and, unless the list only
 * describes (for a prediction), allocates it. The holder's constructor is thus both its
 * allocation and its published inventory.
 */
final class BufferList {

    private final boolean allocate;
    private final List<Buffer> buffers = new ArrayList<>();

    BufferList(boolean allocate) {
        this.allocate = allocate;
    }

    /** One array of {@code length} floats, or null when only describing. */
    float[] floats(String name, String shape, String what, long length) {
        buffers.add(new Buffer(name, shape, what, length, 1, false));
        return allocate ? new float[Math.toIntExact(length)] : null;
    }

    /** {@code layers} arrays of {@code length} floats each, or null when only describing. */
    float[][] perLayer(String name, String shape, String what, int layers, long length) {
        buffers.add(new Buffer(name, shape, what, length, layers, true));
        return allocate ? new float[layers][Math.toIntExact(length)] : null;
    }

    List<Buffer> list() {
        return Collections.unmodifiableList(buffers);
    }

    static long bytes(List<Buffer> buffers) {
        long sum = 0;
        for (Buffer b : buffers) {
            sum += b.bytes();
        }
        return sum;
    }
}
