package dev.modelkit.model.train;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * A character-level tokenizer: the vocabulary is the sorted set of distinct characters (Unicode
 * code points) of the text it was fitted on; token id = rank in that set.
 *
 * <p><b>Unknown characters:</b> {@link #encode} throws an {@link IllegalArgumentException} naming
 * the character, its code point and its index in the string; no id is reserved for them, so
 * {@code vocabSize()} is exactly the number of distinct characters seen.
 */
public final class CharTokenizer {

    private final int[] codePoints;          // sorted: id -> code point

    private CharTokenizer(int[] codePoints) {
        this.codePoints = codePoints;
    }

    /** The tokenizer of every distinct character of {@code text} (not empty). */
    public static CharTokenizer fit(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("text must not be " + (text == null ? "null" : "empty")
                    + "; allowed: a string with at least one character");
        }
        TreeSet<Integer> set = new TreeSet<>();
        text.codePoints().forEach(set::add);
        return new CharTokenizer(set.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The tokenizer whose vocabulary is exactly the characters of {@code alphabet}, as {@link #alphabet()} gives it. */
    public static CharTokenizer ofAlphabet(String alphabet) {
        return fit(alphabet);
    }

    public int vocabSize() {
        return codePoints.length;
    }

    /** Every character of the vocabulary in id order, as one string. */
    public String alphabet() {
        return new String(codePoints, 0, codePoints.length);
    }

    /** Token ids of {@code text}. */
    public int[] encode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        int[] out = new int[text.codePointCount(0, text.length())];
        int k = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int id = Arrays.binarySearch(codePoints, cp);
            if (id < 0) {
                throw new IllegalArgumentException("text[" + i + "] = '" + new String(Character.toChars(cp))
                        + "' (U+" + String.format("%04X", cp) + ") is not in the vocabulary of "
                        + vocabSize() + " characters the tokenizer was fitted on");
            }
            out[k++] = id;
            i += Character.charCount(cp);
        }
        return out;
    }

    /** The text of token ids. */
    public String decode(int[] ids) {
        if (ids == null) {
            throw new IllegalArgumentException("ids must not be null");
        }
        StringBuilder b = new StringBuilder(ids.length);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= codePoints.length) {
                throw new IllegalArgumentException("ids[" + i + "] = " + ids[i] + " is out of range; allowed: 0.."
                        + (codePoints.length - 1));
            }
            b.appendCodePoint(codePoints[ids[i]]);
        }
        return b.toString();
    }

    @Override
    public String toString() {
        String a = alphabet().replace("\n", "\\n");
        return "CharTokenizer[vocabSize=" + vocabSize() + ", alphabet=\"" + a + "\"]";
    }
}
