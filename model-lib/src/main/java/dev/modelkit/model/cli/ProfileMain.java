package dev.modelkit.model.cli;

import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.CreationProfiler;
import dev.modelkit.model.profile.ProfileArgs;
import dev.modelkit.model.profile.ReferenceData;

import java.util.List;
import java.util.Locale;

/**
 * Prints the creation profile of every preset and init on this machine, with and without the
 * reference's eager gradient arrays, beside the reference's published medians.
 *
 * <pre>
 * java -Xms2g -Xmx2g -XX:+AlwaysPreTouch -cp model-lib/target/classes \
 *     dev.modelkit.model.cli.ProfileMain [options]
 * </pre>
 *
 * Options as {@link ProfileArgs#USAGE}; defaults: all presets, all inits, gradients off and on,
 * 1 warm-up, 5 runs, a GC before each build.
 */
public final class ProfileMain {

    private ProfileMain() {
    }

    public static void main(String[] args) {
        CreationProfiler profiler = CreationProfiler.builder()
                .presets(Preset.reference().toArray(Preset[]::new))
                .inits(Init.EAGER, Init.PARALLEL, Init.LAZY)
                .eagerGradients(false, true);
        try {
            ProfileArgs.apply(List.of(args), profiler);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: ProfileMain " + ProfileArgs.USAGE);
            System.exit(2);
            return;
        }
        profiler.progress(e -> {
            if (e.completed() == 1 || e.completed() == e.total() || e.runIndex() == 0 && !e.warmup()) {
                System.err.printf(Locale.ROOT, "[%3d/%3d] %s%n", e.completed(), e.total(), e.key());
            }
        });
        CreationProfile p = profiler.run();
        System.out.print(p);
        System.out.println();
        System.out.println("Beside the reference's published medians (ratio < 1: we are faster; "
                + "different hardware, see sources)");
        System.out.print(ReferenceData.load().comparisonTable(p));
    }
}
