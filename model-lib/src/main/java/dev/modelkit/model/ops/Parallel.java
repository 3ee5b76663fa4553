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
 * only the JDK's join may add a waiter node, when the caller still has to block after running
 * the chunks no worker took and spinning briefly on the others). A Parallel therefore
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

    /**
     * One value per thread, made by a factory on a thread's first {@link #get}. Not a ThreadLocal:
     * JDK 17's common pool erases its workers' thread-locals after every top-level task, so a
     * ThreadLocal buffer used inside a loop body is made again for each task, a warm kernel then
     * allocating on every call. This keeps a small table keyed by thread identity instead; a
     * lookup scans it without allocating, and entries of threads that have ended are dropped
     * when a new thread is added.
     */
    public static final class PerThread<T> {
        private final Supplier<T> factory;
        /** thread, value, thread, value, ...; replaced, never changed in place. */
        private volatile Object[] entries = new Object[0];

        public PerThread(Supplier<T> factory) {
            this.factory = factory;
        }

        @SuppressWarnings("unchecked")
        public T get() {
            Thread me = Thread.currentThread();
            Object[] e = entries;
            for (int i = 0; i < e.length; i += 2) {
                if (e[i] == me) {
                    return (T) e[i + 1];
                }
            }
            return add(me);
        }

        @SuppressWarnings("unchecked")
        private synchronized T add(Thread me) {
            Object[] e = entries;
            int live = 0;
            for (int i = 0; i < e.length; i += 2) {
                if (e[i] == me) {
                    return (T) e[i + 1];
                }
                if (((Thread) e[i]).isAlive()) {
                    live++;
                }
            }
            Object[] grown = new Object[2 * (live + 1)];
            int j = 0;
            for (int i = 0; i < e.length; i += 2) {
                if (((Thread) e[i]).isAlive()) {
                    grown[j++] = e[i];
                    grown[j++] = e[i + 1];
                }
            }
            T value = factory.get();
            grown[j] = me;
            grown[j + 1] = value;
            entries = grown;
            return value;
        }
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
                    await(cs[i]);
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

    /** How long a join spins on a chunk that a worker is running before it blocks. */
    private static final long SPIN_NANOS = 100_000;

    /**
     * Waits for a forked chunk without allocating: runs it here if no worker has taken it yet,
     * else spins briefly (a chunk is tens of microseconds of work), and only then blocks in
     * {@code quietlyJoin}, whose waiter node is the one object a loop may still create.
     */
    private static void await(Chunk ch) {
        if (ch.isDone()) {
            return;
        }
        if (ch.tryUnfork()) {
            ch.quietlyInvoke();
            return;
        }
        long start = System.nanoTime();
        while (!ch.isDone() && System.nanoTime() - start < SPIN_NANOS) {
            Thread.onSpinWait();
        }
        ch.quietlyJoin();
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
