package dev.modelkit.model.memory;

import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BadInputTest {

    private static void fails(Executable e, String... parts) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), "'" + ex.getMessage() + "' lacks '" + p + "'");
        }
    }

    @Test
    void batchAndSequenceMustBePositive() {
        MemoryModel m = MemoryModel.of(Preset.TINY.config());
        fails(() -> m.batch(0), "batch = 0", "allowed: 1..");
        fails(() -> m.batch(-3), "batch = -3", "allowed: 1..");
        fails(() -> m.sequence(0), "sequence = 0", "allowed: 1..");
        fails(() -> m.sequence(-1), "sequence = -1");
        fails(() -> MemoryProbe.of(Preset.TINY.config()).batch(0), "batch = 0");
        fails(() -> MemoryProbe.of(Preset.TINY.config()).sequence(65), "sequence = 65", "1..64");
    }

    @Test
    void sequenceBeyondContextOnlyWhenAskedAndNeverMeasured() {
        fails(() -> MemoryModel.of(Preset.TINY.config()).sequence(65).report(),
                "sequence = 65", "allowed: 1..64", "allowBeyondContext()");
        MemoryReport r = assertDoesNotThrow(() -> MemoryModel.of(Preset.TINY.config()).sequence(256)
                .allowBeyondContext().optimizer(Optimizer.ADAMW).report());
        assertTrue(r.activations() > 0);
        fails(() -> MemoryModel.of(Preset.TINY.config()).sequence(65).allowBeyondContext().measure().report(),
                "sequence = 65", "1..64", "measurement");
    }

    @Test
    void onlyFp32CanBeMeasured() {
        fails(() -> MemoryModel.of(Preset.TINY.config()).dtype(DType.BF16).measure().report(),
                "dtype = BF16", "FP32");
        fails(() -> MemoryModel.of(Preset.TINY.config()).dtype(DType.INT8).measure().report(),
                "dtype = INT8", "FP32");
    }

    @Test
    void int8IsInferenceOnly() {
        fails(() -> MemoryModel.of(Preset.TINY.config()).dtype(DType.INT8).optimizer(Optimizer.ADAMW).report(),
                "dtype = INT8", "optimizer = ADAMW", "NONE");
    }

    @Test
    void nullsAndUnknownNames() {
        fails(() -> MemoryModel.of((dev.modelkit.model.ModelConfig) null), "config");
        fails(() -> MemoryModel.of(Preset.TINY).dtype(null), "dtype", "FP32, BF16, FP16, INT8");
        fails(() -> MemoryModel.of(Preset.TINY).optimizer(null), "optimizer", "ADAMW");
        fails(() -> DType.parse("fp8"), "dtype", "'fp8'", "fp32, bf16, fp16, int8");
        fails(() -> Optimizer.parse("adam"), "optimizer", "'adam'", "adamw");
        MemoryReport r = MemoryModel.of(Preset.TINY).report();
        fails(() -> r.sweep(Axis.BATCH), "values");
        fails(() -> r.sweep(Axis.BATCH, 1, 0), "batch = 0");
        fails(() -> r.sweep(Axis.DMODEL, 130), "dModel");
    }

    @Test
    void overflowIsABadInputNotAWrongNumber() {
        fails(() -> MemoryModel.of(Preset.MEDIUM).optimizer(Optimizer.ADAMW).allowBeyondContext()
                .batch(Integer.MAX_VALUE).sequence(Integer.MAX_VALUE).report(), "overflow");
    }
}
