package dev.modelkit.model.profile;

import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line style options for a {@link CreationProfiler}, shared by {@link ProfileMain} and
 * the notebook's {@code %bench} magic so both read the same words.
 */
public final class ProfileArgs {

    /** One line per option, for error messages and help. */
    public static final String USAGE = "[tiny] [small] [medium] [--runs N] [--warmup N] "
            + "[--init eager,lazy,parallel] [--no-gc] [--grads | --no-grads] [--tied] [--seed N]";

    private ProfileArgs() {
    }

    /**
     * Applies {@code args} over {@code profiler} (which holds the defaults) and returns it.
     * Preset names replace the default presets; options override single settings.
     *
     * @throws IllegalArgumentException naming the bad word and the allowed ones
     */
    public static CreationProfiler apply(List<String> args, CreationProfiler profiler) {
        if (args == null) {
            throw new IllegalArgumentException("args must not be null");
        }
        List<Preset> presets = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i).trim();
            if (a.isEmpty()) {
                continue;
            }
            switch (a.toLowerCase(Locale.ROOT)) {
                case "--runs" -> profiler.runs(intValue("--runs", args, ++i));
                case "--warmup" -> profiler.warmup(intValue("--warmup", args, ++i));
                case "--init", "--inits" -> profiler.inits(inits(value("--init", args, ++i)));
                case "--no-gc" -> profiler.gcBeforeEachRun(false);
                case "--gc" -> profiler.gcBeforeEachRun(true);
                case "--grads" -> profiler.eagerGradients(false, true);
                case "--no-grads" -> profiler.eagerGradients(false);
                case "--tied" -> profiler.tiedEmbeddings(false, true);
                case "--seed" -> profiler.seed(longValue("--seed", args, ++i));
                case "all" -> presets.addAll(Preset.reference());
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option '" + a + "'; allowed: " + USAGE);
                    }
                    presets.add(Preset.parse(a));
                }
            }
        }
        if (!presets.isEmpty()) {
            profiler.presets(presets.stream().distinct().toArray(Preset[]::new));
        }
        return profiler;
    }

    private static String value(String option, List<String> args, int i) {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value; usage: " + USAGE);
        }
        return args.get(i).trim();
    }

    private static int intValue(String option, List<String> args, int i) {
        String v = value(option, args, i);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " = '" + v + "' is not a whole number; allowed: "
                    + (option.equals("--runs") ? "1.." : "0..") + Integer.MAX_VALUE);
        }
    }

    private static long longValue(String option, List<String> args, int i) {
        String v = value(option, args, i);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " = '" + v + "' is not a whole number");
        }
    }

    private static Init[] inits(String list) {
        List<Init> out = new ArrayList<>();
        for (String s : list.split(",")) {
            if (s.isBlank()) {
                continue;
            }
            try {
                out.add(Init.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--init: unknown value '" + s.trim()
                        + "'; allowed: eager, lazy, parallel (comma-separated)");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--init: none given; allowed: eager, lazy, parallel (comma-separated)");
        }
        return out.toArray(Init[]::new);
    }
}
