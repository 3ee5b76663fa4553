package dev.modelkit.model.profile;

import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attribution arithmetic on hand-made runs, where the right answer is known. */
class GcAttributionTest {

    private static final CaseKey KEY = new CaseKey(ProfiledModel.of(Preset.MEDIUM), Init.EAGER, false);

    private static CreationRun run(double ms, long gcs, long gcMs) {
        return new CreationRun(KEY.model(), Init.EAGER, false, false, 0, (long) (ms * 1e6), gcs, gcMs, 0);
    }

    @Test
    void spreadThatVanishesWithoutTheGcRunsIsAttributedToGc() {
        List<CreationRun> runs = List.of(run(10, 1, 4), run(5, 0, 0), run(6, 0, 0), run(12, 2, 6));
        GcAttribution a = GcAttribution.of(KEY, runs);
        assertEquals(2, a.runsWithGc());
        assertEquals(2, a.runsWithoutGc());
        assertEquals(11, a.medianWithGcMs(), 1e-9);
        assertEquals(5.5, a.medianWithoutGcMs(), 1e-9);
        assertEquals(7, a.spreadMs(), 1e-9);
        assertEquals(1, a.spreadWithoutGcMs(), 1e-9);
        assertEquals(1 - 1.0 / 7, a.gcShareOfSpread(), 1e-9);
        assertEquals(10.0 / 33, a.gcTimeShare(), 1e-9);

        CreationSummary s = CreationSummary.of(KEY, runs);
        assertEquals(3, s.gcCount());
        assertEquals(10, s.gcMillis());
        assertEquals(2, s.runsWithGc());
        assertEquals(11, s.medianWithGcMs(), 1e-9);
        assertEquals(5.5, s.medianWithoutGcMs(), 1e-9);
        assertEquals(8, s.medianMs(), 1e-9);
    }

    @Test
    void withoutAnyGcNoneOfTheSpreadIsGcs() {
        GcAttribution a = GcAttribution.of(KEY, List.of(run(5, 0, 0), run(9, 0, 0)));
        assertEquals(0, a.gcShareOfSpread());
        assertTrue(Double.isNaN(a.medianWithGcMs()));
        assertEquals(4, a.spreadWithoutGcMs(), 1e-9);
    }

    @Test
    void whenEveryRunCollectedThereIsNothingToCompare() {
        GcAttribution a = GcAttribution.of(KEY, List.of(run(5, 1, 1), run(9, 1, 1)));
        assertTrue(Double.isNaN(a.gcShareOfSpread()));
        assertTrue(Double.isNaN(a.medianWithoutGcMs()));
    }
}
