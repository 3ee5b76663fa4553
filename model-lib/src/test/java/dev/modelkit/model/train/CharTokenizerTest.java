package dev.modelkit.model.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharTokenizerTest {

    @Test
    void idsAreRanksOfTheSortedDistinctCharactersAndRoundTrip() {
        CharTokenizer tok = CharTokenizer.fit("hello world");
        assertEquals(8, tok.vocabSize());
        assertEquals(" dehlorw", tok.alphabet());
        assertArrayEquals(new int[] {3, 2, 4, 4, 5}, tok.encode("hello"));
        assertEquals("low", tok.decode(tok.encode("low")));
        assertEquals(tok.alphabet(), CharTokenizer.ofAlphabet(tok.alphabet()).alphabet());
    }

    @Test
    void theShippedCorpusRoundTrips() {
        String text = TextDataset.tinyCorpus();
        assertTrue(text.length() > 10_000 && text.length() < 300_000, "corpus size " + text.length());
        CharTokenizer tok = CharTokenizer.fit(text);
        assertEquals(text, tok.decode(tok.encode(text)));
    }

    @Test
    void charactersOutsideTheBmpAreOneToken() {
        CharTokenizer tok = CharTokenizer.fit("a\uD83D\uDE00b");
        assertEquals(3, tok.vocabSize());
        assertEquals(3, tok.encode("a\uD83D\uDE00b").length);
        assertEquals("\uD83D\uDE00", tok.decode(new int[] {2}));
    }

    @Test
    void unknownCharactersAreRefusedWithCharacterAndIndex() {
        CharTokenizer tok = CharTokenizer.fit("abc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tok.encode("abxc"));
        assertTrue(e.getMessage().contains("text[2] = 'x' (U+0078)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> tok.decode(new int[] {0, 3}));
        assertTrue(e.getMessage().contains("ids[1] = 3 is out of range; allowed: 0..2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CharTokenizer.fit(""));
    }

    @Test
    void batchesAreSeededWindowsWhoseTargetsAreTheNextTokens() {
        int[] tokens = new int[100];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = i;
        }
        TextDataset a = new TextDataset(tokens, 1);
        TextDataset b = new TextDataset(tokens, 1);
        TextDataset.Batch x = a.next(4, 10);
        TextDataset.Batch y = b.next(4, 10);
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(x.inputs()[r], y.inputs()[r]);
            for (int t = 0; t < 10; t++) {
                assertEquals(x.inputs()[r][t] + 1, x.targets()[r][t]);
            }
        }
        assertNotEquals(x.inputs()[0][0], new TextDataset(tokens, 2).next(4, 10).inputs()[0][0] + 1000);
        assertThrows(IllegalArgumentException.class, () -> a.next(1, 100));
    }
}
