package dev.modelkit.model.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Where a forward pass or a training step spent its time, per op: an immutable table, one
 * {@link Row} per op in the order the ops first ran, from {@link OpProfiler}.
 *
 * <p>Times are wall-clock nanoseconds on the calling thread around each op (the op's own
 * parallel split included). FLOPs count a multiply-add as 2 and elementwise ops by their
 * arithmetic (exp, sqrt and divide as 1); bytes moved assume each operand is read once and each
 * result written once: the least traffic the op needs, not the cache misses it really had.
 *
 * @param title     what ran, e.g. {@code forward T=128 of ModelConfig[...]}
 * @param kernels   the kernel set's {@link Kernels#name()}
 * @param wallNanos the whole run, ops and the glue between them
 * @param rows      one per op
 */
public record OpProfile(String title, String kernels, long wallNanos, List<Row> rows) {

    /**
     * One op's totals.
     *
     * @param op    e.g. {@code matmul.forward}
     * @param calls how many times it ran
     * @param nanos time summed over its calls
     * @param flops floating-point operations summed over its calls
     * @param bytes bytes moved summed over its calls
     */
    public record Row(String op, long calls, long nanos, long flops, long bytes) {

        /** FLOPs per nanosecond: GFLOP/s (0 for an op of no time). */
        public double gflops() {
            return nanos == 0 ? 0 : (double) flops / nanos;
        }

        /** Bytes per nanosecond: GB/s. */
        public double gbPerSecond() {
            return nanos == 0 ? 0 : (double) bytes / nanos;
        }

        /** Milliseconds. */
        public double millis() {
            return nanos / 1e6;
        }
    }

    public OpProfile {
        rows = Collections.unmodifiableList(new ArrayList<>(rows));
    }

    /** The row of {@code op}; refused with the ops there are when it did not run. */
    public Row row(String op) {
        for (Row r : rows) {
            if (r.op().equals(op)) {
                return r;
            }
        }
        List<String> ops = new ArrayList<>();
        for (Row r : rows) {
            ops.add(r.op());
        }
        throw new IllegalArgumentException("op '" + op + "' did not run; ops: " + ops);
    }

    /** Time inside ops, summed. */
    public long opNanos() {
        long n = 0;
        for (Row r : rows) {
            n += r.nanos();
        }
        return n;
    }

    /** FLOPs of every op, summed. */
    public long flops() {
        long n = 0;
        for (Row r : rows) {
            n += r.flops();
        }
        return n;
    }

    /** Bytes moved by every op, summed. */
    public long bytes() {
        long n = 0;
        for (Row r : rows) {
            n += r.bytes();
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        long ops = opNanos();
        sb.append(String.format(Locale.ROOT, "%s on %s kernels: %.3f ms (%.3f ms in ops)%n", title, kernels,
                wallNanos / 1e6, ops / 1e6));
        sb.append(String.format(Locale.ROOT, "%-22s %6s %10s %6s %10s %9s %10s %7s%n", "op", "calls", "time ms",
                "share", "MFLOP", "GFLOP/s", "MB moved", "GB/s"));
        for (Row r : rows) {
            sb.append(line(r.op(), r.calls(), r.nanos(), ops, r.flops(), r.bytes()));
        }
        sb.append(line("total", calls(), ops, ops, flops(), bytes()));
        return sb.toString();
    }

    private long calls() {
        long n = 0;
        for (Row r : rows) {
            n += r.calls();
        }
        return n;
    }

    private static String line(String op, long calls, long nanos, long total, long flops, long bytes) {
        return String.format(Locale.ROOT, "%-22s %6d %10.3f %5.1f%% %10.1f %9.2f %10.2f %7.2f%n", op, calls,
                nanos / 1e6, total == 0 ? 0 : 100.0 * nanos / total, flops / 1e6,
                nanos == 0 ? 0 : (double) flops / nanos, bytes / 1e6, nanos == 0 ? 0 : (double) bytes / nanos);
    }
}
