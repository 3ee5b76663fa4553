package dev.modelkit.kernel.jshell;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryNotificationInfo;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import javax.management.NotificationEmitter;

/**
 * Stops a cell before it exhausts the heap. When the heap is still over {@link #PERCENT}% full
 * right after a collection, the JVM's memory notification calls back here and the running cell
 * is stopped, dropping what it held. Without this, whichever thread allocates at the moment of
 * exhaustion gets the OutOfMemoryError, and if that is one of the kernel's socket threads the
 * kernel dies with the cell.
 */
final class HeapGuard {

    static final int PERCENT = 90;

    private HeapGuard() {
    }

    /** Watches the heap pools that support collection thresholds; {@code onExhaustion} runs on the JMX notification thread. */
    static boolean install(Runnable onExhaustion) {
        boolean watching = false;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            long max = pool.getUsage().getMax();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported() && max > 0) {
                pool.setCollectionUsageThreshold(max / 100 * PERCENT);
                watching = true;
            }
        }
        if (watching && ManagementFactory.getMemoryMXBean() instanceof NotificationEmitter emitter) {
            emitter.addNotificationListener((notification, handback) -> {
                if (MemoryNotificationInfo.MEMORY_COLLECTION_THRESHOLD_EXCEEDED.equals(notification.getType())) {
                    onExhaustion.run();
                }
            }, null, null);
            return true;
        }
        return false;
    }
}
