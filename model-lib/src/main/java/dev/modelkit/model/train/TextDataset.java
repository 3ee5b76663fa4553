package dev.modelkit.model.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A token stream cut into random training windows: a batch is B windows of T + 1 consecutive
 * tokens at offsets drawn from a seeded generator; inputs are the first T, targets the last T
 * (the next token of each position). The same seed gives the same batches.
 */
public final class TextDataset {

    /** Classpath resource of the shipped corpus (see {@link #tinyCorpus()}). */
    public static final String TINY_CORPUS = "/dev/modelkit/model/train/tiny-corpus.txt";

    private final int[] tokens;
    private final SplittableRandom random;

    /** Batches {@code tokens} (at least 2 of them) with random offsets from {@code seed}. */
    public TextDataset(int[] tokens, long seed) {
        if (tokens == null || tokens.length < 2) {
            throw new IllegalArgumentException("tokens: length " + (tokens == null ? "null" : tokens.length)
                    + " is out of range; allowed: at least 2 (an input and its target)");
        }
        this.tokens = tokens.clone();
        this.random = new SplittableRandom(seed);
    }

    /**
     * The shipped public-domain training text: Shakespeare's Sonnets (1609), a selection written
     * out as commonly printed in modern spelling.
     */
    public static String tinyCorpus() {
        try (InputStream in = TextDataset.class.getResourceAsStream(TINY_CORPUS)) {
            if (in == null) {
                throw new IllegalStateException("resource " + TINY_CORPUS + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int size() {
        return tokens.length;
    }

    /** A batch of {@code batch} windows of {@code seq} input tokens and their targets. */
    public Batch next(int batch, int seq) {
        if (batch < 1) {
            throw new IllegalArgumentException("batch = " + batch + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
        if (seq < 1 || seq > tokens.length - 1) {
            throw new IllegalArgumentException("seq = " + seq + " is out of range; allowed: 1.."
                    + (tokens.length - 1) + " (the token count minus one)");
        }
        int[][] x = new int[batch][seq];
        int[][] y = new int[batch][seq];
        for (int b = 0; b < batch; b++) {
            int off = random.nextInt(tokens.length - seq);
            System.arraycopy(tokens, off, x[b], 0, seq);
            System.arraycopy(tokens, off + 1, y[b], 0, seq);
        }
        return new Batch(x, y);
    }

    /** One batch: inputs (B, T) and targets (B, T). */
    public record Batch(int[][] inputs, int[][] targets) {
    }
}
