package dev.modelkit.model.profile;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Bytes allocated by every live thread, from HotSpot's per-thread TLAB counters
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes(long[])}).
 *
 * <p>Why all threads and not just the caller: a PARALLEL build allocates its tensors on pool
 * workers. Summing over every live thread catches them without knowing the pool; the price is
 * that any other thread allocating meanwhile (a notebook kernel's heartbeat, say) is counted
 * too, typically a few KiB. A thread that starts during the build counts from zero; one that
 * dies during the build is lost (pool workers outlive a build).
 */
final class AllocationMeter {

    private final com.sun.management.ThreadMXBean bean;

    AllocationMeter() {
        ThreadMXBean b = ManagementFactory.getThreadMXBean();
        com.sun.management.ThreadMXBean sun = b instanceof com.sun.management.ThreadMXBean s ? s : null;
        if (sun != null) {
            try {
                if (sun.isThreadAllocatedMemorySupported() && !sun.isThreadAllocatedMemoryEnabled()) {
                    sun.setThreadAllocatedMemoryEnabled(true);
                }
                if (!sun.isThreadAllocatedMemoryEnabled()) {
                    sun = null;
                }
            } catch (UnsupportedOperationException | SecurityException e) {
                sun = null;
            }
        }
        this.bean = sun;
    }

    boolean supported() {
        return bean != null;
    }

    /**
     * {thread ids, allocated-bytes counters} of every live thread (empty arrays when
     * unsupported). Plain arrays, so that taking the "before" reading adds almost nothing to
     * the bytes it measures.
     */
    long[][] snapshot() {
        if (bean == null) {
            return new long[][] {new long[0], new long[0]};
        }
        long[] ids = bean.getAllThreadIds();
        return new long[][] {ids, bean.getThreadAllocatedBytes(ids)};
    }

    /** Bytes allocated between two snapshots, or -1 when unsupported. */
    long delta(long[][] before, long[][] after) {
        if (bean == null) {
            return -1;
        }
        long sum = 0;
        for (int i = 0; i < after[0].length; i++) {
            if (after[1][i] < 0) {
                continue;  // thread died between listing and reading
            }
            long was = 0;
            for (int j = 0; j < before[0].length; j++) {
                if (before[0][j] == after[0][i]) {
                    was = Math.max(0, before[1][j]);
                    break;
                }
            }
            sum += after[1][i] - was;
        }
        return sum;
    }
}
