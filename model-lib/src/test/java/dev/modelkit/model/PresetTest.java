package dev.modelkit.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PresetTest {

    @Test
    void presetsReproduceTheReferenceCountsExactly() {
        assertCounts(Preset.TINY, 417_792L, 29);
        assertCounts(Preset.SMALL, 3_243_520L, 53);
        assertCounts(Preset.MEDIUM, 10_773_504L, 77);
    }

    private static void assertCounts(Preset preset, long params, int tensors) {
        Transformer m = Transformer.builder().preset(preset).init(Init.LAZY).build();
        assertEquals(params, m.parameterCount(), preset + " params");
        assertEquals(tensors, m.tensorCount(), preset + " tensors");
        assertEquals(params, m.parameters().stream().mapToLong(Parameter::numel).sum());
        assertEquals(preset.referenceParameters(), params);
        assertEquals(preset.referenceTensors(), tensors);
    }

    @ParameterizedTest
    @EnumSource(value = Preset.class, names = {"TINY", "SMALL", "MEDIUM"})   // the untied presets
    void tiedEmbeddingsDropTheHead(Preset preset) {
        ModelConfig c = preset.config();
        Transformer tied = Transformer.builder().preset(preset).tieEmbeddings(true).init(Init.LAZY).build();
        assertEquals(preset.referenceTensors() - 1, tied.tensorCount());
        assertEquals(preset.referenceParameters() - (long) c.vocabSize() * c.dModel(), tied.parameterCount());
        assertSame(tied.parameter("tok_emb"), tied.weights().head());
        assertThrows(IllegalArgumentException.class, () -> tied.parameter("lm_head.weight"));
    }

    private static void assertSame(Object a, Object b) {
        assertTrue(a == b, "expected the same instance");
    }

    @Test
    void closedFormCountEqualsTheSumOverTheLayout() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int i = 0; i < 50; i++) {
            int heads = r.nextInt(1, 9);
            ModelConfig c = new ModelConfig(r.nextInt(1, 500), r.nextInt(1, 300), heads * r.nextInt(1, 40),
                    r.nextInt(1, 7), heads, r.nextInt(1, 6), r.nextBoolean());
            assertEquals(c.layout().stream().mapToLong(ParameterSpec::numel).sum(), c.parameterCount(), c.toString());
            assertEquals(c.layout().size(), c.tensorCount(), c.toString());
        }
    }

    @Test
    void presetFieldsMatchTheReferenceTable() {
        assertEquals(new ModelConfig(50, 64, 128, 2, 4, 4, false), Preset.TINY.config());
        assertEquals(new ModelConfig(100, 128, 256, 4, 4, 4, false), Preset.SMALL.config());
        assertEquals(new ModelConfig(100, 128, 384, 6, 6, 4, false), Preset.MEDIUM.config());
    }

    @Test
    void parameterNamesFollowOneSchemeInReferenceOrder() {
        List<Parameter> ps = Transformer.builder().preset(Preset.TINY).init(Init.LAZY).build().parameters();
        List<String> expected = List.of("tok_emb", "pos_emb",
                "blocks.0.ln1.gamma", "blocks.0.ln1.beta", "blocks.0.attn.qkv.weight", "blocks.0.attn.qkv.bias",
                "blocks.0.attn.proj.weight", "blocks.0.attn.proj.bias", "blocks.0.ln2.gamma", "blocks.0.ln2.beta",
                "blocks.0.mlp.fc1.weight", "blocks.0.mlp.fc1.bias", "blocks.0.mlp.fc2.weight", "blocks.0.mlp.fc2.bias",
                "blocks.1.ln1.gamma", "blocks.1.ln1.beta", "blocks.1.attn.qkv.weight", "blocks.1.attn.qkv.bias",
                "blocks.1.attn.proj.weight", "blocks.1.attn.proj.bias", "blocks.1.ln2.gamma", "blocks.1.ln2.beta",
                "blocks.1.mlp.fc1.weight", "blocks.1.mlp.fc1.bias", "blocks.1.mlp.fc2.weight", "blocks.1.mlp.fc2.bias",
                "ln_f.gamma", "ln_f.beta", "lm_head.weight");
        assertEquals(expected, ps.stream().map(Parameter::name).toList());
    }

    @Test
    void shapesFollowThePyTorchLinearLayout() {
        Transformer m = Transformer.builder().preset(Preset.TINY).init(Init.LAZY).build();
        assertArrayEquals(new int[] {50, 128}, m.parameter("tok_emb").shape());
        assertArrayEquals(new int[] {64, 128}, m.parameter("pos_emb").shape());
        assertArrayEquals(new int[] {384, 128}, m.parameter("blocks.0.attn.qkv.weight").shape());
        assertArrayEquals(new int[] {384}, m.parameter("blocks.0.attn.qkv.bias").shape());
        assertArrayEquals(new int[] {128, 128}, m.parameter("blocks.1.attn.proj.weight").shape());
        assertArrayEquals(new int[] {512, 128}, m.parameter("blocks.0.mlp.fc1.weight").shape());
        assertArrayEquals(new int[] {128, 512}, m.parameter("blocks.0.mlp.fc2.weight").shape());
        assertArrayEquals(new int[] {50, 128}, m.parameter("lm_head.weight").shape());
        assertFalse(m.parameter("lm_head.weight").isMaterialized());
    }

    private static void assertArrayEquals(int[] expected, int[] actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
    }

    @Test
    void gpt2SmallHasThePublishedCount() {
        ModelConfig c = Preset.GPT2_SMALL.config();
        assertEquals(124_439_808L, c.parameterCount());
        assertEquals(148, c.tensorCount());
        assertEquals(c.layout().stream().mapToLong(ParameterSpec::numel).sum(), c.parameterCount());
        assertEquals(Preset.GPT2_SMALL.referenceParameters(), c.parameterCount());
        assertEquals(124_439_808L + 50_257L * 768, c.withTieEmbeddings(false).parameterCount());
        assertEquals(64, c.headDim());
        assertEquals(3072, c.intermediateSize());
    }

    @Test
    void llamaTinyHasNoPositionTableNoBetasNoBiasesAndAGate() {
        ModelConfig c = Preset.LLAMA_TINY.config();
        assertEquals(3_264_768L, c.parameterCount());
        assertEquals(31, c.tensorCount());
        assertEquals(Preset.LLAMA_TINY.referenceParameters(), c.parameterCount());
        assertEquals(Preset.LLAMA_TINY.referenceTensors(), c.layout().size());
        // within 1% of SMALL, the GPT-style model its loss curve is compared with
        assertEquals(1.0, (double) c.parameterCount() / Preset.SMALL.config().parameterCount(), 0.01);
        List<String> block0 = c.layout().stream().map(ParameterSpec::name).filter(n -> n.startsWith("blocks.0.")).toList();
        assertEquals(List.of("blocks.0.ln1.gamma", "blocks.0.attn.qkv.weight", "blocks.0.attn.proj.weight",
                "blocks.0.ln2.gamma", "blocks.0.mlp.gate.weight", "blocks.0.mlp.fc1.weight", "blocks.0.mlp.fc2.weight"),
                block0);
        ParameterSpec qkv = c.layout().get(2);
        assertEquals("blocks.0.attn.qkv.weight", qkv.name());
        assertEquals("[384, 256]", qkv.shapeString());             // (8 + 2·2) heads of 32, over C = 256
        assertEquals("ln_f.gamma", c.layout().get(c.layout().size() - 2).name());
        assertEquals(32, c.headDim());
        assertEquals(0, c.mlpRatio());
        assertEquals(4, c.queriesPerKvHead());
    }

    @Test
    void closedFormCountEqualsTheSumOverTheLayoutForEveryOption() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(6);
        for (int i = 0; i < 200; i++) {
            int kv = r.nextInt(1, 4);
            int heads = kv * r.nextInt(1, 4);
            int headDim = 2 * r.nextInt(1, 9);
            ModelConfig c = ModelConfig.builder().vocabSize(r.nextInt(1, 300)).contextLength(r.nextInt(1, 100))
                    .dModel(r.nextInt(1, 64)).layers(r.nextInt(1, 4)).heads(heads).kvHeads(kv).headDim(headDim)
                    .intermediateSize(r.nextInt(1, 100)).norm(r.nextBoolean() ? Norm.RMS_NORM : Norm.LAYER_NORM)
                    .mlp(r.nextBoolean() ? Mlp.SWIGLU : Mlp.GELU)
                    .positions(r.nextBoolean() ? Positions.ROPE : Positions.LEARNED)
                    .bias(r.nextBoolean()).tieEmbeddings(r.nextBoolean()).build();
            assertEquals(c.layout().stream().mapToLong(ParameterSpec::numel).sum(), c.parameterCount(), c.toString());
            assertEquals(c.layout().size(), c.tensorCount(), c.toString());
            assertEquals(c, ModelConfig.builder(c).build(), "a builder on a config rebuilds it");
        }
    }

    @Test
    void theReadmeSnippetsBuildThePresets() {
        assertEquals(Preset.LLAMA_TINY.config(), Transformer.builder().preset(Preset.SMALL).heads(8).kvHeads(2)
                .mlp(Mlp.SWIGLU, 832).norm(Norm.RMS_NORM, 1e-5).positions(Positions.ROPE).bias(false).config());
        assertEquals(Preset.LLAMA_TINY.config(), Transformer.builder().vocabSize(100).contextLength(128).dModel(256)
                .layers(4).heads(8).kvHeads(2).mlp(Mlp.SWIGLU, 832).norm(Norm.RMS_NORM, 1e-5)
                .positions(Positions.ROPE, 10_000).bias(false).headDim(0).config());
        assertEquals(List.of(Preset.TINY, Preset.SMALL, Preset.MEDIUM), Preset.reference());
    }

    @Test
    void derivedFieldsFollowTheFieldsTheyComeFrom() {
        ModelConfig gpt = Transformer.builder().preset(Preset.GPT2_SMALL).dModel(512).heads(8).config();
        assertEquals(4 * 512, gpt.intermediateSize());              // the 4·C rule follows dModel
        assertEquals(64, gpt.headDim());
        assertEquals(8, gpt.kvHeads());                             // multi-head stays multi-head
        assertTrue(gpt.tieEmbeddings());
        ModelConfig llama = Transformer.builder().preset(Preset.LLAMA_TINY).dModel(128).config();
        assertEquals(832, llama.intermediateSize());                // an explicit width stays
        assertEquals(2, llama.kvHeads());
        assertEquals(16, llama.headDim());                          // derived: 128 / 8
        assertEquals(Norm.RMS_NORM, llama.norm());
        assertEquals(Preset.LLAMA_TINY.config(), Transformer.builder().config(Preset.LLAMA_TINY.config())
                .preset(Preset.TINY).config());
        assertEquals("ModelConfig[vocab=100, context=128, dModel=256, layers=4, heads=8, kvHeads=2, "
                + "intermediateSize=832, norm=rms_norm(eps=1.0E-5), mlp=swiglu, positions=rope(theta=10000.0), "
                + "bias=false, tied=false]", Preset.LLAMA_TINY.config().toString());
        assertEquals("ModelConfig[vocab=50, context=64, dModel=128, layers=2, heads=4, mlpRatio=4, tied=false]",
                Preset.TINY.config().toString());
    }

    @Test
    void overridesWinWhateverTheOrder() {
        ModelConfig a = Transformer.builder().dModel(96).preset(Preset.MEDIUM).config();
        ModelConfig b = Transformer.builder().preset(Preset.MEDIUM).dModel(96).config();
        assertEquals(a, b);
        assertEquals(96, a.dModel());
        assertEquals(6, a.layers());
        assertEquals(Preset.MEDIUM, Preset.parse(" medium "));
    }
}
