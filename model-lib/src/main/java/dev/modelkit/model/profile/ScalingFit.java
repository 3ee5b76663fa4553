package dev.modelkit.model.profile;

import dev.modelkit.model.Init;

/**
 * Median build time against parameter count for one way of building, fitted with a straight
 * line: time = intercept + slope * params. A linear cost shows as R² near 1 and a small
 * intercept; a fixed per-build cost shows as a large intercept.
 *
 * @param init            how weights were materialised
 * @param eagerGradients  whether gradient arrays were allocated too
 * @param points          model sizes fitted (at least two distinct parameter counts)
 * @param slopeNsPerParam marginal cost of one more parameter, in nanoseconds
 * @param interceptMs     the line's time at zero parameters, in milliseconds
 * @param r2              coefficient of determination of the fit
 */
public record ScalingFit(Init init, boolean eagerGradients, int points, double slopeNsPerParam,
                         double interceptMs, double r2) {

    /** Predicted median milliseconds for a model of {@code params} parameters. */
    public double predictMs(long params) {
        return interceptMs + slopeNsPerParam * params / 1e6;
    }
}
