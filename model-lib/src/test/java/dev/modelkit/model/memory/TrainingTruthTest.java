package dev.modelkit.model.memory;

import dev.modelkit.model.Init;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.train.ActivationBuffer;
import dev.modelkit.model.train.Activations;
import dev.modelkit.model.train.AdamW;
import dev.modelkit.model.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory report's training figures are what training really holds: a real training step is
 * run and the bytes of its gradients, AdamW state and activation arena are compared exactly.
 */
class TrainingTruthTest {

    @ParameterizedTest
    @EnumSource(value = Preset.class, names = {"TINY", "SMALL", "MEDIUM", "LLAMA_TINY"})
    void reportEqualsWhatATrainingStepHolds(Preset p) {
        int b = 2;
        int t = 4;
        ModelConfig cfg = p.config();
        Transformer model = Transformer.builder().preset(p).seed(1).init(Init.EAGER).build();
        int[][] x = new int[b][t];
        int[][] y = new int[b][t];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < t; j++) {
                x[i][j] = (i + 3 * j) % cfg.vocabSize();
                y[i][j] = (i + 3 * j + 1) % cfg.vocabSize();
            }
        }
        AdamW opt = AdamW.builder().build();
        Trainer ts = Trainer.of(model, opt);
        ts.step(x, y);
        MemoryReport r = MemoryModel.of(cfg).batch(b).sequence(t).optimizer(Optimizer.ADAMW).report();

        assertEquals(4 * p.referenceParameters(), ts.gradients().bytes(), p.name());
        assertEquals(ts.gradients().bytes(), r.gradients(), p.name());
        assertEquals(8 * p.referenceParameters(), opt.stateBytes(), p.name());
        assertEquals(opt.stateBytes(), r.optimizerState(), p.name());
        Activations a = ts.activations();
        assertEquals(a.bytes(), r.activations() + r.logits() + r.backwardScratch(), p.name());
        assertEquals(Activations.bytes(cfg, b, t, ActivationBuffer.Role.SCRATCH), r.backwardScratch(), p.name());
        assertEquals(r.modelStates() + a.bytes(), r.total(), p.name());
    }

    @Test
    void inventoryRowsFoldTheTrainingListAndDescribeEveryBuffer() {
        ModelConfig cfg = Preset.SMALL.config();
        List<ActivationBuffer> raw = Activations.inventory(cfg, 3, 16);
        List<ActivationInventory.Row> rows = ActivationInventory.rows(cfg, 3, 16);
        long rawNumel = raw.stream().mapToLong(ActivationBuffer::numel).sum();
        long rowNumel = rows.stream().mapToLong(ActivationInventory.Row::totalNumel).sum();
        assertEquals(rawNumel, rowNumel);
        assertEquals(raw.size(), rows.stream().mapToInt(ActivationInventory.Row::count).sum());
        for (ActivationInventory.Row r : rows) {
            assertFalse(r.shape().equals("?") || r.why().isEmpty(), "undescribed buffer " + r.name()
                    + ": add it to ActivationInventory.DESCRIPTIONS");
            assertEquals(r.perLayer() ? cfg.layers() : 1, r.count(), r.name());
        }
        // every description is of a buffer some family has: GPT-style (SMALL) or Llama-style
        java.util.Set<String> names = new java.util.HashSet<>();
        rows.forEach(r -> names.add(r.name()));
        ActivationInventory.rows(Preset.LLAMA_TINY.config(), 3, 16).forEach(r -> {
            assertFalse(r.shape().equals("?") || r.why().isEmpty(), "undescribed buffer " + r.name());
            names.add(r.name());
        });
        assertEquals(ActivationInventory.DESCRIPTIONS.keySet(), names);
        ActivationInventory.Row att = rows.stream().filter(r -> r.name().equals("att")).findFirst().orElseThrow();
        assertEquals("[3, 4, 16, 16]", att.dimsString());
        assertTrue(rows.stream().anyMatch(r -> r.role() == ActivationInventory.Role.SCRATCH));
    }

    @Test
    void beyondContextIsSizedAsIfTheContextWereLonger() {
        ModelConfig cfg = Preset.TINY.config();
        int t = 2 * cfg.contextLength();
        MemoryReport r = MemoryModel.of(cfg).batch(1).sequence(t).optimizer(Optimizer.SGD).allowBeyondContext().report();
        assertEquals(4L * cfg.layers() * cfg.heads() * t * t, r.attention());
    }
}
