package dev.modelkit.kernel.jshell;

/**
 * With env {@code MODELKIT_START_TRACE=1}, one stderr line per start-up step, with the time since
 * the JVM started: where a kernel's start goes, measured in the kernel as Jupyter starts it.
 */
final class StartTrace {
    /** The JVM's own stderr: cells later redirect System.err into their output. */
    private static final java.io.PrintStream ERR = System.err;
    private static final boolean ON = "1".equals(System.getenv("MODELKIT_START_TRACE"));
    private static final long JVM_START_MS = ON ? ProcessHandle.current().info().startInstant()
            .map(java.time.Instant::toEpochMilli).orElse(System.currentTimeMillis()) : 0;

    private StartTrace() {
    }

    static void mark(String step) {
        if (ON) {
            ERR.println("[modelkit start] " + (System.currentTimeMillis() - JVM_START_MS) + " ms "
                    + Thread.currentThread().getName() + ": " + step);
        }
    }
}
