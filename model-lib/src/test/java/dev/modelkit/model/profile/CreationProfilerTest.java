package dev.modelkit.model.profile;

import dev.modelkit.model.Init;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour of the profiler on TINY and a smaller custom size; counts only, never timings. */
class CreationProfilerTest {

    private static final ModelConfig MICRO = new ModelConfig(16, 8, 32, 1, 2, 4, false);

    @Test
    void callsTheListenerOnceForEveryBuildInOrder() {
        List<ProgressEvent> events = new ArrayList<>();
        CreationProfile p = CreationProfiler.builder()
                .presets(Preset.TINY)
                .inits(Init.EAGER, Init.LAZY)
                .warmup(1).runs(2)
                .gcBeforeEachRun(false)
                .progress(events::add)
                .run();

        assertEquals(2 * 3, events.size());
        for (int i = 0; i < events.size(); i++) {
            ProgressEvent e = events.get(i);
            assertEquals(i + 1, e.completed());
            assertEquals(6, e.total());
            assertEquals(i % 3 == 0, e.warmup(), "warm-up first in each case");
            assertEquals(i < 3 ? Init.EAGER : Init.LAZY, e.key().init());
            assertTrue(e.runNanos() > 0 && e.elapsedNanos() >= e.runNanos());
        }
        assertEquals(1.0, events.get(5).fraction());
        assertEquals(6, p.runs().size());
        assertEquals(2, p.summaries().size());
        assertEquals(2, p.summaries().get(0).runs(), "warm-ups are not summarised");
        assertTrue(p.firstBuild().warmup());
    }

    @Test
    void summarisesEveryCaseAndFitsScalingAcrossSizes() {
        CreationProfile p = CreationProfiler.builder()
                .presets(Preset.TINY).configs(MICRO)
                .warmup(0).runs(3)
                .run();
        assertEquals(2, p.summaries().size());
        CreationSummary tiny = p.summaries().get(0);
        assertEquals("TINY", tiny.model().name());
        assertEquals(417_792L, tiny.model().parameters());
        assertEquals(29, tiny.model().tensors());
        assertTrue(tiny.minMs() <= tiny.medianMs() && tiny.medianMs() <= tiny.maxMs());
        assertTrue(tiny.minMs() <= tiny.meanMs() && tiny.meanMs() <= tiny.maxMs());
        assertEquals(tiny.medianMs() * 1e6 / 417_792, tiny.nsPerParam(), 1e-9);
        assertEquals(3, tiny.runs());
        assertEquals(3, tiny.runsWithGc() + p.gcAttribution().get(0).runsWithoutGc());

        assertEquals("d32 L1 H2 V16 T8", p.summaries().get(1).model().name());
        assertEquals(1, p.scaling().size());
        ScalingFit fit = p.scaling().get(0);
        assertEquals(Init.EAGER, fit.init());
        assertEquals(2, fit.points());
        // Two points always lie on their line: no slope, intercept or R² is shown, and it says why.
        assertFalse(fit.hasFit());
        assertTrue(Double.isNaN(fit.slopeNsPerParam()) && Double.isNaN(fit.interceptMs()) && Double.isNaN(fit.r2()));
        assertEquals("no fit", fit.outcome());
        assertTrue(fit.verdict().contains("2 sizes measured"), fit.verdict());
        assertTrue(tiny.medianCi().contains(tiny.medianMs()), tiny.medianCi().toString());
    }

    @Test
    void countsTheBytesEachWayOfBuildingAllocates() {
        CreationProfile p = CreationProfiler.builder()
                .presets(Preset.TINY)
                .inits(Init.EAGER, Init.PARALLEL, Init.LAZY)
                .eagerGradients(false, true)
                .warmup(1).runs(1)
                .run();
        assertEquals(6, p.summaries().size());
        for (CreationSummary s : p.summaries()) {
            assertTrue(s.meanAllocatedBytes() >= 0, "HotSpot counts allocation per thread");
            double weights = s.init() == Init.LAZY ? 0 : 4;
            double grads = s.eagerGradients() ? 4 : 0;
            // fp32 data is 4 B/param, plus small change for objects and array headers
            assertTrue(s.bytesPerParam() >= weights + grads, s.key() + ": " + s.bytesPerParam());
            assertTrue(s.bytesPerParam() < weights + grads + 0.5, s.key() + ": " + s.bytesPerParam());
        }
    }

    @Test
    void tiedVariantsAreSeparateCasesWithFewerParameters() {
        List<CaseKey> cases = CreationProfiler.builder().presets(Preset.SMALL).tiedEmbeddings(false, true).cases();
        assertEquals(2, cases.size());
        assertEquals("SMALL", cases.get(0).model().name());
        assertEquals("SMALL tied", cases.get(1).model().name());
        assertEquals(3_243_520L - 100 * 256, cases.get(1).model().parameters());
        assertEquals(Preset.SMALL, cases.get(0).model().referencePreset());
        assertEquals(null, cases.get(1).model().referencePreset(), "the reference measured untied models only");
    }

    @Test
    void comparesOurMediansWithThePublishedOnes() {
        CreationProfile p = CreationProfiler.builder().presets(Preset.TINY).configs(MICRO).warmup(0).runs(1).run();
        List<ReferenceComparison> c = ReferenceData.load().compare(p);
        assertEquals(2, c.size(), "TINY against both sources; the custom size has no counterpart");
        for (ReferenceComparison r : c) {
            assertEquals(Preset.TINY, r.reference().preset());
            assertEquals(r.ours().medianMs() / r.reference().medianMs(), r.ratio(), 1e-12);
        }
        String table = ReferenceData.load().comparisonTable(p);
        assertTrue(table.contains("ratio ours/ref") && table.contains("2.660"), table);
    }

    @Test
    void printsAReadableTable() {
        CreationProfile p = CreationProfiler.builder().presets(Preset.TINY).warmup(0).runs(1).run();
        String s = p.toString();
        assertTrue(s.contains("median ms"), s);
        assertTrue(s.contains("417,792"), s);
        assertTrue(s.contains("JDK " + System.getProperty("java.version")), s);
        assertTrue(s.contains("GC attribution"), s);
        assertFalse(s.contains("Scaling"), "one size has no slope: " + s);
    }

    @Test
    void refusesBadArgumentsWithTheFieldNamed() {
        CreationProfiler b = CreationProfiler.builder();
        assertMessage("runs = 0", () -> b.runs(0));
        assertMessage("warmup = -1", () -> b.warmup(-1));
        assertMessage("presets", () -> b.presets());
        assertMessage("presets", () -> b.presets((Preset[]) null));
        assertMessage("presets[1]", () -> b.presets(Preset.TINY, null));
        assertMessage("configs", () -> b.configs());
        assertMessage("inits", () -> b.inits());
        assertMessage("progress", () -> b.progress(null));
        assertMessage("eagerGradients", () -> b.eagerGradients());
        assertMessage("presets: none given", b::run);
    }

    private static void assertMessage(String start, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
