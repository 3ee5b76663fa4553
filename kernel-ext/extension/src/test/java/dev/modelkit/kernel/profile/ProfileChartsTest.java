package dev.modelkit.kernel.profile;

import dev.modelkit.model.Init;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Preset;
import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.CreationProfiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileChartsTest {

    private static CreationProfile profile;

    @BeforeAll
    static void profile() {
        System.setProperty("java.awt.headless", "true");
        profile = CreationProfiler.builder()
                .presets(Preset.TINY)
                .configs(new ModelConfig(16, 8, 32, 1, 2, 4, false))
                .inits(Init.EAGER, Init.LAZY)
                .warmup(0).runs(3)
                .run();
    }

    @Test
    void mediansChartHasAMarkerSeriesPerInitAndAWhiskerPerCase() throws Exception {
        XYChart c = ProfileCharts.medians(profile);
        assertTrue(c.getSeriesMap().containsKey("EAGER"));
        assertTrue(c.getSeriesMap().containsKey("LAZY"));
        XYSeries whisker = c.getSeriesMap().get("whisker EAGER TINY");
        assertEquals(2, whisker.getXData().length);
        assertEquals(profile.summaries().get(0).minMs(), whisker.getYData()[0], 1e-9);
        assertEquals(profile.summaries().get(0).maxMs(), whisker.getYData()[1], 1e-9);
        assertEquals(2 + 4, c.getSeriesMap().size());
        assertTrue(c.getStyler().isYAxisLogarithmic());
        assertPng(BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
    }

    @Test
    void scalingChartIsLinearWithReferencePointsAndNoFitThroughTwoSizes() throws Exception {
        XYChart c = ProfileCharts.scaling(profile);
        // A straight-line fit is drawn on linear axes, where it looks straight.
        assertFalse(c.getStyler().isXAxisLogarithmic() || c.getStyler().isYAxisLogarithmic());
        XYSeries eager = c.getSeriesMap().get("EAGER");
        assertArrayEquals(new double[] {profile.summaries().get(2).model().parameters() / 1e6, 0.417_792},
                eager.getXData(), 1e-12, "sorted by size, in millions");
        // Two sizes: no fit is drawn (a line through two points says nothing).
        assertTrue(c.getSeriesMap().keySet().stream().noneMatch(k -> k.startsWith("fit ")),
                c.getSeriesMap().keySet().toString());
        assertEquals(3, c.getSeriesMap().get("reference: C# reference report, hardware not stated").getXData().length);
        assertPng(BitmapEncoder.getBitmapBytes(c, BitmapEncoder.BitmapFormat.PNG));
    }

    private static void assertPng(byte[] bytes) {
        assertTrue(bytes.length > 1000);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4));
    }
}
