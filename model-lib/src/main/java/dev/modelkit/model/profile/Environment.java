package dev.modelkit.model.profile;

import dev.modelkit.model.ByteSize;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a profile was measured: figures mean little without the JVM, its flags and the CPU.
 *
 * @param javaVersion     {@code java.version}, e.g. 17.0.15
 * @param vm              VM name and version
 * @param jvmArguments    the JVM's input arguments (heap size, GC and pre-touch flags among them)
 * @param processors      processors available to the JVM
 * @param maxHeapBytes    {@link Runtime#maxMemory()}
 * @param garbageCollectors collector names
 * @param cpuModel        the first "model name" of /proc/cpuinfo, or the OS architecture when
 *                        that file is absent
 * @param os              OS name, version and architecture
 */
public record Environment(String javaVersion, String vm, List<String> jvmArguments, int processors,
                          long maxHeapBytes, String garbageCollectors, String cpuModel, String os) {

    public Environment {
        jvmArguments = List.copyOf(jvmArguments);
    }

    /**
     * Flags with their file paths cut to the file name ({@code -XX:SharedArchiveFile=modelkit.jsa}):
     * a profile is printed into notebooks that get shared, and where this machine keeps its files
     * says nothing about the timings.
     */
    static List<String> withoutPaths(List<String> args) {
        List<String> out = new java.util.ArrayList<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            String value = eq < 0 ? a : a.substring(eq + 1);
            if (value.contains("/") || value.contains("\\")) {
                String name = value.substring(Math.max(value.lastIndexOf('/'), value.lastIndexOf('\\')) + 1);
                out.add(eq < 0 ? name : a.substring(0, eq + 1) + name);
            } else {
                out.add(a);
            }
        }
        return out;
    }

    /** The environment of the running JVM. */
    public static Environment capture() {
        return new Environment(
                System.getProperty("java.version"),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                withoutPaths(ManagementFactory.getRuntimeMXBean().getInputArguments()),
                Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory(),
                new GcMeter().names(),
                readCpuModel(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
    }

    private static String readCpuModel() {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (Files.isReadable(cpuinfo)) {
            try {
                for (String line : Files.readAllLines(cpuinfo)) {
                    if (line.startsWith("model name")) {
                        int colon = line.indexOf(':');
                        return line.substring(colon + 1).trim();
                    }
                }
            } catch (IOException | RuntimeException e) {
                // fall through to the architecture: the CPU name is a nicety
            }
        }
        return System.getProperty("os.arch");
    }

    /** The JVM arguments joined by spaces, or "(none)". */
    public String jvmFlags() {
        return jvmArguments.isEmpty() ? "(none)" : String.join(" ", jvmArguments);
    }

    @Override
    public String toString() {
        return "JDK " + javaVersion + " (" + vm + "), " + processors + " cpu (" + cpuModel + "), max heap "
                + ByteSize.format(maxHeapBytes) + ", GC " + garbageCollectors + ", flags: " + jvmFlags();
    }
}
