package dev.modelkit.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input is refused with a message naming the field, the value and what is allowed. */
class BadInputTest {

    private static final Transformer TINY = Transformer.builder().preset(Preset.TINY).build();

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("vocabSize = 0", "1..", () -> Transformer.builder().vocabSize(0)),
                bad("vocabSize = -5", "1..", () -> Transformer.builder().vocabSize(-5)),
                bad("contextLength = 0", "1..", () -> Transformer.builder().contextLength(0)),
                bad("dModel = 0", "1..", () -> Transformer.builder().dModel(0)),
                bad("dModel = -128", "1..", () -> Transformer.builder().dModel(-128)),
                bad("layers = 0", "1..", () -> Transformer.builder().layers(0)),
                bad("heads = 0", "1..", () -> Transformer.builder().heads(0)),
                bad("heads = 256", "1..128", () -> Transformer.builder().heads(256)),
                bad("dModel = 130", "multiple of heads", () -> Transformer.builder().dModel(130)),
                bad("mlpRatio = 0", "1..", () -> Transformer.builder().mlpRatio(0)),
                bad("mlpRatio = 20000000", "mlpRatio * dModel <=",
                        () -> Transformer.builder().mlpRatio(20_000_000)),
                bad("tensor tok_emb", "vocabSize or dModel",
                        () -> Transformer.builder().vocabSize(50_000_000).dModel(128)),
                bad("tensor pos_emb", "contextLength or dModel",
                        () -> Transformer.builder().contextLength(40_000_000).dModel(128)),
                bad("tensor blocks.0.attn.qkv.weight", "2147483639",
                        () -> Transformer.builder().dModel(32_768).heads(4)),
                bad("layers = 2147483647", "1.." + ModelConfig.MAX_LAYERS,
                        () -> Transformer.builder().layers(Integer.MAX_VALUE)),
                bad("contextLength * vocabSize", "reduce contextLength or vocabSize",
                        () -> Transformer.builder().vocabSize(100_000).contextLength(30_000).dModel(4)),
                bad("contextLength * mlpRatio * dModel", "reduce contextLength, dModel or mlpRatio",
                        () -> Transformer.builder().contextLength(2_000_000).dModel(256).heads(4).mlpRatio(8).vocabSize(2)),
                bad("model too large for the heap", "estimated",
                        () -> Transformer.builder().vocabSize(50).contextLength(64).dModel(26_752).heads(4)
                                .layers(ModelConfig.MAX_LAYERS).mlpRatio(3)),
                bad("model too large for the heap", "estimated",
                        () -> Transformer.builder().dModel(8192).heads(8).layers(100)),
                bad("kvHeads = 3 does not divide heads = 8", "1, 2, 4, 8",
                        () -> Transformer.builder().heads(8).kvHeads(3)),
                bad("kvHeads = 0", "divisor of heads", () -> Transformer.builder().kvHeads(0)),
                bad("kvHeads = 8 does not divide heads = 4", "1, 2, 4", () -> Transformer.builder().kvHeads(8)),
                bad("headDim = 7 is odd", "even headDim with positions = ROPE",
                        () -> Transformer.builder().positions(Positions.ROPE).headDim(7)),
                bad("headDim = 5 is odd", "even headDim",
                        () -> Transformer.builder().dModel(20).heads(4).positions(Positions.ROPE)),
                bad("headDim = -1", "0 (dModel / heads) or 1..", () -> Transformer.builder().headDim(-1)),
                bad("intermediateSize = 0", "1..2147483639", () -> Transformer.builder().intermediateSize(0)),
                bad("intermediateSize = -4", "1..", () -> Transformer.builder().mlp(Mlp.SWIGLU, -4)),
                bad("normEps = 0.0", "greater than 0", () -> Transformer.builder().norm(Norm.RMS_NORM, 0)),
                bad("normEps = NaN", "greater than 0", () -> Transformer.builder().norm(Norm.LAYER_NORM, Double.NaN)),
                bad("ropeTheta = 0.5", "greater than 1", () -> Transformer.builder().positions(Positions.ROPE, 0.5)),
                bad("ropeTheta = Infinity", "finite",
                        () -> Transformer.builder().positions(Positions.ROPE, Double.POSITIVE_INFINITY)),
                bad("norm must not be null", "LAYER_NORM, RMS_NORM", () -> Transformer.builder().norm(null)),
                bad("mlp must not be null", "GELU, SWIGLU", () -> Transformer.builder().mlp(null)),
                bad("positions must not be null", "LEARNED, ROPE", () -> Transformer.builder().positions(null)),
                bad("tensor blocks.0.mlp.gate.weight", "dModel or mlpRatio (intermediateSize)",
                        () -> Transformer.builder().mlp(Mlp.SWIGLU, 20_000_000)));
    }

    private static Arguments bad(String field, String allowed, Supplier<TransformerBuilder> builder) {
        return Arguments.of(field, allowed, builder);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigsAreRefusedAtBuild(String field, String allowed, Supplier<TransformerBuilder> builder) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        assertMessage(field, allowed, () -> builder.get().build());
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < (1 << 20), field + ": refusing allocated " + allocated + " bytes first");
    }

    @Test
    void nullsAreRefused() {
        assertMessage("preset must not be null", "", () -> Transformer.builder().preset(null));
        assertMessage("init must not be null", "", () -> Transformer.builder().init(null));
        assertMessage("pool must not be null", "", () -> Transformer.builder().pool(null));
        assertMessage("config must not be null", "", () -> Transformer.builder().config(null));
        assertMessage("tokens must not be null", "", () -> TINY.forward(null));
    }

    @Test
    void badTokensAreRefused() {
        assertMessage("tokens: length 0", "1..64", () -> TINY.forward(new int[0]));
        assertMessage("tokens: length 65", "1..64", () -> TINY.forward(new int[65]));
        assertMessage("tokens[2] = 50", "0..49", () -> TINY.forward(new int[] {1, 2, 50}));
        assertMessage("tokens[0] = -1", "0..49", () -> TINY.forward(new int[] {-1}));
        assertMessage("logits: length 10", "at least T * vocabSize",
                () -> TINY.forward(new int[] {1, 2}, new float[10]));
    }

    @Test
    void badGenerationArgumentsAreRefused() {
        assertMessage("sampler must not be null", "Sampler.greedy()",
                () -> TINY.generate(new int[] {1}, 3, null));
        assertMessage("n = -1", "0..", () -> TINY.generate(new int[] {1}, -1, Sampler.greedy()));
        assertMessage("n = 2147483647", "0..2147483637", () -> TINY.generate(new int[] {1, 2}, Integer.MAX_VALUE, Sampler.greedy()));
        assertMessage("prompt: length 0", "1..", () -> TINY.generate(new int[0], 3, Sampler.greedy()));
        assertMessage("prompt[1] = 99", "0..49", () -> TINY.generate(new int[] {1, 99}, 3, Sampler.greedy()));
        assertMessage("k = 0", "1..", () -> Sampler.topK(0, 1.0, 1));
        assertMessage("temperature = 0.0", "> 0", () -> Sampler.temperature(0, 1));
        assertMessage("temperature = NaN", "> 0", () -> Sampler.temperature(Double.NaN, 1));
        assertMessage("temperature = Infinity", "> 0", () -> Sampler.topK(3, Double.POSITIVE_INFINITY, 1));
    }

    @Test
    void unknownOptionNamesAreRefused() {
        assertMessage("norm: unknown value 'batch'", "layer_norm, rms_norm", () -> Norm.parse("batch"));
        assertMessage("mlp: unknown value 'relu'", "gelu, swiglu", () -> Mlp.parse("relu"));
        assertMessage("positions: unknown value 'alibi'", "learned, rope", () -> Positions.parse("alibi"));
        assertMessage("vocabSize is not set", "1..", () -> ModelConfig.builder().build());
        assertTrue(Norm.parse("RMSNorm") == Norm.RMS_NORM && Preset.parse("llama-tiny") == Preset.LLAMA_TINY);
    }

    @Test
    void unknownNamesAreRefused() {
        assertMessage("no parameter named 'blocks.9.ln1.gamma'", "tok_emb",
                () -> TINY.parameter("blocks.9.ln1.gamma"));
        assertMessage("preset: unknown value 'huge'", "tiny, small, medium", () -> Preset.parse("huge"));
        assertMessage("blocks.0.ln1.gamma: expected 128 values", "got 3",
                () -> TINY.parameter("blocks.0.ln1.gamma").copyFrom(new float[3]));
    }

    private static void assertMessage(String field, String allowed, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        String msg = e.getMessage();
        assertTrue(msg.contains(field), "message lacks '" + field + "': " + msg);
        assertTrue(msg.contains(allowed), "message lacks '" + allowed + "': " + msg);
    }
}
