package dev.modelkit.model.profile;

import dev.modelkit.model.Init;
import dev.modelkit.model.ModelConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Intervals and verdicts on hand-made runs whose true shape is known. */
class BootstrapTest {

    @Test
    void theSameRunsGiveTheSameIntervalEveryTime() {
        double[] xs = {5.1, 4.9, 5.3, 7.0, 5.0, 5.2, 4.8};
        Interval a = Bootstrap.median(xs), b = Bootstrap.median(xs.clone());
        assertEquals(a, b);
        assertTrue(a.contains(Statistics.median(xs)), a.toString());
        assertTrue(a.low() >= 4.8 && a.high() <= 7.0, a.toString());
    }

    @Test
    void fewerThanThreeValuesHaveNoInterval() {
        assertFalse(Bootstrap.median(new double[] {1, 2}).known());
        assertFalse(Bootstrap.medianDifference(new double[] {1, 2, 3}, new double[] {1, 2}).known());
        assertEquals("[n/a]", Interval.UNKNOWN.format("%.2f"));
    }

    private static CreationProfile profile(java.util.function.LongToDoubleFunction msOf, int sizes, long seed) {
        SplittableRandom noise = new SplittableRandom(seed);
        List<CaseKey> cases = new ArrayList<>();
        List<CreationRun> runs = new ArrayList<>();
        for (int i = 1; i <= sizes; i++) {
            ProfiledModel m = ProfiledModel.of(new ModelConfig(100, 128, 64 * i, 6, 4, 4, false));
            CaseKey key = new CaseKey(m, Init.EAGER, false);
            cases.add(key);
            for (int r = 0; r < 7; r++) {
                double ms = msOf.applyAsDouble(m.parameters()) * (1 + 0.04 * (noise.nextDouble() - 0.5));
                runs.add(new CreationRun(m, Init.EAGER, false, false, r, (long) (ms * 1e6), 0, 0, 0));
            }
        }
        return new CreationProfile(cases, runs, 0, 7, true, 42, Environment.capture());
    }

    @Test
    void aLinearCostIsLinearWithinTheMarginWhateverTheNoise() {
        for (long seed = 1; seed <= 3; seed++) {
            ScalingFit f = profile(p -> 0.3 + 1.5e-6 * p, 8, seed).scaling().get(0);
            assertEquals("linear", f.outcome(), f.verdict());
            assertTrue(f.slopeCi().contains(1.5), f.slopeCi().toString());
        }
    }

    @Test
    void aQuadraticCostIsCurved() {
        ScalingFit f = profile(p -> 0.3 + 1e-7 * p + 4e-14 * p * p, 8, 1).scaling().get(0);
        assertEquals("curved", f.outcome(), f.verdict());
    }

    @Test
    void threeSizesFitALineButCannotTestItsCurvature() {
        ScalingFit f = profile(p -> 0.3 + 1.5e-6 * p, 3, 1).scaling().get(0);
        assertTrue(f.hasFit());
        assertEquals("too few sizes", f.outcome());
        assertTrue(f.verdict().contains("need 6"), f.verdict());
    }

    @Test
    void sweepsSpanTinyToTwiceMediumInEightSizes() {
        for (ModelConfig[] sweep : List.of(ScalingSweep.byWidth(), ScalingSweep.byDepth())) {
            assertEquals(8, sweep.length);
            assertTrue(sweep[0].parameterCount() > 417_792L, sweep[0].toString());
            assertTrue(sweep[7].parameterCount() <= 2.05 * 10_773_504L && sweep[7].parameterCount() > 1.9 * 10_773_504L,
                    sweep[7].parameterCount() + "");
        }
    }
}
