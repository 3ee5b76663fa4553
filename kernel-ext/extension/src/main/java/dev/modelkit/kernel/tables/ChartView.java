package dev.modelkit.kernel.tables;

import dev.modelkit.kernel.display.MimeTypes;
import dev.modelkit.kernel.MimeView;
import org.knowm.xchart.internal.chartpart.Chart;

import java.util.Base64;
import java.util.List;

/**
 * XChart charts (XYChart, CategoryChart, PieChart, … all extend {@link Chart}): PNG by default,
 * SVG when asked for ({@code display(chart, "image/svg+xml")} in IJava), and a one-line
 * text/plain description. SVG is not in the default bundle so a notebook does not store every
 * chart twice.
 */
public final class ChartView implements MimeView<Chart<?, ?>> {

    @Override
    @SuppressWarnings("unchecked")
    public Class<Chart<?, ?>> type() {
        return (Class<Chart<?, ?>>) (Class<?>) Chart.class;
    }

    @Override
    public List<String> preferred() {
        return List.of(MimeTypes.PNG, MimeTypes.PLAIN);
    }

    @Override
    public List<String> onRequest() {
        return List.of(MimeTypes.SVG);
    }

    @Override
    public Object render(Chart<?, ?> chart, String mimeType) {
        return switch (mimeType) {
            case MimeTypes.PNG -> Base64.getEncoder().encodeToString(ChartImages.png(chart));
            case MimeTypes.SVG -> ChartImages.svg(chart);
            case MimeTypes.PLAIN -> describe(chart);
            default -> throw MimeTypes.unsupported(mimeType, this);
        };
    }

    static String describe(Chart<?, ?> chart) {
        String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "" : " '" + chart.getTitle() + "'";
        int series = chart.getSeriesMap().size();
        return chart.getClass().getSimpleName() + title + " " + chart.getWidth() + "x" + chart.getHeight()
                + ", " + series + " series";
    }
}
