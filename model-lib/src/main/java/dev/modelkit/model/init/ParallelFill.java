package dev.modelkit.model.init;

import dev.modelkit.model.ParameterSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

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

    /** Allocates every tensor (on the calling thread, so allocation stays in one TLAB order) and fills them on {@code pool}. */
    public static float[][] createAll(Initializer init, List<ParameterSpec> specs, ForkJoinPool pool) {
        float[][] data = new float[specs.size()][];
        List<Chunk> chunks = new ArrayList<>();
        for (int p = 0; p < specs.size(); p++) {
            ParameterSpec spec = specs.get(p);
            data[p] = new float[Math.toIntExact(spec.numel())];
            if (Initializer.zeroInitialised(spec)) {
                continue;
            }
            for (int from = 0; from < data[p].length; from += CHUNK) {
                chunks.add(new Chunk(init, spec, data[p], from, Math.min(data[p].length, from + CHUNK)));
            }
        }
        if (pool.getParallelism() <= 1 || chunks.size() <= 1) {
            chunks.forEach(Chunk::compute);
        } else {
            pool.invoke(new Split(chunks, 0, chunks.size()));
        }
        return data;
    }

    private record Chunk(Initializer init, ParameterSpec spec, float[] dst, int from, int to) {
        void compute() {
            init.fill(spec, dst, from, to);
        }
    }

    private static final class Split extends RecursiveAction {
        private final List<Chunk> chunks;
        private final int lo;
        private final int hi;

        Split(List<Chunk> chunks, int lo, int hi) {
            this.chunks = chunks;
            this.lo = lo;
            this.hi = hi;
        }

        @Override
        protected void compute() {
            if (hi - lo == 1) {
                chunks.get(lo).compute();
                return;
            }
            int mid = (lo + hi) >>> 1;
            invokeAll(new Split(chunks, lo, mid), new Split(chunks, mid, hi));
        }
    }
}
