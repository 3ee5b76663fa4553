package dev.modelkit.model.memory;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.PublishedModel;
import dev.modelkit.model.Transformer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** 7B and 8B models are described analytically: nothing of their size is allocated, no Java array limit applies. */
class FullSizeTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static long allocated() {
        return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    @ParameterizedTest
    @EnumSource(value = PublishedModel.class, names = {"LLAMA_2_7B", "MISTRAL_7B", "LLAMA_3_8B"})
    void trainingAndInferenceAreAnalyticBeyondTheArrayLimit(PublishedModel m) {
        ModelConfig c = m.config();
        long before = allocated();
        // (B, H, T, T) attention probabilities of one layer: 8 · 32 · 4096² = 4.3e9 elements, beyond any Java array
        MemoryReport train = MemoryModel.of(c).dtype(DType.BF16).batch(8).sequence(4096).optimizer(Optimizer.ADAMW)
                .report();
        MemoryReport infer = MemoryModel.of(c).dtype(DType.BF16).batch(8).sequence(4096).report();
        long used = allocated() - before;
        assertTrue(used < 64L << 20, m + ": the analytic reports allocated " + used + " bytes");
        long p = c.parameterCount();
        assertEquals(2 * p, train.weights());
        assertEquals(2 * p, train.gradients());
        assertEquals(4 * p, train.optimizerState());            // m and v at BF16, this model's rule
        assertEquals(12 * p, train.published().optimizerState()); // Math 101 mixed precision: fp32 master + m + v
        assertEquals((long) c.layers() * 8 * 32 * 4096 * 4096 * 2, train.attention());   // (B, H, T, T) × L × 2 B
        assertEquals(MemoryReport.kvCacheBytes(c, 8, 4096, DType.BF16), infer.kvCache());
        assertEquals(2L * c.layers() * c.kvHeads() * c.headDim() * 4096 * 8 * 2, infer.kvCache());
        assertTrue(train.total() > 80_000_000_000L, m + " does not train in 80 GB at B=8, T=4096: " + train.total());
    }

    @Test
    void groupedQueryAttentionCutsTheKvCacheFourfold() {
        long llama2 = MemoryReport.kvCacheBytesPerToken(PublishedModel.LLAMA_2_7B.config(), DType.BF16);
        long mistral = MemoryReport.kvCacheBytesPerToken(PublishedModel.MISTRAL_7B.config(), DType.BF16);
        long llama3 = MemoryReport.kvCacheBytesPerToken(PublishedModel.LLAMA_3_8B.config(), DType.BF16);
        assertEquals(524_288, llama2);      // 2 · 32 layers · 32 heads · 128 · 2 B
        assertEquals(131_072, mistral);     // 2 · 32 layers · 8 KV heads · 128 · 2 B
        assertEquals(131_072, llama3);
        assertEquals(36_864, MemoryReport.kvCacheBytesPerToken(PublishedModel.GPT2.config(), DType.BF16));
    }

    @Test
    void aContextBeyondTheArrayLimitIsStillAnalytic() {
        // 131,072 × 128,256 logits would not fit one array; the config and the report do not need one
        ModelConfig c = PublishedModel.LLAMA_3_8B.config().withContextLength(131_072);
        assertEquals(PublishedModel.LLAMA_3_8B.publishedParameters(), c.parameterCount());   // RoPE: no position table
        MemoryReport r = MemoryModel.of(PublishedModel.LLAMA_3_8B.config()).dtype(DType.BF16).sequence(131_072)
                .allowBeyondContext().report();
        assertEquals(131_072L * 131_072, r.kvCache());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::requireArrays);
        assertTrue(e.getMessage().contains("contextLength * vocabSize"), e.getMessage());
    }

    @Test
    void buildingOneIsRefusedWithTheEstimateBeforeAllocating() {
        long before = allocated();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Transformer.builder().config(PublishedModel.LLAMA_2_7B.config()).build());
        assertTrue(allocated() - before < 1L << 20, "refusing allocated " + (allocated() - before));
        assertTrue(e.getMessage().contains("model too large for the heap") && e.getMessage().contains("estimated")
                && e.getMessage().contains("6,738,415,616"), e.getMessage());
    }

    @Test
    void whatFitsIn24And80Gb() {
        ModelConfig l2 = PublishedModel.LLAMA_2_7B.config();
        Fit infer24 = MemoryModel.of(l2).dtype(DType.BF16).fits(24_000_000_000L);
        Fit train80 = MemoryModel.of(l2).dtype(DType.BF16).optimizer(Optimizer.ADAMW).fits(80_000_000_000L);
        Fit int4 = MemoryModel.of(l2).dtype(DType.INT4).fits(24_000_000_000L);
        assertTrue(infer24.modelFits() && infer24.maxBatch() >= 1, infer24.toString());
        assertTrue(int4.maxBatch() > infer24.maxBatch(), int4 + "\n" + infer24);
        // pure BF16 AdamW states are 8 B/param = 54 GB: they fit in 80 GB, with room for a few short sequences
        assertTrue(train80.modelFits(), train80.toString());
        assertEquals(8 * l2.parameterCount(), train80.fixed());
        assertTrue(MemoryModel.of(l2).dtype(DType.BF16).optimizer(Optimizer.ADAMW).fits(24_000_000_000L).maxBatch() == 0);
    }
}
