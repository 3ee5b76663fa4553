package dev.modelkit.kernel.model;

import dev.modelkit.kernel.LineMagic;
import dev.modelkit.kernel.MagicContext;
import dev.modelkit.kernel.NotebookModels;
import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.TransformerBuilder;

import javax.lang.model.SourceVersion;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code %model tiny|small|medium [key=value ...]}: builds a {@link Transformer}, registers it in
 * {@link NotebookModels} under its name, binds it as a variable where the kernel can, shows its summary
 * and returns it, so {@code Transformer m = %model small layers=2} binds it on IJava and JJava.
 *
 * <p>Keys (case-insensitive): {@code vocab|vocabSize}, {@code context|contextLength},
 * {@code dModel|d}, {@code layers}, {@code heads}, {@code mlpRatio}, {@code seed},
 * {@code init=eager|lazy|parallel}, {@code tie|tieEmbeddings=true|false}, {@code name=VAR}
 * (default {@code model}). Every argument is checked before the model is built.
 */
public final class ModelMagic implements LineMagic {

    /** The magic's name, without {@code %}. */
    public static final String NAME = "model";
    /** The variable name used when no {@code name=} is given. */
    public static final String DEFAULT_NAME = "model";

    static final String USAGE = "usage: %model tiny|small|medium [vocab=N] [context=N] [dModel=N] [layers=N] "
            + "[heads=N] [mlpRatio=N] [seed=N] [init=eager|lazy|parallel] [tie=true|false] [name=VAR]";

    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("vocab", "vocabSize"), Map.entry("vocabsize", "vocabSize"),
            Map.entry("context", "contextLength"), Map.entry("contextlength", "contextLength"),
            Map.entry("dmodel", "dModel"), Map.entry("d", "dModel"),
            Map.entry("layers", "layers"), Map.entry("heads", "heads"), Map.entry("mlpratio", "mlpRatio"),
            Map.entry("seed", "seed"), Map.entry("init", "init"),
            Map.entry("tie", "tieEmbeddings"), Map.entry("tieembeddings", "tieEmbeddings"),
            Map.entry("name", "name"));

    private static final String ALLOWED_KEYS = "vocab, context, dModel (d), layers, heads, mlpRatio, seed, init, "
            + "tie, name";

    /**
     * A parsed {@code %model} line.
     *
     * @param builder the configured builder, not yet built
     * @param name    the variable name the model is registered (and bound) under
     */
    public record Request(TransformerBuilder builder, String name) {
    }

    @Override
    public Object run(List<String> args, MagicContext context) {
        Request request = parse(args);
        Transformer model;
        try {
            model = request.builder().build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%model: " + e.getMessage(), e);
        }
        NotebookModels.put(request.name(), model);
        context.bind(request.name(), Transformer.class, model);
        context.display(model);
        return model;
    }

    /**
     * Parses and validates the arguments, including the resulting config, without allocating any
     * weights.
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    public static Request parse(List<String> args) {
        if (args == null || args.isEmpty()) {
            throw new IllegalArgumentException("%model: missing preset; allowed: tiny, small, medium. " + USAGE);
        }
        String first = args.get(0);
        if (first.contains("=")) {
            throw new IllegalArgumentException("%model: the first argument must be the preset, got '" + first
                    + "'; allowed: tiny, small, medium. " + USAGE);
        }
        Preset preset;
        try {
            preset = Preset.parse(first);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%model: preset '" + first + "' is unknown; allowed: tiny, small, medium. "
                    + USAGE, e);
        }
        TransformerBuilder builder = Transformer.builder().preset(preset);
        String name = DEFAULT_NAME;
        Set<String> seen = new HashSet<>();
        for (String arg : args.subList(1, args.size())) {
            int eq = arg.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("%model: argument '" + arg + "' is not key=value; allowed keys: "
                        + ALLOWED_KEYS + ". " + USAGE);
            }
            String rawKey = arg.substring(0, eq);
            String value = arg.substring(eq + 1);
            String key = KEYS.get(rawKey.toLowerCase(Locale.ROOT));
            if (key == null) {
                throw new IllegalArgumentException("%model: unknown key '" + rawKey + "' (value '" + value
                        + "'); allowed keys: " + ALLOWED_KEYS);
            }
            if (!seen.add(key)) {
                throw new IllegalArgumentException("%model: key '" + rawKey + "' is given twice (as " + key
                        + "); give each key once");
            }
            switch (key) {
                case "vocabSize" -> builder.vocabSize(positiveInt(rawKey, value));
                case "contextLength" -> builder.contextLength(positiveInt(rawKey, value));
                case "dModel" -> builder.dModel(positiveInt(rawKey, value));
                case "layers" -> builder.layers(positiveInt(rawKey, value));
                case "heads" -> builder.heads(positiveInt(rawKey, value));
                case "mlpRatio" -> builder.mlpRatio(positiveInt(rawKey, value));
                case "seed" -> builder.seed(longValue(rawKey, value));
                case "init" -> builder.init(init(rawKey, value));
                case "tieEmbeddings" -> builder.tieEmbeddings(bool(rawKey, value));
                case "name" -> name = identifier(rawKey, value);
                default -> throw new IllegalStateException("unhandled key " + key);
            }
        }
        try {
            builder.config();  // validates sizes, heads | dModel and array limits; allocates nothing
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("%model: " + e.getMessage(), e);
        }
        return new Request(builder, name);
    }

    private static int positiveInt(String key, String value) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw new IllegalArgumentException("%model: " + key + "=" + value + " is not allowed; allowed: an integer in 1.."
                + Integer.MAX_VALUE);
    }

    private static long longValue(String key, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("%model: " + key + "=" + value + " is not allowed; allowed: an integer in "
                    + Long.MIN_VALUE + ".." + Long.MAX_VALUE, e);
        }
    }

    private static Init init(String key, String value) {
        for (Init i : Init.values()) {
            if (i.name().equalsIgnoreCase(value.trim())) {
                return i;
            }
        }
        throw new IllegalArgumentException("%model: " + key + "=" + value + " is not allowed; allowed: eager, lazy, parallel");
    }

    private static boolean bool(String key, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new IllegalArgumentException("%model: " + key + "=" + value + " is not allowed; allowed: true, false");
    }

    private static String identifier(String key, String value) {
        if (SourceVersion.isIdentifier(value) && !SourceVersion.isKeyword(value) && !value.equals("_")) {
            return value;
        }
        throw new IllegalArgumentException("%model: " + key + "=" + value + " is not allowed; allowed: a Java "
                + "identifier that is not a keyword, e.g. m or small2");
    }
}
