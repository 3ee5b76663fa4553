package dev.modelkit.kernel.display;

import dev.modelkit.model.Preset;
import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.CreationProfiler;
import dev.modelkit.model.profile.ProfileArgs;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.magic.registry.LineMagicFunction;

import java.util.List;
import java.util.Locale;

/**
 * {@code %bench [tiny small medium] [--runs N] [--warmup N] [--init eager,lazy,parallel]
 * [--no-gc] [--grads] [--tied]}: profiles model creation in the kernel with a live progress bar,
 * then displays the profile. Defaults: all three presets, EAGER, 1 warm-up, 5 runs, a GC before
 * each build.
 *
 * <p>The result is displayed, not returned: IJava rewrites a line magic into a statement, so a
 * returned value would not be shown. {@link ProfileDisplay#lastProfile()} keeps it for later
 * cells ({@code ProfileTables.summary(ProfileDisplay.lastProfile())}).
 */
final class BenchMagic implements LineMagicFunction<Void> {

    private final BaseKernel kernel;

    BenchMagic(BaseKernel kernel) {
        this.kernel = kernel;
    }

    @Override
    public Void execute(List<String> args) {
        CreationProfiler profiler;
        try {
            profiler = ProfileArgs.apply(args, CreationProfiler.builder().presets(Preset.values()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%bench: " + e.getMessage() + "\nusage: %bench " + ProfileArgs.USAGE, e);
        }
        ProgressBar bar = ProgressBar.show(kernel, "building", profiler.totalBuilds());
        profiler.progress(e -> bar.update(e.completed(), String.format(Locale.ROOT, "%s %s %d: %.2f ms",
                e.key(), e.warmup() ? "warm-up" : "run", e.runIndex() + 1, e.runNanos() / 1e6)));
        long t0 = System.nanoTime();
        CreationProfile p = profiler.run();
        bar.finish(String.format(Locale.ROOT, "done in %.1f s", (System.nanoTime() - t0) / 1e9));
        ProfileDisplay.remember(p);
        kernel.display(kernel.getRenderer().render(p));
        return null;
    }
}
