package dev.modelkit.kernel.memory;

import dev.modelkit.model.Preset;
import dev.modelkit.model.memory.Axis;
import dev.modelkit.model.memory.DType;
import dev.modelkit.model.memory.MemoryModel;
import dev.modelkit.model.memory.MemoryReport;
import dev.modelkit.model.memory.Optimizer;
import dev.modelkit.model.memory.SweepRow;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/** XChart plots of memory reports; sizes on the y axis in MiB. */
public final class MemoryCharts {

    private static final double MIB = 1024.0 * 1024.0;

    private MemoryCharts() {
    }

    /**
     * Stacked bars: weights, gradients, optimizer state, activations, KV cache, logits and (when
     * training) the backward scratch of each report.
     */
    public static CategoryChart components(Map<String, MemoryReport> reports) {
        if (reports == null || reports.isEmpty()) {
            throw new IllegalArgumentException("reports: none given; allowed: one or more labelled reports");
        }
        CategoryChart chart = new CategoryChartBuilder().width(800).height(500)
                .title("Where the memory goes").xAxisTitle("model").yAxisTitle("MiB").build();
        chart.getStyler().setStacked(true);
        List<String> labels = new ArrayList<>(reports.keySet());
        addBars(chart, labels, reports, "weights", MemoryReport::weights);
        addBars(chart, labels, reports, "gradients", MemoryReport::gradients);
        addBars(chart, labels, reports, "optimizer state", MemoryReport::optimizerState);
        addBars(chart, labels, reports, "activations", MemoryReport::activations);
        addBars(chart, labels, reports, "KV cache", MemoryReport::kvCache);
        addBars(chart, labels, reports, "logits", MemoryReport::logits);
        if (reports.values().stream().anyMatch(r -> r.backwardScratch() > 0)) {
            addBars(chart, labels, reports, "backward scratch", MemoryReport::backwardScratch);
        }
        return chart;
    }

    /** {@link #components(Map)} for the three presets at one batch, sequence and optimizer (FP32). */
    public static CategoryChart presets(int batch, int sequence, Optimizer optimizer) {
        Map<String, MemoryReport> reports = new LinkedHashMap<>();
        for (Preset p : Preset.reference()) {
            int t = Math.min(sequence, p.config().contextLength());
            reports.put(p.name().toLowerCase() + " (T=" + t + ")",
                    MemoryModel.of(p.config()).batch(batch).sequence(t).optimizer(optimizer).report());
        }
        CategoryChart chart = components(reports);
        chart.setTitle("Memory per preset: batch " + batch + ", " + optimizer);
        return chart;
    }

    /** Memory against sequence length: the attention probabilities grow with T², the rest with T or not at all. */
    public static XYChart versusSequence(MemoryReport r, int... sequences) {
        return sweepChart(r.sweep(Axis.SEQUENCE, sequences), "Memory vs sequence length", "sequence (tokens)");
    }

    /** Memory against batch size. */
    public static XYChart versusBatch(MemoryReport r, int... batches) {
        return sweepChart(r.sweep(Axis.BATCH, batches), "Memory vs batch size", "batch (sequences)");
    }

    /**
     * KV cache of the report's model and batch against context length, one line per dtype the cache
     * is kept in. INT8 and INT4 quantize weights only (the cache stays 16-bit), so they get no line.
     */
    public static XYChart kvCacheVersusContext(MemoryReport r, int... contexts) {
        XYChart chart = new XYChartBuilder().width(800).height(500)
                .title("KV cache vs context: 2·L·kvHeads·hd·S·B·bytes, batch " + r.batch())
                .xAxisTitle("context (tokens)").yAxisTitle("MiB").build();
        for (DType d : new DType[] {DType.FP32, DType.BF16}) {
            List<SweepRow> rows = MemoryModel.of(r.config()).batch(r.batch()).dtype(d).allowBeyondContext().report()
                    .sweep(Axis.SEQUENCE, contexts);
            chart.addSeries("KV cache " + d, x(rows), y(rows, SweepRow::kvCache));
        }
        return chart;
    }

    private static XYChart sweepChart(List<SweepRow> rows, String title, String xTitle) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title)
                .xAxisTitle(xTitle).yAxisTitle("MiB").build();
        double[] x = x(rows);
        chart.addSeries("total", x, y(rows, SweepRow::total));
        chart.addSeries("weights + grads + optimizer", x,
                y(rows, s -> s.weights() + s.gradients() + s.optimizerState()));
        chart.addSeries("activations", x, y(rows, SweepRow::activations));
        chart.addSeries("attention probabilities (T²)", x, y(rows, SweepRow::attention));
        if (rows.stream().anyMatch(s -> s.kvCache() > 0)) {
            chart.addSeries("KV cache", x, y(rows, SweepRow::kvCache));
        }
        chart.addSeries("logits", x, y(rows, SweepRow::logits));
        if (rows.stream().anyMatch(s -> s.backwardScratch() > 0)) {
            chart.addSeries("backward scratch", x, y(rows, SweepRow::backwardScratch));
        }
        return chart;
    }

    private static void addBars(CategoryChart chart, List<String> labels, Map<String, MemoryReport> reports,
                                String name, ToLongFunction<MemoryReport> bytes) {
        List<Double> values = new ArrayList<>(labels.size());
        for (String l : labels) {
            values.add(bytes.applyAsLong(reports.get(l)) / MIB);
        }
        chart.addSeries(name, labels, values);
    }

    private static double[] x(List<SweepRow> rows) {
        return rows.stream().mapToDouble(SweepRow::value).toArray();
    }

    private static double[] y(List<SweepRow> rows, ToLongFunction<SweepRow> f) {
        return rows.stream().mapToDouble(s -> f.applyAsLong(s) / MIB).toArray();
    }
}
