package dev.modelkit.model.profile;

/**
 * Our measured median beside one published reference median for the same preset.
 *
 * @param ours      our summary (measured here)
 * @param reference the published figure (measured elsewhere, on other hardware)
 * @param ratio     our median / the reference median: below 1 means our build was faster
 */
public record ReferenceComparison(CreationSummary ours, ReferenceRow reference, double ratio) {
}
