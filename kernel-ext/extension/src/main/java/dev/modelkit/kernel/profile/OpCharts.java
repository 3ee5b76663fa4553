package dev.modelkit.kernel.profile;

import dev.modelkit.model.ops.OpProfile;
import dev.modelkit.model.profile.MachineProbe;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Charts of {@link OpProfile}s: time per op, and ops on a roofline of a {@link MachineProbe}. */
public final class OpCharts {

    private OpCharts() {
    }

    /** Milliseconds per op, one bar group per op, one series per labelled run. */
    public static CategoryChart timePerOp(String title, Map<String, OpProfile> runs) {
        List<String> ops = new ArrayList<>();
        for (OpProfile p : runs.values()) {
            for (OpProfile.Row r : p.rows()) {
                if (!ops.contains(r.op())) {
                    ops.add(r.op());
                }
            }
        }
        CategoryChart c = new CategoryChartBuilder().width(900).height(460).title(title)
                .xAxisTitle("op").yAxisTitle("ms").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setXAxisLabelRotation(45);
        c.getStyler().setYAxisDecimalPattern("#,##0.#");
        for (Map.Entry<String, OpProfile> e : runs.entrySet()) {
            List<Double> ms = new ArrayList<>();
            for (String op : ops) {
                double v = 0;  // an op that did not run in this pass (e.g. backward ops in a forward)
                for (OpProfile.Row r : e.getValue().rows()) {
                    if (r.op().equals(op)) {
                        v = r.millis();
                    }
                }
                ms.add(v);
            }
            c.addSeries(e.getKey(), ops, ms);
        }
        return c;
    }

    /**
     * Each op of each run at (FLOP per byte, GFLOP/s) on log–log axes under the roofline of
     * {@code probe}: the bandwidth slope up to the ridge, then the compute ceiling. Ops without
     * FLOPs or bytes are left out (they have no intensity).
     */
    public static XYChart roofline(MachineProbe probe, Map<String, OpProfile> runs) {
        XYChart c = new XYChartBuilder().width(900).height(520).title("Roofline of this machine (measured ceilings)")
                .xAxisTitle("arithmetic intensity, FLOP per byte (log)").yAxisTitle("GFLOP/s (log)").build();
        c.getStyler().setXAxisLogarithmic(true);
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setXAxisDecimalPattern("#,##0.##");
        c.getStyler().setYAxisDecimalPattern("#,##0.##");
        double lo = 0.01, hi = 1000;
        List<Double> rx = new ArrayList<>(), ry = new ArrayList<>();
        for (double x : new double[] {lo, probe.ridgeFlopsPerByte(), hi}) {
            rx.add(x);
            ry.add(probe.attainableGflops(x));
        }
        XYSeries roof = c.addSeries(String.format(java.util.Locale.ROOT, "roofline: %.1f GB/s, %.1f GFLOP/s",
                probe.bandwidthGBs(), probe.peakGflops()), rx, ry);
        roof.setMarker(SeriesMarkers.NONE);
        Map<String, List<double[]>> points = new LinkedHashMap<>();
        for (Map.Entry<String, OpProfile> e : runs.entrySet()) {
            for (OpProfile.Row r : e.getValue().rows()) {
                if (r.flops() > 0 && r.bytes() > 0 && r.nanos() > 0) {
                    points.computeIfAbsent(e.getKey(), k -> new ArrayList<>())
                            .add(new double[] {(double) r.flops() / r.bytes(), Math.max(r.gflops(), 1e-3)});
                }
            }
        }
        for (Map.Entry<String, List<double[]>> e : points.entrySet()) {
            List<Double> x = new ArrayList<>(), y = new ArrayList<>();
            for (double[] p : e.getValue()) {
                x.add(p[0]);
                y.add(p[1]);
            }
            XYSeries s = c.addSeries(e.getKey(), x, y);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        return c;
    }
}
