package dev.modelkit.model.profile;

import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceDataTest {

    @Test
    void shipsThePublishedFiguresAndNothingInvented() {
        ReferenceData d = ReferenceData.load();
        assertEquals(6, d.rows().size());
        assertEquals(2, d.sources().size());

        ReferenceRow medium = d.rows().get(2);
        assertEquals(Preset.MEDIUM, medium.preset());
        assertEquals(10_773_504L, medium.params());
        assertEquals(77, medium.tensors());
        assertEquals(54, medium.minMs());
        assertEquals(94.60, medium.medianMs());
        assertEquals(111, medium.maxMs());
        assertTrue(Double.isNaN(medium.avgMs()), "the report gives no Medium average");
        assertEquals("C# reference report, hardware not stated", medium.source());

        ReferenceRow tiny = d.rows().get(0);
        assertEquals(2.66, tiny.medianMs());
        assertTrue(Double.isNaN(tiny.minMs()) && Double.isNaN(tiny.avgMs()) && Double.isNaN(tiny.maxMs()));

        List<Double> epyc = d.rows().stream().filter(r -> r.source().contains("EPYC 7763"))
                .map(ReferenceRow::medianMs).toList();
        assertEquals(List.of(3.01, 22.30, 101.01), epyc);
    }

    @Test
    void publishedCountsAgreeWithOurPresets() {
        for (ReferenceRow r : ReferenceData.load().rows()) {
            assertEquals(r.preset().config().parameterCount(), r.params(), r.preset().name());
            assertEquals(r.preset().config().tensorCount(), r.tensors(), r.preset().name());
        }
    }

    @Test
    void malformedCsvIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ReferenceData.parse("a,b\n"));
        assertThrows(IllegalArgumentException.class, () -> ReferenceData.parse(
                "preset,params,tensors,min_ms,median_ms,avg_ms,max_ms,source\nTINY,1,2\n"));
        assertThrows(IllegalArgumentException.class, () -> ReferenceData.parse(
                "preset,params,tensors,min_ms,median_ms,avg_ms,max_ms,source\nHUGE,1,2,,1,,,x\n"));
    }
}
