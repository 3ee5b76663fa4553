package dev.modelkit.model.profile;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the JVM and the OS had done up to a moment: classes loaded, JIT compilation time, minor
 * page faults (first touches of fresh memory) and collections. The difference of two snapshots
 * around a first build says why it is slower than the warm ones.
 *
 * @param classesLoaded classes loaded since the JVM started
 * @param jitMillis     time the JIT compilers have spent, ms (-1 when the JVM cannot tell)
 * @param minorFaults   minor page faults of this process (-1 off Linux: read from /proc/self/stat)
 * @param gcCount       collections, all collectors
 */
public record JvmCounters(long classesLoaded, long jitMillis, long minorFaults, long gcCount) {

    /** The counters now. */
    public static JvmCounters now() {
        var jit = ManagementFactory.getCompilationMXBean();
        long gcs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs += Math.max(0, gc.getCollectionCount());
        }
        return new JvmCounters(ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount(),
                jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1,
                readMinorFaults(), gcs);
    }

    /** What happened between {@code before} and this snapshot. */
    public JvmCounters since(JvmCounters before) {
        return new JvmCounters(classesLoaded - before.classesLoaded,
                jitMillis < 0 || before.jitMillis < 0 ? -1 : jitMillis - before.jitMillis,
                minorFaults < 0 || before.minorFaults < 0 ? -1 : minorFaults - before.minorFaults,
                gcCount - before.gcCount);
    }

    /** Field 10 of /proc/self/stat, counted after the command name (which may hold spaces). */
    static long readMinorFaults() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[7]);  // fields after ")" start at field 3 (state)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
