package dev.modelkit.model.profile;

import dev.modelkit.model.Preset;

/**
 * One published creation-time figure of the reference C# library. Figures the source did not
 * publish are NaN, never estimated.
 *
 * @param preset   the model size
 * @param params   parameters as published
 * @param tensors  tensors as published
 * @param minMs    fastest build, or NaN
 * @param medianMs median build
 * @param avgMs    mean build, or NaN
 * @param maxMs    slowest build, or NaN
 * @param source   where the figure comes from, including the hardware when known
 */
public record ReferenceRow(Preset preset, long params, int tensors, double minMs, double medianMs,
                           double avgMs, double maxMs, String source) {
}
