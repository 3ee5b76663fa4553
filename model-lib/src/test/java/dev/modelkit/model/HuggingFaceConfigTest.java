package dev.modelkit.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HuggingFaceConfigTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(PublishedModel.class)
    void shippedConfigsGiveTheirPublishedParameterCounts(PublishedModel m) {
        ModelConfig cfg = m.config();
        assertEquals(m.publishedParameters(), cfg.parameterCount(), m + " " + cfg);
        assertEquals(cfg.parameterCount(), cfg.layout().stream().mapToLong(ParameterSpec::numel).sum());
    }

    @Test
    void theFourCountsAsPublished() {
        assertEquals(124_439_808L, PublishedModel.GPT2.config().parameterCount());
        assertEquals(6_738_415_616L, PublishedModel.LLAMA_2_7B.config().parameterCount());
        assertEquals(7_241_732_096L, PublishedModel.MISTRAL_7B.config().parameterCount());
        assertEquals(8_030_261_248L, PublishedModel.LLAMA_3_8B.config().parameterCount());
    }

    /** The same count from the architecture by hand: embeddings + L · (attention + MLP + 2 norms) + final norm + head. */
    @ParameterizedTest
    @EnumSource(value = PublishedModel.class, names = {"LLAMA_2_7B", "MISTRAL_7B", "LLAMA_3_8B"})
    void llamaFamilyCountsFollowTheFormula(PublishedModel m) {
        ModelConfig c = m.config();
        long d = c.dModel();
        long attention = d * c.qWidth() + 2 * d * c.kvWidth() + (long) c.qWidth() * d;   // q, k, v, o
        long mlp = 3 * d * c.intermediateSize();                                         // gate, up, down
        long perLayer = attention + mlp + 2 * d;                                          // 2 RMSNorm gains
        long expected = 2L * c.vocabSize() * d + c.layers() * perLayer + d;
        assertEquals(expected, c.parameterCount());
    }

    @Test
    void gpt2IsTheGpt2SmallPreset() {
        ModelConfig cfg = PublishedModel.GPT2.config();
        assertEquals(Preset.GPT2_SMALL.config(), cfg);
        assertTrue(cfg.tieEmbeddings());
        assertEquals(Norm.LAYER_NORM, cfg.norm());
        assertEquals(Positions.LEARNED, cfg.positions());
        assertEquals(3072, cfg.intermediateSize());
    }

    @Test
    void llamaFieldsAreMapped() {
        ModelConfig l2 = PublishedModel.LLAMA_2_7B.config();
        assertEquals(32, l2.kvHeads());
        assertEquals(128, l2.headDim());
        assertEquals(11_008, l2.intermediateSize());
        assertEquals(Mlp.SWIGLU, l2.mlp());
        assertEquals(Norm.RMS_NORM, l2.norm());
        assertEquals(1e-5, l2.normEps());
        assertEquals(Positions.ROPE, l2.positions());
        assertEquals(10_000.0, l2.ropeTheta());     // absent from Llama-2's file: LlamaConfig's default
        assertEquals(false, l2.bias());
        assertEquals(false, l2.tieEmbeddings());
        assertEquals(4096, l2.contextLength());
        ModelConfig mistral = PublishedModel.MISTRAL_7B.config();
        assertEquals(8, mistral.kvHeads());
        assertEquals(32_768, mistral.contextLength());
        ModelConfig l3 = PublishedModel.LLAMA_3_8B.config();
        assertEquals(500_000.0, l3.ropeTheta());
        assertEquals(128_256, l3.vocabSize());
        assertEquals(8, l3.kvHeads());
    }

    @Test
    void readsAFileAndAnExplicitHeadDim() throws IOException {
        Path f = write("""
                {"model_type": "llama", "hidden_size": 64, "intermediate_size": 176, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 32, "vocab_size": 100,
                 "max_position_embeddings": 128, "rms_norm_eps": 1e-6, "tie_word_embeddings": true}
                """);
        ModelConfig c = ModelConfig.fromHuggingFace(f);
        assertEquals(32, c.headDim());
        assertEquals(128, c.qWidth());
        assertEquals(64, c.kvWidth());
        assertEquals(1e-6, c.normEps());
        assertTrue(c.tieEmbeddings());
    }

    @Test
    void notJson() throws IOException {
        fails(write("{\"model_type\": \"llama\", "), "not JSON", "offset");
        fails(write("[1, 2]"), "top level is not a JSON object");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelConfig.fromHuggingFace(dir.resolve("absent.json")));
        assertTrue(e.getMessage().contains("absent.json") && e.getMessage().contains("cannot be read"), e.getMessage());
    }

    @Test
    void unknownModelType() throws IOException {
        fails(write(PublishedModel.LLAMA_2_7B.json().replace("\"llama\"", "\"falcon\"")),
                "model_type = 'falcon'", "allowed: gpt2", "llama, mistral");
        fails(write("{\"n_embd\": 768}"), "field 'model_type' is missing");
    }

    @Test
    void missingFieldsAreNamed() throws IOException {
        fails(write(PublishedModel.LLAMA_2_7B.json().replace("\"hidden_size\": 4096,", "")),
                "field 'hidden_size' is missing", "model_type 'llama'");
        fails(write(PublishedModel.GPT2.json().replace("\"n_layer\": 12,", "")), "field 'n_layer' is missing");
        fails(write(PublishedModel.MISTRAL_7B.json().replace("\"vocab_size\": 32000", "\"vocab_size\": null")),
                "field 'vocab_size' is missing");
    }

    @Test
    void outOfRangeAndInconsistentValuesAreNamed() throws IOException {
        String llama = PublishedModel.LLAMA_3_8B.json();
        fails(write(llama.replace("\"num_hidden_layers\": 32", "\"num_hidden_layers\": 0")),
                "num_hidden_layers = 0 is out of range", "allowed: 1..");
        fails(write(llama.replace("\"hidden_size\": 4096", "\"hidden_size\": 4096.5")),
                "hidden_size = 4096.5 is not an integer");
        fails(write(llama.replace("\"hidden_size\": 4096", "\"hidden_size\": \"4096\"")),
                "hidden_size = \"4096\" is not an integer");
        fails(write(llama.replace("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 7")),
                "num_key_value_heads = 7 does not divide num_attention_heads = 32");
        fails(write(llama.replace("\"num_attention_heads\": 32", "\"num_attention_heads\": 24")
                        .replace("\"num_key_value_heads\": 8", "\"num_key_value_heads\": 6")),
                "num_attention_heads = 24 does not divide hidden_size = 4096");
        fails(write(llama.replace("\"rms_norm_eps\": 1e-05", "\"rms_norm_eps\": -1")), "rms_norm_eps = -1 is out of range");
        fails(write(llama.replace("\"rope_theta\": 500000.0", "\"rope_theta\": 1.0")), "rope_theta", "ropeTheta = 1.0");
        fails(write(llama.replace("\"tie_word_embeddings\": false", "\"tie_word_embeddings\": \"no\"")),
                "tie_word_embeddings = \"no\" is not a boolean");
        fails(write(llama.replace("\"hidden_act\": \"silu\"", "\"hidden_act\": \"relu\"")),
                "hidden_act = 'relu'", "allowed: silu");
        fails(write(llama.replace("\"rope_scaling\": null", "\"rope_scaling\": {\"type\": \"linear\"}")),
                "rope_scaling", "allowed: null");
        fails(write(llama.replace("\"num_attention_heads\": 32,", "\"num_attention_heads\": 32, \"head_dim\": 33,")),
                "head dimension = 33 (head_dim) is odd");
        fails(write(PublishedModel.GPT2.json().replace("\"n_head\": 12", "\"n_head\": 7")),
                "n_head = 7 does not divide n_embd = 768");
        fails(write(PublishedModel.GPT2.json().replace("\"gelu_new\"", "\"relu\"")), "activation_function = 'relu'");
    }

    @Test
    void publishedModelNames() {
        assertEquals(PublishedModel.LLAMA_2_7B, PublishedModel.parse("llama-2-7b"));
        assertEquals(PublishedModel.MISTRAL_7B, PublishedModel.parse("Mistral-7B"));
        assertEquals(PublishedModel.LLAMA_3_8B, PublishedModel.parse("LLAMA_3_8B"));
        assertEquals(PublishedModel.GPT2, PublishedModel.parse("gpt2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublishedModel.parse("gpt5"));
        assertTrue(e.getMessage().contains("'gpt5'") && e.getMessage().contains("llama-2-7b"), e.getMessage());
    }

    private Path write(String json) throws IOException {
        Path f = Files.createTempFile(dir, "config", ".json");
        Files.writeString(f, json);
        return f;
    }

    private static void fails(Path f, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelConfig.fromHuggingFace(f));
        assertTrue(e.getMessage().startsWith(f.toString()), "names the file: " + e.getMessage());
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' lacks '" + p + "'");
        }
    }
}
