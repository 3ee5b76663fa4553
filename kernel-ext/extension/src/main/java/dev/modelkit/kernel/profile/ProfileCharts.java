package dev.modelkit.kernel.profile;

import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.CreationSummary;
import dev.modelkit.model.profile.ProfiledModel;
import dev.modelkit.model.profile.ReferenceData;
import dev.modelkit.model.profile.ReferenceRow;
import dev.modelkit.model.profile.ScalingFit;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * XChart views of a {@link CreationProfile}: medians with min–max whiskers per case, and median
 * time against parameters on linear axes (where a straight-line fit looks straight) with the
 * fitted lines and the reference's figures.
 */
public final class ProfileCharts {

    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
    };
    private static final BasicStroke DASHED = new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);

    private ProfileCharts() {
    }

    /**
     * Median build time per model size (x, one slot per size), one marker series per way of
     * building, each with a vertical whisker from the fastest to the slowest timed run. The time
     * axis is logarithmic so that LAZY's microseconds and MEDIUM's tens of milliseconds both show.
     */
    public static XYChart medians(CreationProfile p) {
        List<ProfiledModel> models = new ArrayList<>();
        Map<String, List<CreationSummary>> byVariant = new LinkedHashMap<>();
        for (CreationSummary s : p.summaries()) {
            if (!models.contains(s.model())) {
                models.add(s.model());
            }
            byVariant.computeIfAbsent(variant(s), k -> new ArrayList<>()).add(s);
        }
        XYChart chart = new XYChartBuilder().width(800).height(480)
                .title("Model creation time: median, whiskers min–max")
                .xAxisTitle("model").yAxisTitle("ms per build (log)").build();
        XYStyler st = chart.getStyler();
        st.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        st.setYAxisLogarithmic(true);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setXAxisMin(0.5);
        st.setXAxisMax(models.size() + 0.5);
        // XChart thins ticks until all labels differ, so the unlabelled ticks between sizes get
        // distinct runs of blanks instead of one shared empty label.
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            long i = Math.round(x);
            return Math.abs(x - i) < 1e-3 && i >= 1 && i <= models.size() ? models.get((int) i - 1).name()
                    : " ".repeat(1 + (int) Math.round(Math.abs(x) * 4));
        });

        int k = byVariant.size();
        int v = 0;
        for (Map.Entry<String, List<CreationSummary>> e : byVariant.entrySet()) {
            Color color = PALETTE[v % PALETTE.length];
            double offset = k == 1 ? 0 : (v - (k - 1) / 2.0) * (0.6 / k);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (CreationSummary s : e.getValue()) {
                double x = models.indexOf(s.model()) + 1 + offset;
                xs.add(x);
                ys.add(positive(s.medianMs()));
                XYSeries w = chart.addSeries("whisker " + e.getKey() + " " + s.model().name(),
                        new double[] {x, x}, new double[] {positive(s.minMs()), positive(s.maxMs())});
                w.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                w.setMarker(SeriesMarkers.NONE);
                w.setLineColor(color);
                w.setShowInLegend(false);
            }
            XYSeries m = chart.addSeries(e.getKey(), xs, ys);
            m.setMarker(SeriesMarkers.CIRCLE);
            m.setMarkerColor(color);
            v++;
        }
        return chart;
    }

    /**
     * Median build time against parameter count on linear axes: one line per way of building,
     * its least-squares fit where there is one (dashed, named with slope, its interval and the
     * verdict; none below 3 sizes), and the reference's published medians as marker series.
     * Linear axes because the fit is a straight line: on log–log axes an intercept bends it.
     */
    public static XYChart scaling(CreationProfile p) {
        return scaling(p, true);
    }

    /** As {@link #scaling(CreationProfile)}, with or without the reference's published points. */
    public static XYChart scaling(CreationProfile p, boolean reference) {
        XYChart chart = new XYChartBuilder().width(800).height(480)
                .title("Creation time against parameters")
                .xAxisTitle("parameters (millions)").yAxisTitle("median ms per build").build();
        XYStyler st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setXAxisDecimalPattern("#,##0.0");
        st.setYAxisDecimalPattern("#,##0");

        Map<String, List<CreationSummary>> byVariant = new LinkedHashMap<>();
        for (CreationSummary s : p.summaries()) {
            byVariant.computeIfAbsent(variant(s), k -> new ArrayList<>()).add(s);
        }
        int v = 0;
        for (Map.Entry<String, List<CreationSummary>> e : byVariant.entrySet()) {
            Color color = PALETTE[v++ % PALETTE.length];
            List<CreationSummary> ss = new ArrayList<>(e.getValue());
            ss.sort((a, b) -> Long.compare(a.model().parameters(), b.model().parameters()));
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (CreationSummary s : ss) {
                xs.add(s.model().parameters() / 1e6);
                ys.add(s.medianMs());
            }
            XYSeries m = chart.addSeries(e.getKey(), xs, ys);
            m.setMarker(SeriesMarkers.CIRCLE);
            m.setMarkerColor(color);
            m.setLineColor(color);

            ScalingFit fit = fitFor(p, ss.get(0));
            if (fit != null && fit.hasFit()) {
                double lo = xs.get(0), hi = xs.get(xs.size() - 1);
                XYSeries f = chart.addSeries(String.format(Locale.ROOT, "fit %s: %.2f ns/param %s, R²=%.3f, %s",
                                e.getKey(), fit.slopeNsPerParam(), fit.slopeCi().format("%.2f"), fit.r2(), fit.outcome()),
                        new double[] {lo, hi}, new double[] {fit.predictMs(Math.round(lo * 1e6)),
                                fit.predictMs(Math.round(hi * 1e6))});
                f.setMarker(SeriesMarkers.NONE);
                f.setLineColor(color);
                f.setLineStyle(DASHED);
            }
        }
        if (!reference) {
            return chart;
        }

        Map<String, List<ReferenceRow>> bySource = new LinkedHashMap<>();
        for (ReferenceRow r : ReferenceData.load().rows()) {
            bySource.computeIfAbsent(r.source(), k -> new ArrayList<>()).add(r);
        }
        int r = 0;
        for (Map.Entry<String, List<ReferenceRow>> e : bySource.entrySet()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (ReferenceRow row : e.getValue()) {
                xs.add(row.params() / 1e6);
                ys.add(row.medianMs());
            }
            XYSeries s = chart.addSeries("reference: " + e.getKey(), xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(r++ == 0 ? SeriesMarkers.DIAMOND : SeriesMarkers.TRIANGLE_UP);
            s.setMarkerColor(Color.DARK_GRAY);
        }
        return chart;
    }

    private static ScalingFit fitFor(CreationProfile p, CreationSummary s) {
        for (ScalingFit f : p.scaling()) {
            if (f.init() == s.init() && f.eagerGradients() == s.eagerGradients()) {
                return f;
            }
        }
        return null;
    }

    private static String variant(CreationSummary s) {
        return s.init().name() + (s.eagerGradients() ? " +grads" : "");
    }

    /** Log axes need positive values; a timer reading of 0 ms shows as a nanosecond. */
    private static double positive(double ms) {
        return Math.max(ms, 1e-6);
    }
}
