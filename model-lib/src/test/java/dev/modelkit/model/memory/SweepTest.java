package dev.modelkit.model.memory;

import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepTest {

    private final MemoryReport training = MemoryModel.of(Preset.SMALL.config()).batch(4).sequence(64)
            .optimizer(Optimizer.ADAMW).report();

    @Test
    void sequenceSweepGrowsAndItsAttentionTermIsQuadratic() {
        List<SweepRow> rows = training.sweep(Axis.SEQUENCE, 16, 32, 64, 128);
        assertEquals(4, rows.size());
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i).total() > rows.get(i - 1).total());
            assertTrue(rows.get(i).activations() > rows.get(i - 1).activations());
            assertEquals(rows.get(0).weights(), rows.get(i).weights());
            // attention probabilities: B·H·T² per layer, so 4x when T doubles
            assertEquals(4 * rows.get(i - 1).attention(), rows.get(i).attention());
        }
        // activations = a·T + b·T²: doubling T gives 2x the linear part plus 4x the quadratic part.
        for (int i = 1; i < rows.size(); i++) {
            SweepRow lo = rows.get(i - 1);
            SweepRow hi = rows.get(i);
            assertEquals(2 * lo.attention(), hi.activations() - 2 * lo.activations());
        }
    }

    @Test
    void batchSweepIsLinearWhenTraining() {
        List<SweepRow> rows = training.sweep(Axis.BATCH, 1, 2, 4, 8);
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(2 * rows.get(i - 1).activations(), rows.get(i).activations());
            assertEquals(2 * rows.get(i - 1).logits(), rows.get(i).logits());
            assertEquals(rows.get(0).optimizerState(), rows.get(i).optimizerState());
        }
    }

    @Test
    void inferenceBatchSweepGrowsOnlyTheKvCacheAndLogits() {
        MemoryReport inference = MemoryModel.of(Preset.SMALL.config()).sequence(64).report();
        List<SweepRow> rows = inference.sweep(Axis.BATCH, 1, 2, 4);
        for (int i = 1; i < rows.size(); i++) {
            assertEquals(rows.get(0).activations(), rows.get(i).activations());
            assertEquals(2 * rows.get(i - 1).kvCache(), rows.get(i).kvCache());
        }
    }

    @Test
    void modelSizeSweepsGrowTheWeights() {
        List<SweepRow> d = training.sweep(Axis.DMODEL, 64, 128, 256);
        List<SweepRow> l = training.sweep(Axis.LAYERS, 1, 2, 4, 8);
        for (List<SweepRow> rows : List.of(d, l)) {
            for (int i = 1; i < rows.size(); i++) {
                assertTrue(rows.get(i).weights() > rows.get(i - 1).weights());
                assertTrue(rows.get(i).total() > rows.get(i - 1).total());
            }
        }
        assertEquals(training.weights(), l.get(2).weights());
        assertEquals(training.total(), d.get(2).total());
    }

    @Test
    void sequenceSweepBeyondContextNeedsPermission() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> training.sweep(Axis.SEQUENCE, 64, 256));
        assertTrue(e.getMessage().contains("sequence = 256"), e.getMessage());
        MemoryReport beyond = MemoryModel.of(Preset.SMALL.config()).optimizer(Optimizer.ADAMW)
                .allowBeyondContext().report();
        assertEquals(4 * beyond.sweep(Axis.SEQUENCE, 128).get(0).attention(),
                beyond.sweep(Axis.SEQUENCE, 256).get(0).attention());
    }
}
