package dev.modelkit.model.memory;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FitTest {

    private static final ModelConfig SMALL = Preset.SMALL.config();

    private static long total(int batch, int sequence, Optimizer o) {
        return MemoryModel.of(SMALL).batch(batch).sequence(sequence).optimizer(o).report().total();
    }

    @Test
    void theLargestBatchFitsAndOneMoreDoesNot() {
        long memory = 256L << 20;
        for (Optimizer o : new Optimizer[] {Optimizer.NONE, Optimizer.ADAMW}) {
            Fit f = MemoryModel.of(SMALL).sequence(128).optimizer(o).fits(memory);
            assertTrue(f.maxBatch() > 1, f.toString());
            assertTrue(total(f.maxBatch(), 128, o) <= memory, f.toString());
            assertTrue(total(f.maxBatch() + 1, 128, o) > memory, f.toString());
            for (Fit.Row r : f.rows()) {
                assertTrue(total(r.maxBatch(), r.sequence(), o) <= memory, r.toString());
                assertTrue(total(r.maxBatch() + 1, r.sequence(), o) > memory, r.toString());
                assertEquals(total(r.maxBatch(), r.sequence(), o), r.bytes());
            }
            assertEquals(128, f.rows().get(f.rows().size() - 1).sequence());
            assertEquals(f.maxBatch(), f.rows().get(f.rows().size() - 1).maxBatch());
        }
    }

    @Test
    void trainingFitsLessThanInference() {
        long memory = 128L << 20;
        Fit infer = MemoryModel.of(SMALL).fits(memory);
        Fit train = MemoryModel.of(SMALL).optimizer(Optimizer.ADAMW).fits(memory);
        assertTrue(train.maxBatch() < infer.maxBatch(), train + "\n" + infer);
        assertEquals(16L * SMALL.parameterCount(), train.fixed());
        assertEquals(4L * SMALL.parameterCount(), infer.fixed());
    }

    @Test
    void theLongestSequenceAtABatch() {
        long memory = 64L << 20;
        Fit f = MemoryModel.of(SMALL).batch(4).optimizer(Optimizer.ADAMW).fits(memory);
        assertTrue(f.maxSequence() >= 1 && f.maxSequence() <= SMALL.contextLength(), f.toString());
        if (f.maxSequence() < SMALL.contextLength()) {
            assertTrue(total(4, f.maxSequence() + 1, Optimizer.ADAMW) > memory);
        }
        assertTrue(total(4, f.maxSequence(), Optimizer.ADAMW) <= memory);
        // beyond the context only when asked: then the sequence keeps growing
        Fit beyond = MemoryModel.of(SMALL).batch(1).allowBeyondContext().fits(1L << 30);
        assertTrue(beyond.maxSequence() > SMALL.contextLength(), beyond.toString());
    }

    @Test
    void nothingFitsWhenTheModelStatesDoNot() {
        Fit f = MemoryModel.of(SMALL).optimizer(Optimizer.ADAMW).fits(16L * SMALL.parameterCount() - 1);
        assertFalse(f.modelFits());
        assertEquals(0, f.maxBatch());
        assertEquals(0, f.maxSequence());
        assertNull(f.mostTokens());
        assertTrue(f.toString().contains("do not fit"), f.toString());
    }

    @Test
    void badMemoryIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryModel.of(SMALL).fits(0));
        assertTrue(e.getMessage().contains("bytes = 0") && e.getMessage().contains("allowed: 1.."), e.getMessage());
    }
}
