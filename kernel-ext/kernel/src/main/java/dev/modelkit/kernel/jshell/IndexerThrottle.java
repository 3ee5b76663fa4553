package dev.modelkit.kernel.jshell;

import java.lang.reflect.Method;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import jdk.jshell.SourceCodeAnalysis;

/**
 * Lets JShell's class-path indexer run only while the kernel is idle.
 *
 * <p>Creating JShell's {@link SourceCodeAnalysis} starts a background walk of every class on the
 * compile class path and in the JDK, for completion's package and import suggestions. Measured on
 * the kernel's class path it costs about 2 s of CPU, and on a 2-core machine it ran exactly when a
 * fresh kernel's first cells did. JShell can pause it ({@code suspendIndexing}/{@code
 * resumeIndexing}, which its own completion uses), but only through its implementation class, so
 * the kernelspec opens {@code jdk.jshell} to the kernel ({@code --add-opens
 * jdk.jshell/jdk.jshell=ALL-UNNAMED}). Without that the throttle does nothing and indexing runs
 * as JShell starts it.
 *
 * <p>Policy: paused from the start; resumed once no cell has run for {@link #IDLE_MILLIS}; paused
 * again while a cell runs. The indexer looks at the pause between class-path entries, so a cell
 * may still share the CPU with the entry being indexed.
 */
final class IndexerThrottle {
    static final long IDLE_MILLIS = 1000;

    private final Object analysis;
    private final Method suspend;
    private final Method resume;
    private final ScheduledExecutorService timer;
    private ScheduledFuture<?> pendingResume;
    /** Counts cell starts: a resume scheduled before the latest start must not run. */
    private long generation;
    private boolean suspended;

    private IndexerThrottle(Object analysis, Method suspend, Method resume) {
        this.analysis = analysis;
        this.suspend = suspend;
        this.resume = resume;
        this.timer = suspend == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "modelkit-indexer-throttle");
            t.setDaemon(true);
            return t;
        });
    }

    /** Pauses the indexer of {@code analysis} at once, if JShell lets us; else a throttle that does nothing. */
    static IndexerThrottle pause(SourceCodeAnalysis analysis) {
        IndexerThrottle throttle;
        try {
            Method suspend = analysis.getClass().getMethod("suspendIndexing");
            Method resume = analysis.getClass().getMethod("resumeIndexing");
            suspend.setAccessible(true);
            resume.setAccessible(true);
            throttle = new IndexerThrottle(analysis, suspend, resume);
        } catch (ReflectiveOperationException | RuntimeException e) {
            StartTrace.mark("class-path indexer not throttled (" + e.getClass().getSimpleName() + ")");
            return new IndexerThrottle(analysis, null, null);
        }
        throttle.cellStarts();
        throttle.cellEnds();
        return throttle;
    }

    /** Whether this throttle can pause the indexer at all. */
    boolean active() {
        return suspend != null;
    }

    /** A cell begins: the indexer waits. */
    synchronized void cellStarts() {
        if (suspend == null) {
            return;
        }
        generation++;
        if (pendingResume != null) {
            pendingResume.cancel(false);
            pendingResume = null;
        }
        if (!suspended) {
            call(suspend);
            suspended = true;
        }
    }

    /** A cell ended: the indexer may go on once the kernel has been idle for {@link #IDLE_MILLIS}. */
    synchronized void cellEnds() {
        if (suspend == null || !suspended) {
            return;
        }
        if (pendingResume != null) {
            pendingResume.cancel(false);
        }
        long scheduledAt = generation;
        pendingResume = timer.schedule(() -> resumeIfIdle(scheduledAt), IDLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void resumeIfIdle(long scheduledAt) {
        if (suspended && generation == scheduledAt) {
            pendingResume = null;
            call(resume);
            suspended = false;
            StartTrace.mark("class-path indexer resumed (kernel idle)");
        }
    }

    /**
     * Stops the idle timer and lets a paused indexer go: JShell runs every instance's indexing on
     * one shared thread, so an instance left paused would hold back all the others.
     */
    synchronized void close() {
        if (timer == null) {
            return;
        }
        timer.shutdownNow();
        pendingResume = null;
        if (suspended) {
            call(resume);
            suspended = false;
        }
    }

    private void call(Method m) {
        try {
            m.invoke(analysis);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // The pause only saves CPU; JShell works the same without it.
        }
    }
}
