package dev.modelkit.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The one argument syntax of ModelKit's line magics ({@code %model}, {@code %memory},
 * {@code %bench}, {@code %vars}): bare words first (a preset, say), then options. Every option can
 * be written {@code key=value}; the command-line forms {@code --key value} and {@code --key=value}
 * mean the same, and a flag may also be written {@code --flag} (true) or {@code --no-flag} (false).
 * Keys are case-insensitive and may have aliases ({@code d} for {@code dModel}); a key given twice,
 * under any of its names, is an error.
 *
 * <p>Every error names the key, the value and what is allowed, on one line, followed by a line with
 * the magic's usage. Errors have no cause: the message says everything, so no traceback repeats it.
 *
 * <pre>{@code
 * MagicArgs.Spec spec = MagicArgs.spec("bench", "%bench [tiny] [small] [medium] [runs=N] ...")
 *         .words("preset", "tiny", "small", "medium", "all")
 *         .key("runs").key("init", "inits").flag("gc");
 * MagicArgs a = spec.parse(List.of("tiny", "--runs", "3", "--no-gc"));
 * a.intIn("runs", 1, Integer.MAX_VALUE, 5);   // 3
 * a.bool("gc", true);                         // false
 * }</pre>
 */
public final class MagicArgs {

    /** What a magic accepts; build one per magic and {@link #parse} each call's words. */
    public static final class Spec {
        private final String magic;
        private final String usage;
        private final Map<String, String> canonical = new LinkedHashMap<>(); // lower-case name or alias -> key
        private final Map<String, Boolean> isFlag = new LinkedHashMap<>();   // key -> flag?
        private final Map<String, List<String>> aliases = new LinkedHashMap<>();
        private String wordsLabel;
        private List<String> allowedWords = List.of();

        private Spec(String magic, String usage) {
            this.magic = magic;
            this.usage = usage;
        }

        /**
         * Bare words are allowed before the options, each one of {@code allowed} (case-insensitive);
         * none allowed means any word.
         */
        public Spec words(String label, String... allowed) {
            this.wordsLabel = label;
            this.allowedWords = List.of(allowed);
            return this;
        }

        /** A key that takes a value: {@code key=v}, {@code --key v} or {@code --key=v}. */
        public Spec key(String name, String... aliasNames) {
            return add(name, false, aliasNames);
        }

        /** A boolean key: {@code key=true|false}, {@code --key}, {@code --no-key}. */
        public Spec flag(String name, String... aliasNames) {
            return add(name, true, aliasNames);
        }

        private Spec add(String name, boolean flag, String... aliasNames) {
            isFlag.put(name, flag);
            aliases.put(name, List.of(aliasNames));
            canonical.put(name.toLowerCase(Locale.ROOT), name);
            for (String a : aliasNames) {
                canonical.put(a.toLowerCase(Locale.ROOT), name);
            }
            return this;
        }

        /** The usage line shown under every error, e.g. {@code %bench [tiny] [runs=N]}. */
        public String usage() {
            return usage;
        }

        /** The keys, aliases in parentheses, as error messages list them. */
        public String allowedKeys() {
            StringJoiner j = new StringJoiner(", ");
            aliases.forEach((key, as) -> j.add(as.isEmpty() ? key : key + " (" + String.join(", ", as) + ")"));
            return j.toString();
        }

        /** An error of this magic: {@code %magic: message}, then the usage line. */
        public IllegalArgumentException error(String message) {
            return new IllegalArgumentException("%" + magic + ": " + message + "\nusage: " + usage);
        }

        /**
         * Parses one call's words.
         *
         * @throws IllegalArgumentException naming the word, the key, the value and what is allowed
         */
        public MagicArgs parse(List<String> args) {
            List<String> words = new ArrayList<>();
            Map<String, String> values = new LinkedHashMap<>();
            Map<String, String> spelled = new LinkedHashMap<>();
            List<String> list = args == null ? List.of() : args;
            for (int i = 0; i < list.size(); i++) {
                String arg = list.get(i).strip();
                if (arg.isEmpty()) {
                    continue;
                }
                boolean dashed = arg.startsWith("--");
                String body = dashed ? arg.substring(2) : arg;
                int eq = body.indexOf('=');
                if (!dashed && eq < 0) {
                    if (!values.isEmpty()) {
                        throw error("'" + arg + "' is not key=value (bare words come first); allowed keys: "
                                + allowedKeys());
                    }
                    word(arg);
                    words.add(arg);
                    continue;
                }
                String rawKey = eq < 0 ? body : body.substring(0, eq);
                String value = eq < 0 ? null : body.substring(eq + 1).strip();
                String key = canonical.get(rawKey.toLowerCase(Locale.ROOT));
                if (key == null && dashed && eq < 0 && rawKey.toLowerCase(Locale.ROOT).startsWith("no-")) {
                    String negated = canonical.get(rawKey.substring(3).toLowerCase(Locale.ROOT));
                    if (negated != null && isFlag.get(negated)) {
                        key = negated;
                        value = "false";
                    }
                }
                if (key == null) {
                    throw error("unknown key '" + rawKey + "'" + (value == null ? "" : " (value '" + value + "')")
                            + "; allowed keys: " + allowedKeys());
                }
                if (value == null) {
                    if (isFlag.get(key)) {
                        value = "true";
                    } else if (dashed && i + 1 < list.size() && !list.get(i + 1).strip().startsWith("--")) {
                        value = list.get(++i).strip();
                    } else {
                        throw error("key '" + rawKey + "' needs a value: " + rawKey + "=VALUE or --" + rawKey + " VALUE");
                    }
                }
                String written = dashed && eq < 0 ? arg + (isFlag.get(key) ? "" : " " + value) : arg;
                if (values.containsKey(key)) {
                    throw error("key '" + key + "' is given twice (" + spelled.get(key) + ", " + written
                            + "); give each key once");
                }
                values.put(key, value);
                spelled.put(key, written);
            }
            return new MagicArgs(this, words, values);
        }

        private void word(String w) {
            if (canonical.containsKey(w.toLowerCase(Locale.ROOT))) {
                String key = canonical.get(w.toLowerCase(Locale.ROOT));
                throw error("'" + w + "' is a key, not key=value: write " + key + "=VALUE"
                        + (isFlag.get(key) ? " (true or false)" : ""));
            }
            if (wordsLabel == null) {
                throw error("'" + w + "' is not key=value; allowed keys: " + allowedKeys());
            }
            if (!allowedWords.isEmpty() && allowedWords.stream().noneMatch(a -> a.equalsIgnoreCase(w))) {
                throw error(wordsLabel + " '" + w + "' is not allowed; allowed: " + String.join(", ", allowedWords));
            }
        }
    }

    private final Spec spec;
    private final List<String> words;
    private final Map<String, String> values;

    private MagicArgs(Spec spec, List<String> words, Map<String, String> values) {
        this.spec = spec;
        this.words = List.copyOf(words);
        this.values = values;
    }

    /** Starts the spec of magic {@code %name}. */
    public static Spec spec(String name, String usage) {
        return new Spec(name, usage);
    }

    /** The bare words, in order. */
    public List<String> words() {
        return words;
    }

    /** True when {@code key} was given. */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /** The raw value of {@code key}, or {@code fallback}. */
    public String string(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** An integer value in {@code min..max}. */
    public int intIn(String key, int min, int max, int fallback) {
        return (int) longIn(key, min, max, fallback);
    }

    /** A long value in {@code min..max}. */
    public long longIn(String key, long min, long max, long fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw error(key, v, "an integer in " + min + ".." + max);
    }

    /** A flag's value: {@code true} or {@code false}. */
    public boolean bool(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw error(key, v, "true, false");
    }

    /** One of {@code allowed}, matched by name, case-insensitive, {@code -} read as {@code _}. */
    public <E extends Enum<E>> E choice(String key, E[] allowed, E fallback) {
        String v = values.get(key);
        return v == null ? fallback : choose(key, v, v, allowed);
    }

    /** A comma-separated list of {@code allowed} names, e.g. {@code init=eager,lazy}. */
    public <E extends Enum<E>> List<E> choices(String key, E[] allowed, List<E> fallback) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        List<E> out = new ArrayList<>();
        for (String part : v.split(",")) {
            if (!part.isBlank() && !out.contains(choose(key, v, part, allowed))) {
                out.add(choose(key, v, part, allowed));
            }
        }
        if (out.isEmpty()) {
            throw error(key, v, names(allowed) + " (comma-separated)");
        }
        return out;
    }

    private <E extends Enum<E>> E choose(String key, String whole, String part, E[] allowed) {
        String want = part.strip().replace('-', '_');
        for (E e : allowed) {
            if (e.name().equalsIgnoreCase(want)) {
                return e;
            }
        }
        throw error(key, whole, names(allowed));
    }

    private static String names(Enum<?>[] allowed) {
        StringJoiner j = new StringJoiner(", ");
        for (Enum<?> e : allowed) {
            j.add(e.name().toLowerCase(Locale.ROOT));
        }
        return j.toString();
    }

    /** {@code %magic: key=value is not allowed; allowed: ...}, then the usage. */
    public IllegalArgumentException error(String key, String value, String allowed) {
        return spec.error(key + "=" + value + " is not allowed; allowed: " + allowed);
    }

    /** An error of this magic with the usage line under it. */
    public IllegalArgumentException error(String message) {
        return spec.error(message);
    }
}
