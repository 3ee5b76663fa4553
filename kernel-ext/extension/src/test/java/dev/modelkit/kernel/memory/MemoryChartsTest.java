package dev.modelkit.kernel.memory;

import dev.modelkit.model.Preset;
import dev.modelkit.model.memory.MemoryModel;
import dev.modelkit.model.memory.MemoryReport;
import dev.modelkit.model.memory.Optimizer;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryChartsTest {

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private static final double MIB = 1024.0 * 1024.0;

    @Test
    void presetsChartStacksSevenComponentsPerPreset() throws Exception {
        CategoryChart chart = MemoryCharts.presets(8, 128, Optimizer.ADAMW);
        assertTrue(chart.getStyler().isStacked());
        assertEquals(7, chart.getSeriesMap().size());   // training adds the backward scratch
        assertNotNull(chart.getSeriesMap().get("backward scratch"));
        assertEquals(6, MemoryCharts.presets(1, 16, Optimizer.NONE).getSeriesMap().size());
        double mediumWeights = chart.getSeriesMap().get("weights").getYData().stream()
                .skip(2).findFirst().orElseThrow().doubleValue();
        assertEquals(43_094_016 / MIB, mediumWeights, 1e-9);
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img);
        assertEquals(800, img.getWidth());
    }

    @Test
    void sequenceChartShowsTheQuadraticAttentionTerm() {
        MemoryReport r = MemoryModel.of(Preset.SMALL.config()).batch(4).optimizer(Optimizer.ADAMW).report();
        XYChart chart = MemoryCharts.versusSequence(r, 16, 32, 64, 128);
        XYSeries att = chart.getSeriesMap().get("attention probabilities (T²)");
        assertNotNull(att);
        double[] y = att.getYData();
        for (int i = 1; i < y.length; i++) {
            assertEquals(4 * y[i - 1], y[i], 1e-9);
        }
        assertArrayEquals(new double[] {16, 32, 64, 128}, att.getXData(), 0);
    }

    @Test
    void batchAndKvCharts() throws Exception {
        MemoryReport r = MemoryModel.of(Preset.MEDIUM.config()).batch(2).report();
        XYChart batch = MemoryCharts.versusBatch(r, 1, 2, 4, 8);
        assertNotNull(batch.getSeriesMap().get("KV cache"));
        XYChart kv = MemoryCharts.kvCacheVersusContext(r, 128, 256, 512, 1024);
        double[] fp32 = kv.getSeriesMap().get("KV cache FP32").getYData();
        double[] bf16 = kv.getSeriesMap().get("KV cache BF16").getYData();
        // 2 · 6 layers · 384 · 1024 tokens · batch 2 · 4 B
        assertEquals(2.0 * 6 * 384 * 1024 * 2 * 4 / MIB, fp32[3], 1e-9);
        assertEquals(fp32[3] / 2, bf16[3], 1e-9);
        assertNull(kv.getSeriesMap().get("KV cache INT8"), "INT8 quantizes weights only, not the cache");
        assertTrue(BitmapEncoder.getBitmapBytes(kv, BitmapEncoder.BitmapFormat.PNG).length > 1000);
        assertThrows(IllegalArgumentException.class, () -> MemoryCharts.components(java.util.Map.of()));
    }
}
