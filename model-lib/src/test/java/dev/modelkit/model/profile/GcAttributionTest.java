package dev.modelkit.model.profile;

import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The attribution arithmetic on hand-made runs, where the right answer is known. */
class GcAttributionTest {

    private static final CaseKey KEY = new CaseKey(ProfiledModel.of(Preset.MEDIUM), Init.EAGER, false);

    private static CreationRun run(double ms, long gcs, long gcMs) {
        return new CreationRun(KEY.model(), Init.EAGER, false, false, 0, (long) (ms * 1e6), gcs, gcMs, 0);
    }

    @Test
    void spreadThatVanishesWithoutTheGcRunsIsAttributedToGc() {
        List<CreationRun> runs = List.of(run(10, 1, 4), run(5, 0, 0), run(6, 0, 0), run(12, 2, 6),
                run(11, 1, 3), run(5.5, 0, 0));
        GcAttribution a = GcAttribution.of(KEY, runs);
        assertEquals(3, a.runsWithGc());
        assertEquals(3, a.runsWithoutGc());
        assertEquals(11, a.medianWithGcMs(), 1e-9);
        assertEquals(5.5, a.medianWithoutGcMs(), 1e-9);
        assertEquals(7, a.spreadMs(), 1e-9);
        assertEquals(1, a.spreadWithoutGcMs(), 1e-9);
        assertEquals(1 - 1.0 / 7, a.gcShareOfSpread(), 1e-9);
        assertEquals(13.0 / 49.5, a.gcTimeShare(), 1e-9);
        assertTrue(a.splitComparable());
        assertEquals(5.5, a.gcEffectMs(), 1e-9);
        assertTrue(a.gcEffectCi().low() > 0, "every GC run is slower than every other: " + a.gcEffectCi());
        assertTrue(a.splitVerdict().startsWith("builds with a collection are slower"), a.splitVerdict());
        assertTrue(a.gcTimeShareCi().contains(a.gcTimeShare()), a.gcTimeShareCi().toString());

        CreationSummary s = CreationSummary.of(KEY, runs);
        assertEquals(4, s.gcCount());
        assertEquals(13, s.gcMillis());
        assertEquals(3, s.runsWithGc());
        assertEquals(11, s.medianWithGcMs(), 1e-9);
        assertEquals(5.5, s.medianWithoutGcMs(), 1e-9);
        assertEquals(8, s.medianMs(), 1e-9);
    }

    @Test
    void aSideOfFewerThanThreeRunsIsNotEnoughToCompare() {
        // The case: one run without a collection made "GC share of spread 100%".
        List<CreationRun> runs = List.of(run(10, 1, 4), run(5, 0, 0), run(12, 2, 6), run(11, 1, 3));
        GcAttribution a = GcAttribution.of(KEY, runs);
        assertTrue(Double.isNaN(a.gcShareOfSpread()));
        assertTrue(Double.isNaN(a.gcEffectMs()));
        assertFalse(a.gcEffectCi().known());
        assertTrue(a.splitVerdict().startsWith("not enough runs"), a.splitVerdict());
    }

    @Test
    void pausesAreMeasuredEvenWhenEveryRunCollected() {
        List<CreationRun> runs = List.of(run(20, 1, 7), run(19, 1, 7), run(21, 1, 8), run(20, 1, 6), run(22, 1, 8));
        GcAttribution a = GcAttribution.of(KEY, runs);
        assertEquals(36.0 / 102, a.gcTimeShare(), 1e-9);
        assertTrue(a.gcTimeShareCi().low() > GcAttribution.LARGE_SHARE);
        assertTrue(a.pauseVerdict().startsWith("GC pauses are a noticeable part"), a.pauseVerdict());
        assertEquals(13, a.medianExcludingPausesMs(), 1e-9);
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
