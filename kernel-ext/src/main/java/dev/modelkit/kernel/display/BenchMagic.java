package dev.modelkit.kernel.display;

import dev.modelkit.kernel.LineMagic;
import dev.modelkit.kernel.MagicContext;
import dev.modelkit.kernel.Progress;
import dev.modelkit.model.Preset;
import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.CreationProfiler;
import dev.modelkit.model.profile.ProfileArgs;

import java.util.List;
import java.util.Locale;

/**
 * {@code %bench [tiny small medium] [--runs N] [--warmup N] [--init eager,lazy,parallel]
 * [--no-gc] [--grads] [--tied]}: profiles model creation in the kernel with a live progress bar,
 * then displays the profile. Defaults: all three presets, EAGER, 1 warm-up, 5 runs, a GC before
 * each build.
 *
 * <p>The profile is displayed (a line magic used as a statement shows nothing of its value) and
 * returned, so {@code CreationProfile p = %bench tiny --runs 3} binds it;
 * {@link ProfileDisplay#lastProfile()} keeps it too.
 */
final class BenchMagic implements LineMagic {

    @Override
    public CreationProfile run(List<String> args, MagicContext context) {
        CreationProfiler profiler;
        try {
            profiler = ProfileArgs.apply(args, CreationProfiler.builder().presets(Preset.values()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%bench: " + e.getMessage() + "\nusage: %bench " + ProfileArgs.USAGE, e);
        }
        Progress bar = context.progress("building", profiler.totalBuilds());
        profiler.progress(e -> bar.update(e.completed(), String.format(Locale.ROOT, "%s %s %d: %.2f ms",
                e.key(), e.warmup() ? "warm-up" : "run", e.runIndex() + 1, e.runNanos() / 1e6)));
        long t0 = System.nanoTime();
        CreationProfile p = profiler.run();
        bar.finish(String.format(Locale.ROOT, "done in %.1f s", (System.nanoTime() - t0) / 1e9));
        ProfileDisplay.remember(p);
        context.display(p);
        return p;
    }
}
