package dev.modelkit.model;

import java.util.Arrays;

/**
 * The logits of a forward pass: T rows (positions) by V columns (vocabulary), row-major over one
 * flat array that this view owns (a fresh one per {@link Transformer#forward(int[])} call).
 */
public final class Logits {

    private final float[] values;   // (T, V)
    private final int rows;
    private final int cols;

    Logits(float[] values, int rows, int cols) {
        this.values = values;
        this.rows = rows;
        this.cols = cols;
    }

    /** T: positions. */
    public int rows() {
        return rows;
    }

    /** V: vocabulary size. */
    public int cols() {
        return cols;
    }

    /** The logit of token {@code v} at position {@code t}. */
    public float get(int t, int v) {
        checkRow(t);
        if (v < 0 || v >= cols) {
            throw new IllegalArgumentException("v = " + v + " is out of range; allowed: 0.." + (cols - 1));
        }
        return values[t * cols + v];
    }

    /** A copy of row {@code t} (V values). */
    public float[] row(int t) {
        checkRow(t);
        return Arrays.copyOfRange(values, t * cols, (t + 1) * cols);
    }

    /** The token with the largest logit at position {@code t} (the first one on ties). */
    public int argmax(int t) {
        checkRow(t);
        int best = 0;
        int off = t * cols;
        for (int i = 1; i < cols; i++) {
            if (values[off + i] > values[off + best]) {
                best = i;
            }
        }
        return best;
    }

    /** The live flat array, T·V values row-major. */
    public float[] values() {
        return values;
    }

    private void checkRow(int t) {
        if (t < 0 || t >= rows) {
            throw new IllegalArgumentException("t = " + t + " is out of range; allowed: 0.." + (rows - 1));
        }
    }

    @Override
    public String toString() {
        return "Logits[T=" + rows + ", V=" + cols + "]";
    }
}
