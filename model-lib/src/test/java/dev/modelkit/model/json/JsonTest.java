package dev.modelkit.model.json;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void jsonParserIsStrict() {
        assertEquals(Map.of("a", List.of(1L, 2.5, "x\n\u00e9", true, false)),
                Json.parse(" {\"a\": [1, 2.5, \"x\\n\\u00e9\", true, false]} "));
        for (String bad : new String[] {"{", "{\"a\":}", "{\"a\":1,}", "[1 2]", "{\"a\":1}x", "\"\\q\"",
                "{\"a\":1,\"a\":2}", "[".repeat(100) + "]".repeat(100), "01x", "{'a':1}"}) {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void errorsNameTheDocumentAndTheOffset() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\"n_embd\": 768,}", "config.json"));
        assertTrue(e.getMessage().startsWith("config.json: "), e.getMessage());
        assertTrue(e.getMessage().contains("at offset 15"), e.getMessage());
    }
}
