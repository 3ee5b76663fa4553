package dev.modelkit.model.init;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Allocates and fills many tensors on a ForkJoin pool. Work is cut into fixed chunks of
 * {@link #CHUNK} elements; since each element's value depends only on (seed, name, index), the
 * result is the same whatever the pool's size or the order chunks run in.
 */
public final class ParallelFill {

    /** Elements per task: 256 KiB of floats, large enough to amortise a task, small enough to balance. */
    public static final int CHUNK = 1 << 16;

    private ParallelFill() {
    }

    /**
     * Allocates and fills every tensor, on {@code pool}'s workers and the calling thread together.
     * Allocation is spread over the threads too: zeroing a new array costs about as much as
     * writing it, so a single allocating thread would cap the speed-up near 2.
     */
    public static float[][] createAll(Initializer init, List<? extends TensorSpec> specs, ForkJoinPool pool) {
        Tensor[] tensors = new Tensor[specs.size()];
        int rounds = 1;
        for (int p = 0; p < tensors.length; p++) {
            tensors[p] = new Tensor(init, specs.get(p));
            rounds = Math.max(rounds, (tensors[p].length + CHUNK - 1) / CHUNK);
        }
        // Round r holds chunk r of every tensor (every tensor has at least one element), so the
        // first chunks claimed are different tensors: each is allocated by the thread that claims
        // its chunk 0, in parallel, and threads rarely wait for a tensor another is allocating.
        List<Chunk> chunks = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            for (Tensor t : tensors) {
                long from = (long) r * CHUNK;
                if (from < t.length) {
                    chunks.add(new Chunk(t, (int) from, (int) Math.min(t.length, from + CHUNK)));
                }
            }
        }
        // The caller claims chunks alongside the pool's workers. The common pool has one worker
        // fewer than there are cores precisely because callers are expected to help (on 2 cores it
        // has just one), so it gets its full parallelism in helpers; any other pool of parallelism
        // n gets n - 1, so that n threads work in all and a pool of 1 means single-threaded.
        int helpers = pool == ForkJoinPool.commonPool() ? pool.getParallelism() : pool.getParallelism() - 1;
        helpers = Math.min(helpers, chunks.size() - 1);
        Claim claim = new Claim(chunks);
        List<ForkJoinTask<?>> tasks = new ArrayList<>(Math.max(0, helpers));
        for (int h = 0; h < helpers; h++) {
            tasks.add(pool.submit(claim));
        }
        claim.run();
        // A helper that starts late finds nothing left to claim; join also rethrows its errors
        // and makes its writes visible here.
        tasks.forEach(ForkJoinTask::join);
        float[][] data = new float[tensors.length][];
        for (int p = 0; p < tensors.length; p++) {
            data[p] = tensors[p].data();
        }
        return data;
    }

    /** One tensor, allocated by whichever thread first needs it. */
    private static final class Tensor {
        final Initializer init;
        final TensorSpec spec;
        final int length;
        final boolean fill;
        private float[] data;

        Tensor(Initializer init, TensorSpec spec) {
            this.init = init;
            this.spec = spec;
            this.length = Math.toIntExact(spec.numel());
            this.fill = !Initializer.zeroInitialised(spec);
        }

        synchronized float[] data() {
            if (data == null) {
                data = new float[length];
            }
            return data;
        }
    }

    private record Chunk(Tensor tensor, int from, int to) {
        void compute() {
            float[] dst = tensor.data();
            if (tensor.fill) {
                tensor.init.fill(tensor.spec, dst, from, to);
            }
        }
    }

    /** Each thread running it takes the next unclaimed chunk until none are left. */
    private static final class Claim implements Runnable {
        private final List<Chunk> chunks;
        private final AtomicInteger next = new AtomicInteger();

        Claim(List<Chunk> chunks) {
            this.chunks = chunks;
        }

        @Override
        public void run() {
            for (int c = next.getAndIncrement(); c < chunks.size(); c = next.getAndIncrement()) {
                chunks.get(c).compute();
            }
        }
    }
}
