package dev.modelkit.kernel.memory;

import dev.modelkit.kernel.tables.TableFormats;
import dev.modelkit.model.ByteSize;
import dev.modelkit.model.memory.ActivationInventory;
import dev.modelkit.model.memory.ComponentRow;
import dev.modelkit.model.memory.Measurement;
import dev.modelkit.model.memory.MemoryReport;
import dev.modelkit.model.memory.SummaryRow;
import dev.modelkit.model.memory.SweepRow;
import dev.modelkit.model.memory.TensorRow;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.List;

/**
 * A {@link MemoryReport} as Tablesaw tables, for sorting, filtering and plotting in a notebook.
 * Byte columns are exact longs; {@code *_human} columns carry {@link ByteSize#format} strings.
 */
public final class MemoryTables {

    private MemoryTables() {
    }

    /** The summary: item, bytes, share, and the published formula's bytes beside them. */
    public static Table of(MemoryReport r) {
        List<SummaryRow> rows = r.summary();
        return TableFormats.readable(Table.create("memory: " + r.optimizer() + ", " + r.dtype() + ", batch " + r.batch() + ", sequence "
                        + r.sequence(),
                StringColumn.create("item", rows.stream().map(SummaryRow::item)),
                LongColumn.create("bytes", rows.stream().mapToLong(SummaryRow::bytes)),
                StringColumn.create("human", rows.stream().map(x -> ByteSize.format(x.bytes()))),
                DoubleColumn.create("share", rows.stream().mapToDouble(SummaryRow::share)),
                LongColumn.create("published", rows.stream().mapToLong(SummaryRow::published)),
                StringColumn.create("published_human", rows.stream().map(x -> ByteSize.format(x.published()))),
                StringColumn.create("source", rows.stream().map(SummaryRow::source))), "share");
    }

    /** One row per parameter tensor. */
    public static Table byTensor(MemoryReport r) {
        List<TensorRow> rows = r.byTensor();
        return TableFormats.readable(Table.create("weights by tensor",
                StringColumn.create("name", rows.stream().map(TensorRow::name)),
                StringColumn.create("shape", rows.stream().map(TensorRow::shape)),
                LongColumn.create("numel", rows.stream().mapToLong(TensorRow::numel)),
                LongColumn.create("bytes", rows.stream().mapToLong(TensorRow::bytes)),
                LongColumn.create("heap_bytes", rows.stream().mapToLong(TensorRow::heapBytes)),
                DoubleColumn.create("share", rows.stream().mapToDouble(TensorRow::share))), "share");
    }

    /** Weight bytes by component, per block, outside the blocks and in total. */
    public static Table byComponent(MemoryReport r) {
        List<ComponentRow> rows = r.byComponent();
        return TableFormats.readable(Table.create("weights by component",
                StringColumn.create("scope", rows.stream().map(ComponentRow::scope)),
                StringColumn.create("component", rows.stream().map(x -> x.component().name().toLowerCase())),
                IntColumn.create("tensors", rows.stream().mapToInt(ComponentRow::tensors)),
                LongColumn.create("numel", rows.stream().mapToLong(ComponentRow::numel)),
                LongColumn.create("bytes", rows.stream().mapToLong(ComponentRow::bytes)),
                DoubleColumn.create("share", rows.stream().mapToDouble(ComponentRow::share))), "share");
    }

    /**
     * The training arena at the report's batch, sequence and dtype, one row per buffer kind
     * (per-block buffers folded, see {@code count}); role is activation, logits or scratch.
     */
    public static Table activations(MemoryReport r) {
        List<ActivationInventory.Row> rows = r.activationBuffers();
        int d = r.dtype().bytes();
        return TableFormats.readable(Table.create("training arena",
                StringColumn.create("buffer", rows.stream().map(ActivationInventory.Row::name)),
                StringColumn.create("shape", rows.stream().map(ActivationInventory.Row::shape)),
                StringColumn.create("dims", rows.stream().map(ActivationInventory.Row::dimsString)),
                IntColumn.create("count", rows.stream().mapToInt(ActivationInventory.Row::count)),
                LongColumn.create("bytes", rows.stream().mapToLong(x -> x.totalNumel() * d)),
                StringColumn.create("role", rows.stream().map(x -> x.role().name().toLowerCase())),
                StringColumn.create("why", rows.stream().map(ActivationInventory.Row::why))));
    }

    /** Predicted vs measured allocations (empty unless the report was measured). */
    public static Table measurements(MemoryReport r) {
        List<Measurement> rows = r.measurements();
        return TableFormats.readable(Table.create("measured vs predicted",
                StringColumn.create("phase", rows.stream().map(Measurement::phase)),
                LongColumn.create("predicted", rows.stream().mapToLong(Measurement::predicted)),
                LongColumn.create("measured", rows.stream().mapToLong(Measurement::measured)),
                DoubleColumn.create("ratio", rows.stream().mapToDouble(Measurement::ratio)),
                StringColumn.create("note", rows.stream().map(Measurement::note))));
    }

    /** A sweep, one row per value of the axis. */
    public static Table sweep(List<SweepRow> rows) {
        String axis = rows.isEmpty() ? "value" : rows.get(0).axis().name().toLowerCase();
        return TableFormats.readable(Table.create("sweep over " + axis,
                IntColumn.create(axis, rows.stream().mapToInt(SweepRow::value)),
                LongColumn.create("weights", rows.stream().mapToLong(SweepRow::weights)),
                LongColumn.create("gradients", rows.stream().mapToLong(SweepRow::gradients)),
                LongColumn.create("optimizer_state", rows.stream().mapToLong(SweepRow::optimizerState)),
                LongColumn.create("activations", rows.stream().mapToLong(SweepRow::activations)),
                LongColumn.create("attention", rows.stream().mapToLong(SweepRow::attention)),
                LongColumn.create("kv_cache", rows.stream().mapToLong(SweepRow::kvCache)),
                LongColumn.create("logits", rows.stream().mapToLong(SweepRow::logits)),
                LongColumn.create("backward_scratch", rows.stream().mapToLong(SweepRow::backwardScratch)),
                LongColumn.create("total", rows.stream().mapToLong(SweepRow::total))));
    }
}
