package dev.modelkit.model.profile;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Collection count and accumulated time summed over every {@link GarbageCollectorMXBean}. A
 * difference of two readings says whether (and for how long, as the collector reports it) the
 * JVM collected while a build ran.
 */
final class GcMeter {

    private final List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();

    /** {count, millis} summed over all collectors; a collector that does not report adds 0. */
    long[] read() {
        long count = 0, millis = 0;
        for (GarbageCollectorMXBean b : beans) {
            count += Math.max(0, b.getCollectionCount());
            millis += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** Collector names, e.g. "G1 Young Generation, G1 Old Generation". */
    String names() {
        StringBuilder sb = new StringBuilder();
        for (GarbageCollectorMXBean b : beans) {
            sb.append(sb.length() == 0 ? "" : ", ").append(b.getName());
        }
        return sb.toString();
    }
}
