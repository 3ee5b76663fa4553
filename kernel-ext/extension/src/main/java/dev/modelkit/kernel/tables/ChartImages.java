package dev.modelkit.kernel.tables;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * XChart charts as PNG bytes or SVG text, at the chart's own size (XChart's builders default to
 * 800 × 600). Rendering needs no display: a Jupyter kernel usually runs on a machine without one,
 * so AWT is put in headless mode unless the JVM was started with a choice of its own.
 */
public final class ChartImages {

    static {
        // Only effective before AWT starts; a JVM that already chose keeps its choice.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private ChartImages() {
    }

    /** The chart as a PNG image of {@code chart.getWidth()} × {@code chart.getHeight()} pixels. */
    public static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart '" + chart.getTitle() + "' as PNG", e);
        }
    }

    /**
     * The chart as an SVG document starting at its {@code <svg>} element: the XML declaration and
     * DOCTYPE are dropped so the text can be inlined in HTML and parsed without fetching a DTD.
     */
    public static String svg(Chart<?, ?> chart) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode chart '" + chart.getTitle() + "' as SVG", e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        int root = text.indexOf("<svg");
        return root > 0 ? text.substring(root) : text;
    }
}
