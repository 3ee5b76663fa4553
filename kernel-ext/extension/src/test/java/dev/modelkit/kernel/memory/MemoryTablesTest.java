package dev.modelkit.kernel.memory;

import dev.modelkit.model.Preset;
import dev.modelkit.model.memory.Axis;
import dev.modelkit.model.memory.MemoryModel;
import dev.modelkit.model.memory.MemoryReport;
import dev.modelkit.model.memory.Optimizer;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryTablesTest {

    private final MemoryReport r = MemoryModel.of(Preset.MEDIUM.config()).batch(8).sequence(128)
            .optimizer(Optimizer.ADAMW).report();

    @Test
    void summaryCarriesExactBytesAndThePublishedColumn() {
        Table t = MemoryTables.of(r);
        assertEquals(8, t.rowCount());   // weights .. logits, backward scratch, total
        assertEquals("weights", t.stringColumn("item").get(0));
        assertEquals(43_094_016L, t.longColumn("bytes").get(0));
        assertEquals("41.1 MiB", t.stringColumn("human").get(0));
        assertEquals(86_188_032L, t.longColumn("published").get(2));
        assertEquals("backward scratch", t.stringColumn("item").get(6));
        assertEquals(r.backwardScratch(), t.longColumn("bytes").get(6));
        assertEquals(r.total(), t.longColumn("bytes").get(7));
        assertEquals(1.0, t.doubleColumn("share").get(7), 1e-12);
    }

    @Test
    void tensorComponentAndActivationTables() {
        Table tensors = MemoryTables.byTensor(r);
        assertEquals(77, tensors.rowCount());
        assertEquals(r.weights(), (long) tensors.longColumn("bytes").sum());
        assertEquals("[1152, 384]", tensors.where(tensors.stringColumn("name").isEqualTo("blocks.0.attn.qkv.weight"))
                .stringColumn("shape").get(0));

        Table components = MemoryTables.byComponent(r);
        Table total = components.where(components.stringColumn("scope").isEqualTo("total"));
        assertEquals(r.weights(), (long) total.longColumn("bytes").sum());

        Table acts = MemoryTables.activations(r);
        long activations = (long) acts.where(acts.stringColumn("role").isEqualTo("activation")).longColumn("bytes").sum();
        assertEquals(r.activations(), activations);
        assertEquals(r.logits(), (long) acts.where(acts.stringColumn("role").isEqualTo("logits"))
                .longColumn("bytes").sum());
        assertEquals(r.backwardScratch(), (long) acts.where(acts.stringColumn("role").isEqualTo("scratch"))
                .longColumn("bytes").sum());
        // every byte of the table is a byte of the report: activations + logits + scratch
        assertEquals(r.activations() + r.logits() + r.backwardScratch(), (long) acts.longColumn("bytes").sum());
    }

    @Test
    void sweepTableHasOneRowPerValue() {
        Table t = MemoryTables.sweep(r.sweep(Axis.SEQUENCE, 16, 32, 64, 128));
        assertEquals(4, t.rowCount());
        assertEquals(128, t.intColumn("sequence").get(3));
        assertEquals(r.total(), t.longColumn("total").get(3));
        assertEquals(16 * t.longColumn("attention").get(1), t.longColumn("attention").get(3));
    }

    @Test
    void measurementsTable() {
        MemoryReport m = MemoryModel.of(Preset.TINY.config()).sequence(16).measure().report();
        Table t = MemoryTables.measurements(m);
        assertEquals(4, t.rowCount());
        assertEquals(1.0, t.doubleColumn("ratio").get(0), 0.05);
        assertTrue(MemoryTables.measurements(r).isEmpty());
    }
}
