package dev.modelkit.kernel.jshell;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import jdk.jshell.execution.DirectExecutionControl;

/**
 * Runs snippets inside the kernel's own JVM, each on a fresh thread, and keeps the real result
 * object and the real thrown {@link Throwable} so the kernel can render and report them.
 *
 * <p>JShell only sees a string for a snippet's value; {@link #invoke(Method)} returns a key
 * instead and parks the object under it until {@link #takeResultOrNull(String)}. A stuck cell is stopped
 * by {@link #stop()}, which also keeps the cell's remaining snippets from running: interrupt first, then {@code Thread.stop} (still functional on JDK 17) for
 * loops that never look at the interrupt flag.
 */
final class InProcessExecutionControl extends DirectExecutionControl {
    private static final Object NULL = new Object();
    /** How long an interrupted cell gets to end by itself before it is stopped by force. */
    private static final long GRACE_MILLIS = 300;

    private final Map<String, Object> results = new ConcurrentHashMap<>();
    private final AtomicReference<Thread> running = new AtomicReference<>();
    private volatile boolean stopRequested;
    private volatile boolean memoryStopped;
    private volatile Throwable lastThrown;
    private volatile boolean lastStopped;

    /** Set while {@link #fieldOf} asks JShell for a variable: varValue then reports the field instead. */
    private final ThreadLocal<Field[]> fieldCapture = new ThreadLocal<>();

    /**
     * The static field that holds a notebook variable: {@code askJShell} calls
     * {@code JShell.varValue(snippet)}, and JShell names the variable's wrapper class in its call
     * to {@link #varValue}, which then captures the field rather than formatting the value.
     */
    Field fieldOf(Runnable askJShell) {
        Field[] box = new Field[1];
        fieldCapture.set(box);
        try {
            askJShell.run();
        } finally {
            fieldCapture.remove();
        }
        return box[0];
    }

    @Override
    public String varValue(String className, String varName) throws RunException, EngineTerminationException,
            InternalException {
        Field[] capture = fieldCapture.get();
        if (capture == null) {
            return super.varValue(className, varName);
        }
        try {
            Field f = findClass(className).getField(varName);
            f.setAccessible(true);  // JShell's wrapper classes are package-private
            capture[0] = f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new InternalException("no field " + varName + " in " + className + ": " + e);
        }
        return "";
    }

    /** Returns and forgets the object a snippet produced under {@code key}; null when there is none. */
    Object takeResultOrNull(String key) {
        Object value = results.remove(key);
        return value == NULL ? null : value;
    }

    /** The throwable of the last failed snippet (cleared by reading it), or null. */
    Throwable takeThrown() {
        Throwable t = lastThrown;
        lastThrown = null;
        return t;
    }

    /** Whether the last snippet was ended by {@link #stop()} (cleared by reading it). */
    boolean takeStopped() {
        boolean s = lastStopped;
        lastStopped = false;
        return s;
    }

    /** Starts a new cell: forgets an interrupt aimed at an earlier one. */
    void beginCell() {
        stopRequested = false;
        lastStopped = false;
    }

    /** Drops results nobody took, so a failed cell cannot pin large objects. */
    void clearResults() {
        results.clear();
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        Object[] value = new Object[1];
        Throwable[] thrown = new Throwable[1];
        Thread worker = new Thread(() -> {
            try {
                value[0] = doitMethod.invoke(null);
            } catch (InvocationTargetException e) {
                thrown[0] = e.getCause() != null ? e.getCause() : e;
            } catch (Throwable t) { // ThreadDeath from stop(), OOM in the snippet itself
                thrown[0] = t;
            }
        }, "modelkit-cell");
        // Libraries loaded with %jars/%maven live in the snippet class loader; ServiceLoader and
        // friends look there through the context class loader.
        worker.setContextClassLoader(doitMethod.getDeclaringClass().getClassLoader());
        worker.setDaemon(true);
        // Published before the stop check: a stop() arriving in between then finds the worker
        // (stopping a thread that has not started makes it end as soon as it starts).
        running.set(worker);
        if (stopRequested) { // interrupted between two snippets of the cell: run no more of it
            running.set(null);
            lastStopped = true;
            throw new StoppedException();
        }
        try {
            StartTrace.mark("snippet compiled, running");
            worker.start();
            worker.join();
        } finally {
            running.set(null);
            StartTrace.mark("snippet ran");
        }
        if (memoryStopped) {
            // The heap guard stopped the cell: report it as what it was, an out-of-memory cell.
            memoryStopped = false;
            value[0] = null;
            thrown[0] = new OutOfMemoryError("the heap was over " + HeapGuard.PERCENT + "% full after a "
                    + "garbage collection; the cell was stopped so the kernel keeps running");
            thrown[0].setStackTrace(new StackTraceElement[0]);
        } else if (stopRequested) {
            lastStopped = true;
            value[0] = null;
            throw new StoppedException();
        }
        if (thrown[0] != null) {
            lastThrown = thrown[0];
            throw new InvocationTargetException(thrown[0]);
        }
        String key = UUID.randomUUID().toString();
        results.put(key, value[0] == null ? NULL : value[0]);
        return key;
    }

    /**
     * Called by {@link HeapGuard} when the heap stays nearly full after a collection: a cell
     * filling the heap would otherwise starve the kernel's own threads (ZeroMQ, heartbeat) of
     * memory and take the whole kernel down with an OutOfMemoryError.
     */
    @SuppressWarnings({"removal", "deprecation"})
    void stopForMemory() {
        Thread worker = running.get();
        if (worker == null) {
            return;
        }
        memoryStopped = true;
        try {
            worker.stop();
        } catch (UnsupportedOperationException e) {
            worker.interrupt();   // JDK 20+: no Thread.stop
        }
    }

    @Override
    @SuppressWarnings({"removal", "deprecation"})
    public void stop() {
        stopRequested = true;
        Thread worker = running.get();
        if (worker == null) {
            return;
        }
        worker.interrupt();
        try {
            worker.join(GRACE_MILLIS);
            if (worker.isAlive()) {
                worker.stop();
            }
        } catch (UnsupportedOperationException e) {
            // JDK 20+: Thread.stop is gone; only cells that honour interruption can be stopped.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
