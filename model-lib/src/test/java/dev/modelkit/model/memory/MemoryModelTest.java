package dev.modelkit.model.memory;

import dev.modelkit.model.ByteSize;
import dev.modelkit.model.Component;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Preset;
import dev.modelkit.model.KvCache;
import dev.modelkit.model.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryModelTest {

    @Test
    void mediumAnchors() {
        MemoryReport r = MemoryModel.of(Preset.MEDIUM.config()).batch(1).sequence(128)
                .optimizer(Optimizer.ADAMW).report();
        assertEquals(43_094_016L, r.weights());
        assertEquals("41.1 MiB", ByteSize.format(r.weights()));
        assertEquals(43_094_016L, r.gradients());
        assertEquals(86_188_032L, r.optimizerState());
        assertEquals(172_376_064L, r.modelStates());
        assertEquals("164 MiB", ByteSize.format(r.modelStates()));
    }

    @ParameterizedTest
    @EnumSource(value = Preset.class, names = {"TINY", "SMALL", "MEDIUM"})
    void exactWeightAndOptimizerBytesForEveryPreset(Preset p) {
        long params = p.referenceParameters();
        MemoryModel m = MemoryModel.of(p.config()).batch(2).sequence(16);
        MemoryReport none = m.optimizer(Optimizer.NONE).report();
        MemoryReport sgd = m.optimizer(Optimizer.SGD).report();
        MemoryReport mom = m.optimizer(Optimizer.SGD_MOMENTUM).report();
        MemoryReport adam = m.optimizer(Optimizer.ADAMW).report();
        for (MemoryReport r : new MemoryReport[] {none, sgd, mom, adam}) {
            assertEquals(4 * params, r.weights(), p + " " + r.optimizer());
        }
        assertEquals(0, none.gradients());
        assertEquals(0, none.optimizerState());
        assertEquals(4 * params, sgd.gradients());
        assertEquals(0, sgd.optimizerState());
        assertEquals(4 * params, mom.optimizerState());
        assertEquals(8 * params, adam.optimizerState());
        assertEquals(16 * params, adam.modelStates());
        // Each array adds a 16-byte header; float counts here are all even, so no padding.
        assertEquals(4 * params + 16L * p.referenceTensors(), adam.weightsWithJvmOverhead());
        assertEquals(p.referenceTensors(), adam.byTensor().size());
    }

    @Test
    void sixteenBitHalvesAndInt8QuartersTheWeights() {
        ModelConfig cfg = Preset.SMALL.config();
        long p = cfg.parameterCount();
        assertEquals(2 * p, MemoryModel.of(cfg).dtype(DType.BF16).report().weights());
        assertEquals(2 * p, MemoryModel.of(cfg).dtype(DType.FP16).optimizer(Optimizer.ADAMW).report().gradients());
        // INT8 quantizes the blocks' linear weights (1 B); embeddings, head, norms and biases stay 2 B
        long blockWeights = cfg.layout().stream()
                .filter(s -> s.role().perBlock() && s.kind() == dev.modelkit.model.init.ParameterKind.WEIGHT)
                .mapToLong(dev.modelkit.model.ParameterSpec::numel).sum();
        assertEquals(blockWeights + 2 * (p - blockWeights), MemoryModel.of(cfg).dtype(DType.INT8).report().weights());
        // Mixed precision AdamW, as published: fp32 master + m + v = 12 B/param.
        assertEquals(12 * p, MemoryModel.of(cfg).dtype(DType.BF16).optimizer(Optimizer.ADAMW).report()
                .published().optimizerState());
    }

    @ParameterizedTest
    @EnumSource(value = Preset.class, names = {"TINY", "SMALL", "MEDIUM"})
    void kvCacheFormula(Preset p) {
        ModelConfig cfg = p.config();
        int b = 3;
        int s = cfg.contextLength() / 2;
        long expected = 2L * cfg.layers() * cfg.heads() * cfg.headDim() * s * b * 4;
        MemoryReport r = MemoryModel.of(cfg).batch(b).sequence(s).report();
        assertEquals(expected, r.kvCache());
        assertEquals(expected / 2, MemoryModel.of(cfg).batch(b).sequence(s).dtype(DType.BF16).report().kvCache());
        // One sequence over the full context is exactly what the model's KvCache holds.
        assertEquals(KvCache.bytes(cfg), MemoryModel.of(cfg).report().kvCache());
        assertEquals(0, MemoryModel.of(cfg).optimizer(Optimizer.ADAMW).report().kvCache());
    }

    @ParameterizedTest
    @EnumSource(value = Preset.class, names = {"TINY", "SMALL", "MEDIUM"})
    void inferenceActivationsAreTheModelsWorkspace(Preset p) {
        ModelConfig cfg = p.config();
        MemoryReport r = MemoryModel.of(cfg).batch(4).sequence(10).report();
        assertEquals(Workspace.bytes(cfg), r.activations());
        assertEquals(4L * 10 * cfg.vocabSize() * 4, r.logits());
        assertEquals(r.weights() + r.activations() + r.kvCache() + r.logits(), r.total());
    }

    @Test
    void trainingActivationsFollowTheInventory() {
        ModelConfig cfg = Preset.MEDIUM.config();
        long b = 8;
        long t = 128;
        long c = cfg.dModel();
        long h = cfg.heads();
        long v = cfg.vocabSize();
        MemoryReport r = MemoryModel.of(cfg).batch(8).sequence(128).optimizer(Optimizer.ADAMW).report();
        // per layer: ln1, qkv(3), atty, residual2, ln2, fch(4), fch_gelu(4), residual3 = 16 BTC; 4 stats of BT; BHT²
        long perLayer = 16 * b * t * c + 4 * b * t + b * h * t * t;
        long model = 2 * b * t * c + 2 * b * t;   // encoded, lnf, lnf stats
        assertEquals(4 * (cfg.layers() * perLayer + model), r.activations());
        assertEquals(4 * cfg.layers() * b * h * t * t, r.attention());
        assertEquals(4 * 2 * b * t * v, r.logits());
        // backward scratch: grad.residual, grad.ln, grad.atty (BTC each), grad.qkv (3BTC), grad.fch (BTF), grad.att_row (BHT)
        assertEquals(4 * (6 * b * t * c + b * t * cfg.mlpHidden() + b * h * t), r.backwardScratch());
        assertEquals(r.modelStates() + r.activations() + r.logits() + r.backwardScratch(), r.total());
        // Korthikanti et al. as published, 16-bit: L · sbh(34 + 5as/h).
        assertEquals(cfg.layers() * (34 * t * b * c + 5 * h * t * t * b), r.published().korthikanti16());
        // The same inventory at the report's dtype gives the published formula at 16 bits.
        MemoryReport bf16 = MemoryModel.of(cfg).batch(8).sequence(128).optimizer(Optimizer.ADAMW)
                .dtype(DType.BF16).report();
        assertEquals(bf16.published().korthikanti16(), bf16.published().activations());
    }

    @ParameterizedTest
    @EnumSource(value = Preset.class, names = {"TINY", "SMALL", "MEDIUM"})
    void componentsAndTensorsAddUpToTheWeights(Preset p) {
        MemoryReport r = MemoryModel.of(p.config()).report();
        long tensors = r.byTensor().stream().mapToLong(TensorRow::bytes).sum();
        double share = r.byTensor().stream().mapToDouble(TensorRow::share).sum();
        assertEquals(r.weights(), tensors);
        assertEquals(1.0, share, 1e-9);
        long total = r.byComponent().stream().filter(c -> c.scope().equals("total"))
                .mapToLong(ComponentRow::bytes).sum();
        long parts = r.byComponent().stream().filter(c -> !c.scope().equals("total"))
                .mapToLong(ComponentRow::bytes).sum();
        assertEquals(r.weights(), total);
        assertEquals(r.weights(), parts);
        ModelConfig cfg = p.config();
        long c = cfg.dModel();
        long mlp = r.byComponent().stream().filter(x -> x.scope().equals("block 0") && x.component() == Component.MLP)
                .mapToLong(ComponentRow::numel).sum();
        assertEquals(2 * 4 * c * c + 4 * c + c, mlp);
    }

    @Test
    void toStringIsReadable() {
        String s = MemoryModel.of(Preset.MEDIUM.config()).batch(8).sequence(128).optimizer(Optimizer.ADAMW)
                .report().toString();
        assertTrue(s.contains("43,094,016"), s);
        assertTrue(s.contains("41.1 MiB"), s);
        assertTrue(s.contains("172,376,064 B (164 MiB), 16 B/param"), s);
        assertTrue(s.contains("(B,H,T,T)"), s);
        assertTrue(s.contains("Korthikanti"), s);
    }

    @Test
    void jvmLayoutPadsToTheAlignment() {
        JvmLayout jvm = new JvmLayout(16, 8, 4);
        assertEquals(16, jvm.arrayBytes(0, 4));
        assertEquals(24, jvm.arrayBytes(1, 4));
        assertEquals(24, jvm.arrayBytes(2, 4));
        assertEquals(32, jvm.arrayBytes(3, 4));
        assertEquals(24, jvm.referenceArrayBytes(2));
        MemoryReport r = MemoryModel.of(new ModelConfig(3, 3, 3, 1, 1, 1, false)).jvm(jvm).report();
        // 17 tensors of odd float counts (9 or 3): each pads 4 bytes after its 16-byte header.
        assertEquals(r.weights() + r.byTensor().size() * 20L, r.weightsWithJvmOverhead());
    }
}
