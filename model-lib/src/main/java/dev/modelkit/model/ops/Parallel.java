package dev.modelkit.model.ops;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.Supplier;

/**
 * A parallel for-loop over index ranges on a ForkJoin pool. Small loops run inline: a task costs
 * microseconds, so work below {@link #MIN_WORK} multiply-adds is not worth splitting.
 * Every index is handled by exactly one call of the body, so results never depend on the split.
 *
 * <p>Loop bodies are {@linkplain #job reusable jobs}, one per kind of loop and per Parallel, whose
 * fields carry the arguments, and the fork/join tasks that run the pieces are reused too: a warm
 * forward pass creates no objects of its own (a capturing lambda would be one object per loop;
 * only the JDK's join may add a waiter node when the caller has to block). A Parallel therefore
 * belongs to one model or trainer and is used by one thread at a time, under that owner's lock,
 * and a loop body must not start another loop on the same Parallel.
 */
public final class Parallel {

    /** Roughly how many multiply-adds a task must do before forking pays off. */
    static final long MIN_WORK = 1L << 16;

    /** The body of a loop over {@code [lo, hi)}. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int lo, int hi);
    }

    /** Names one kind of reusable job; create it once, in a static final field. */
    public static final class Slot<T extends RangeBody> {
        private static int next;
        private final int id;
        private final Supplier<T> factory;

        private Slot(int id, Supplier<T> factory) {
            this.id = id;
            this.factory = factory;
        }
    }

    /** A new kind of job, made by {@code factory} the first time each Parallel needs one. */
    public static synchronized <T extends RangeBody> Slot<T> slot(Supplier<T> factory) {
        return new Slot<>(Slot.next++, factory);
    }

    private final ForkJoinPool pool;
    private RangeBody[] jobs = new RangeBody[0];

    public Parallel(ForkJoinPool pool) {
        this.pool = pool;
    }

    public ForkJoinPool pool() {
        return pool;
    }

    /** This Parallel's job of that kind, created on first use and reused afterwards. */
    @SuppressWarnings("unchecked")
    public <T extends RangeBody> T job(Slot<T> slot) {
        if (slot.id >= jobs.length) {
            jobs = java.util.Arrays.copyOf(jobs, slot.id + 1);
        }
        RangeBody j = jobs[slot.id];
        if (j == null) {
            j = slot.factory.get();
            jobs[slot.id] = j;
        }
        return (T) j;
    }

    /**
     * Runs {@code body} over {@code [0, n)}, split into at most a few tasks per worker.
     *
     * @param workPerIndex rough cost of one index, in multiply-adds
     */
    public void forRange(int n, long workPerIndex, RangeBody body) {
        // The common pool has one worker fewer than there are cores because callers are expected
        // to help: on 2 cores it has a single worker, and only the caller joining in uses both.
        boolean callerHelps = pool == ForkJoinPool.commonPool();
        int workers = pool.getParallelism() + (callerHelps ? 1 : 0);
        long total = n * Math.max(1, workPerIndex);
        if (workers <= 1 || n <= 1 || total < 2 * MIN_WORK) {
            body.run(0, n);
            return;
        }
        int tasks = (int) Math.min(Math.min(n, 4L * workers), total / MIN_WORK);
        int grain = (n + tasks - 1) / tasks;
        tasks = (n + grain - 1) / grain;
        if (chunks.length < tasks) {
            Chunk[] grown = java.util.Arrays.copyOf(chunks, tasks);
            for (int i = chunks.length; i < tasks; i++) {
                grown[i] = new Chunk();
            }
            chunks = grown;
        }
        for (int i = 0; i < tasks; i++) {
            Chunk ch = chunks[i];
            ch.body = body;
            ch.lo = i * grain;
            ch.hi = Math.min(n, (i + 1) * grain);
            ch.reinitialize();
        }
        fan.count = tasks;
        fan.reinitialize();
        try {
            if (callerHelps) {
                // invoke() computes on this thread; the chunks it forks go to the common pool.
                fan.invoke();
            } else {
                pool.invoke(fan);
            }
        } finally {
            for (int i = 0; i < tasks; i++) {
                chunks[i].body = null;
            }
        }
    }

    // The tasks are reused from call to call (reinitialize), so a warm loop creates no objects.
    private Chunk[] chunks = new Chunk[0];
    private final Fan fan = new Fan();

    /** Forks chunks 1.., runs chunk 0 itself, then joins the rest. */
    private final class Fan extends RecursiveAction {
        int count;

        @Override
        protected void compute() {
            Chunk[] cs = chunks;
            for (int i = count - 1; i > 0; i--) {
                cs[i].fork();
            }
            try {
                cs[0].compute();
            } finally {
                for (int i = 1; i < count; i++) {
                    cs[i].quietlyJoin();
                }
            }
            for (int i = 1; i < count; i++) {
                if (cs[i].isCompletedAbnormally()) {
                    Throwable t = cs[i].getException();
                    if (t instanceof RuntimeException r) {
                        throw r;
                    }
                    if (t instanceof Error e) {
                        throw e;
                    }
                    throw new IllegalStateException(t);
                }
            }
        }
    }

    /** One contiguous range of a loop. */
    private static final class Chunk extends RecursiveAction {
        RangeBody body;
        int lo;
        int hi;

        @Override
        protected void compute() {
            body.run(lo, hi);
        }
    }
}
