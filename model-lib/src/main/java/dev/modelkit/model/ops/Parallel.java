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
 * fields carry the arguments: a warm forward pass then creates no objects at all (a capturing
 * lambda would be one object per loop). A Parallel therefore belongs to one model or trainer and
 * is used by one thread at a time, under that owner's lock.
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
        Range root = new Range(body, 0, n, grain);
        if (callerHelps) {
            // invoke() computes on this thread; the halves it forks go to the common pool.
            root.invoke();
        } else {
            pool.invoke(root);
        }
    }

    private static final class Range extends RecursiveAction {
        private final RangeBody body;
        private final int lo;
        private final int hi;
        private final int grain;

        Range(RangeBody body, int lo, int hi, int grain) {
            this.body = body;
            this.lo = lo;
            this.hi = hi;
            this.grain = grain;
        }

        @Override
        protected void compute() {
            if (hi - lo <= grain) {
                body.run(lo, hi);
                return;
            }
            int mid = lo + (hi - lo) / 2;
            invokeAll(new Range(body, lo, mid, grain), new Range(body, mid, hi, grain));
        }
    }
}
