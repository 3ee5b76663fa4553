package dev.modelkit.kernel.jshell;

/**
 * With env {@code MODELKIT_START_TRACE=1}, one stderr line per start-up step, with the time since
 * the JVM started: where a kernel's start goes, measured in the kernel as Jupyter starts it.
 */
public final class StartTrace {
    /** The JVM's own stderr: cells later redirect System.err into their output. */
    private static final java.io.PrintStream ERR = System.err;
    private static final boolean ON = "1".equals(System.getenv("MODELKIT_START_TRACE"));
    // The JVM's own start time, in ms. Not ProcessHandle's start instant: Linux derives that from
    // the boot time in whole seconds (/proc/stat btime), which put "main" up to a second late.
    private static final long JVM_START_MS = ON
            ? java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() : 0;

    private StartTrace() {
    }

    public static void mark(String step) {
        if (ON) {
            ERR.println("[modelkit start] " + (System.currentTimeMillis() - JVM_START_MS) + " ms "
                    + Thread.currentThread().getName() + ": " + step);
        }
    }
}
