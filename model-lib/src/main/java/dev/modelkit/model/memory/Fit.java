package dev.modelkit.model.memory;

import dev.modelkit.model.ByteSize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * What fits in a given memory, from the analytic prediction ({@link MemoryModel#fits(long)}): the
 * largest batch at each sequence length, the largest batch at the model's set sequence and the
 * longest sequence at its set batch. Every prediction grows with batch and with sequence, so each
 * answer is a binary search on {@link MemoryReport#total()}.
 *
 * @param memory      the bytes available
 * @param optimizer   {@link Optimizer#NONE} for inference, else the training step's optimizer
 * @param dtype       the element type
 * @param fixed       what batch and sequence do not change: weights (with scales), gradients, optimizer state
 * @param batch       the batch {@link #maxSequence} was searched at
 * @param maxSequence the longest sequence at {@code batch} (0: not even one token fits)
 * @param sequence    the sequence {@link #maxBatch} was searched at
 * @param maxBatch    the largest batch at {@code sequence} (0: not even one sequence fits)
 * @param rows        the largest batch at sequence 1, 2, 4, ... up to the context length
 */
public record Fit(long memory, Optimizer optimizer, DType dtype, long fixed, int batch, int maxSequence, int sequence,
                  int maxBatch, List<Row> rows) {

    /**
     * One sequence length and the largest batch of it that fits.
     *
     * @param sequence tokens per sequence
     * @param maxBatch the largest batch (0: none)
     * @param bytes    the prediction at that batch (0 when none fits)
     */
    public record Row(int sequence, int maxBatch, long bytes) {
        /** Tokens in flight: maxBatch × sequence. */
        public long tokens() {
            return (long) maxBatch * sequence;
        }
    }

    public Fit {
        rows = List.copyOf(rows);
    }

    /** Whether the model states alone fit (no batch of any size fits otherwise). */
    public boolean modelFits() {
        return fixed <= memory;
    }

    /** The row with the most tokens in flight (largest batch × sequence), or null when nothing fits. */
    public Row mostTokens() {
        Row best = null;
        for (Row r : rows) {
            if (r.maxBatch() > 0 && (best == null || r.tokens() > best.tokens())) {
                best = r;
            }
        }
        return best;
    }

    static Fit search(MemorySettings s, long memory) {
        if (memory < 1) {
            throw new IllegalArgumentException("bytes = " + memory + " is out of range; allowed: 1.." + Long.MAX_VALUE);
        }
        MemoryReport one = MemoryReport.compute(s.with(Axis.BATCH, 1).with(Axis.SEQUENCE, 1));
        long fixed = one.weights() + one.quantizationScales() + one.gradients() + one.optimizerState();
        int context = s.config().contextLength();
        int seqLimit = s.allowBeyondContext() ? Integer.MAX_VALUE : context;
        List<Row> rows = new ArrayList<>();
        for (long t = 1; t <= context; t *= 2) {
            rows.add(row(s, (int) t, memory));
        }
        if (Integer.bitCount(context) != 1) {
            rows.add(row(s, context, memory));
        }
        int maxBatch = largest(s, Axis.BATCH, Integer.MAX_VALUE, memory);
        int maxSequence = largest(s, Axis.SEQUENCE, seqLimit, memory);
        return new Fit(memory, s.optimizer(), s.dtype(), fixed, s.batch(), maxSequence, s.sequence(), maxBatch,
                Collections.unmodifiableList(rows));
    }

    private static Row row(MemorySettings s, int sequence, long memory) {
        MemorySettings at = s.with(Axis.SEQUENCE, sequence);
        int b = largest(at, Axis.BATCH, Integer.MAX_VALUE, memory);
        return new Row(sequence, b, b == 0 ? 0 : total(at.with(Axis.BATCH, b)));
    }

    /** The largest value of {@code axis} in 1..limit whose total fits, or 0: doubling, then bisection. */
    private static int largest(MemorySettings s, Axis axis, int limit, long memory) {
        if (!fits(s.with(axis, 1), memory)) {
            return 0;
        }
        long lo = 1;                    // fits
        long hi = 2;                    // doubled until it does not fit (or passes the limit)
        while (hi <= limit && fits(s.with(axis, (int) hi), memory)) {
            lo = hi;
            hi *= 2;
        }
        hi = Math.min(hi, (long) limit + 1);
        while (hi - lo > 1) {
            long mid = (lo + hi) >>> 1;
            if (fits(s.with(axis, (int) mid), memory)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (int) lo;
    }

    private static boolean fits(MemorySettings s, long memory) {
        try {
            return total(s) <= memory;
        } catch (IllegalArgumentException overflow) {
            return false;   // the byte count overflows a long: certainly too large
        }
    }

    private static long total(MemorySettings s) {
        return MemoryReport.compute(s).total();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "What fits in %s (%s, %s): model states %s%s%n", ByteSize.format(memory),
                optimizer.training() ? "training with " + optimizer : "inference", dtype, ByteSize.format(fixed),
                modelFits() ? "" : " do not fit"));
        sb.append(String.format(Locale.ROOT, "  at sequence %,d: batch up to %,d; at batch %,d: sequence up to %,d%n",
                sequence, maxBatch, batch, maxSequence));
        sb.append(String.format(Locale.ROOT, "  %10s %12s %14s %12s%n", "sequence", "max batch", "tokens", "bytes"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "  %,10d %,12d %,14d %12s%n", r.sequence(), r.maxBatch(), r.tokens(),
                    ByteSize.format(r.bytes())));
        }
        return sb.toString();
    }
}
