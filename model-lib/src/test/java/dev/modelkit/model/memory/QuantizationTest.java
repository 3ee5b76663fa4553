package dev.modelkit.model.memory;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.ParameterSpec;
import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantizationTest {

    @Test
    void int4HalvesInt8AndEachGroupHasAScaleAndAZeroPoint() {
        ModelConfig cfg = Preset.SMALL.config();
        long p = cfg.parameterCount();
        long groups = 0;
        long int4 = 0;
        long int8 = 0;
        for (ParameterSpec s : cfg.layout()) {
            // the blocks' linear weights are quantized; embeddings, LM head, norms, biases stay 16-bit
            boolean quantized = s.role().perBlock() && s.kind() == dev.modelkit.model.init.ParameterKind.WEIGHT;
            if (!quantized) {
                int4 += 2 * s.numel();
                int8 += 2 * s.numel();
                continue;
            }
            long[] d = s.dims();
            long row = d[d.length - 1];
            groups += s.numel() / row * ((row + 127) / 128);
            int4 += (s.numel() + 1) / 2;
            int8 += s.numel();
        }
        MemoryReport r8 = MemoryModel.of(cfg).dtype(DType.INT8).report();
        MemoryReport r4 = MemoryModel.of(cfg).dtype(DType.INT4).report();
        assertEquals(int8, r8.weights());
        assertTrue(int8 > p && int8 < 2 * p, "SMALL's embeddings and head stay 16-bit");
        assertEquals(int4, r4.weights());
        // FP16 scale (2 B) + zero point at the weight width (1 B at INT8, 4 bits at INT4)
        assertEquals(3 * groups, r8.quantizationScales());
        assertEquals(2 * groups + (groups + 1) / 2, r4.quantizationScales());
        assertEquals(r4.weights() + r4.quantizationScales() + r4.activations() + r4.kvCache() + r4.logits(), r4.total());
        // weight-only: activations, KV cache and logits stay 16-bit
        MemoryReport bf16 = MemoryModel.of(cfg).dtype(DType.BF16).report();
        assertEquals(bf16.kvCache(), r4.kvCache());
        assertEquals(bf16.activations(), r4.activations());
        assertEquals(0, bf16.quantizationScales());
        assertTrue(r4.summary().stream().anyMatch(x -> x.item().equals("scales + zero points")
                && x.source().contains("per 128 weights")));
    }

    @Test
    void aSmallerGroupCostsMoreScales() {
        ModelConfig cfg = Preset.SMALL.config();
        long g128 = MemoryModel.of(cfg).dtype(DType.INT4).report().quantizationScales();
        long g32 = MemoryModel.of(cfg).dtype(DType.INT4).groupSize(32).report().quantizationScales();
        // every row of SMALL is a multiple of 128 long: exactly 4x the groups
        assertEquals(4 * g128, g32);
        assertEquals(32, MemoryModel.of(cfg).groupSize(32).report().groupSize());
    }

    @Test
    void badGroupSizeAndTrainingAtInt4AreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MemoryModel.of(Preset.TINY).groupSize(0));
        assertTrue(e.getMessage().contains("groupSize = 0") && e.getMessage().contains("1.."), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> MemoryModel.of(Preset.TINY).dtype(DType.INT4).optimizer(Optimizer.ADAMW).report());
        assertTrue(e.getMessage().contains("dtype = INT4") && e.getMessage().contains("NONE"), e.getMessage());
        assertEquals(DType.INT4, DType.parse("int4"));
    }
}
