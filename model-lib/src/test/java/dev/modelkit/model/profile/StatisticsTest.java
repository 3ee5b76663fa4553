package dev.modelkit.model.profile;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatisticsTest {

    @Test
    void medianOfOddCountIsTheMiddleValue() {
        assertEquals(3.0, Statistics.median(new double[] {5, 1, 3}));
        assertEquals(7.0, Statistics.median(new double[] {7}));
    }

    @Test
    void medianOfEvenCountIsTheMeanOfTheTwoMiddleValues() {
        assertEquals(2.5, Statistics.median(new double[] {4, 1, 3, 2}));
        assertEquals(94.6, Statistics.median(new double[] {111, 54, 94.6, 94.6}), 1e-12);
    }

    @Test
    void medianDoesNotReorderItsInput() {
        double[] xs = {3, 1, 2};
        Statistics.median(xs);
        assertArrayEquals(new double[] {3, 1, 2}, xs);
    }

    @Test
    void medianOrNaNOfNothingIsNaN() {
        assertTrue(Double.isNaN(Statistics.medianOrNaN(new double[0])));
    }

    @Test
    void sampleStddevDividesByNMinusOne() {
        // mean 5, squared deviations sum to 32, n - 1 = 7: sqrt(32 / 7)
        double[] xs = {2, 4, 4, 4, 5, 5, 7, 9};
        assertEquals(Math.sqrt(32.0 / 7), Statistics.sampleStddev(xs), 1e-12);
        assertEquals(0.0, Statistics.sampleStddev(new double[] {42}));
        assertEquals(0.0, Statistics.sampleStddev(new double[] {3, 3, 3}));
    }

    @Test
    void minMaxMean() {
        double[] xs = {2, -1, 8, 3};
        assertEquals(-1, Statistics.min(xs));
        assertEquals(8, Statistics.max(xs));
        assertEquals(3, Statistics.mean(xs));
    }

    @Test
    void exactLineFitsWithRSquaredOne() {
        double[] x = {1, 2, 3, 4};
        double[] y = {5, 7, 9, 11};  // y = 3 + 2x
        Statistics.LinearFit f = Statistics.linearFit(x, y);
        assertEquals(2, f.slope(), 1e-12);
        assertEquals(3, f.intercept(), 1e-12);
        assertEquals(1, f.r2(), 1e-12);
        assertEquals(4, f.points());
        assertEquals(23, f.predict(10), 1e-12);
    }

    @Test
    void noisyFitMatchesHandComputedLeastSquares() {
        double[] x = {0, 1, 2};
        double[] y = {1, 3, 2};
        // mean x 1, mean y 2; sxy = (-1)(-1) + 0 + (1)(0) = 1; sxx = 2 -> slope 0.5, intercept 1.5
        // residuals: 1-1.5 = -0.5, 3-2 = 1, 2-2.5 = -0.5 -> ss_res 1.5; ss_tot 2 -> r2 0.25
        Statistics.LinearFit f = Statistics.linearFit(x, y);
        assertEquals(0.5, f.slope(), 1e-12);
        assertEquals(1.5, f.intercept(), 1e-12);
        assertEquals(0.25, f.r2(), 1e-12);
    }

    @Test
    void badInputsAreRefusedWithTheFieldNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Statistics.median(new double[0]));
        assertTrue(e.getMessage().startsWith("xs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Statistics.linearFit(new double[] {1, 1}, new double[] {2, 3}));
        assertTrue(e.getMessage().contains("distinct"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Statistics.linearFit(new double[] {1, 2, 3}, new double[] {2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Statistics.sampleStddev(null));
    }
}
