package dev.modelkit.kernel.profile;

import dev.modelkit.kernel.LineMagic;
import dev.modelkit.kernel.MagicArgs;
import dev.modelkit.kernel.MagicContext;
import dev.modelkit.kernel.Progress;
import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import dev.modelkit.model.profile.CreationProfile;
import dev.modelkit.model.profile.CreationProfiler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code %bench [tiny small medium all] [runs=N] [warmup=N] [init=eager,lazy,parallel] [gc=false]
 * [grads=true|false] [tied=true] [seed=N]}: profiles model creation in the kernel with a live
 * progress bar, then displays the profile. {@link MagicArgs} syntax, so the command-line spelling
 * of the profiler's {@code main} works too: {@code --runs 5 --no-gc --grads --tied}. Defaults: all
 * three presets, EAGER, {@link #WARM_UP} warm-ups (enough that the JIT has compiled the build before
 * the first timed run), 5 runs, a GC before each build, no eager gradients. {@code --reference}
 * uses the reference report's method instead: 1 warm-up and 5 runs, gradients allocated, which
 * times the first case with the JIT cold (the profile's display says so).
 * {@code grads=true} and {@code tied=true} profile both variants (with and without).
 *
 * <p>The profile is displayed (a line magic used as a statement shows nothing of its value) and
 * returned, so {@code CreationProfile p = %bench tiny runs=3} binds it;
 * {@link ProfileDisplay#lastProfile()} keeps it too.
 */
final class BenchMagic implements LineMagic {

    static final MagicArgs.Spec SPEC = MagicArgs.spec(ProfileDisplay.MAGIC, "%bench [tiny] [small] [medium] [all] "
                    + "[runs=N] [warmup=N] [init=eager,lazy,parallel] [gc=true|false] [grads=true|false] "
                    + "[tied=true|false] [seed=N] [reference=true]   (--runs N, --no-gc, --grads, --tied, --reference work too)")
            .words("preset", "tiny", "small", "medium", "all")
            .key("runs").key("warmup").key("init", "inits").flag("gc").flag("grads").flag("tied").key("seed")
            .flag("reference");

    /**
     * Default warm-ups per case: with one, a quick {@code %bench tiny small} timed TINY while the
     * JIT was still compiling the fill loops and made it look ~5× slower than it is.
     */
    static final int WARM_UP = 10;

    /** The profiler a {@code %bench} line describes, checked before anything is built. */
    static CreationProfiler parse(List<String> args) {
        MagicArgs a = SPEC.parse(args);
        List<Preset> presets = new ArrayList<>();
        for (String w : a.words()) {
            if (w.equalsIgnoreCase("all")) {
                presets.addAll(Preset.reference());
            } else {
                presets.add(Preset.valueOf(w.toUpperCase(Locale.ROOT)));
            }
        }
        CreationProfiler p = CreationProfiler.builder()
                .presets(presets.isEmpty() ? Preset.reference().toArray(Preset[]::new) : presets.stream().distinct().toArray(Preset[]::new))
                .runs(a.intIn("runs", 1, Integer.MAX_VALUE, 5))
                .warmup(a.intIn("warmup", 0, Integer.MAX_VALUE, a.bool("reference", false) ? 1 : WARM_UP))
                .inits(a.choices("init", Init.values(), List.of(Init.EAGER)).toArray(Init[]::new))
                .gcBeforeEachRun(a.bool("gc", true));
        if (a.bool("reference", false) && !a.has("grads")) {
            p.eagerGradients(true);  // the reference's builds allocate gradients
        }
        if (a.has("grads")) {
            p.eagerGradients(a.bool("grads", false) ? new boolean[] {false, true} : new boolean[] {false});
        }
        if (a.bool("tied", false)) {
            p.tiedEmbeddings(false, true);
        }
        if (a.has("seed")) {
            p.seed(a.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE, 0));
        }
        return p;
    }

    @Override
    public CreationProfile run(List<String> args, MagicContext context) {
        CreationProfiler profiler = parse(args);
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
