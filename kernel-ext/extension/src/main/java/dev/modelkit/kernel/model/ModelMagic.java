package dev.modelkit.kernel.model;

import dev.modelkit.kernel.LineMagic;
import dev.modelkit.kernel.MagicArgs;
import dev.modelkit.kernel.MagicContext;
import dev.modelkit.kernel.NotebookModels;
import dev.modelkit.model.Init;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.TransformerBuilder;

import javax.lang.model.SourceVersion;
import java.util.List;
import java.util.Locale;

/**
 * {@code %model tiny|small|medium [key=value ...]}: builds a {@link Transformer}, registers it in
 * {@link NotebookModels}, shows its summary and returns it, so {@code Transformer m = %model small layers=2}
 * binds it on every kernel. With {@code name=VAR} the kernel also declares {@code VAR} where it can
 * (ours can; IJava and JJava cannot), and the magic prints what it bound: {@code bound VAR: Transformer}.
 * Without {@code name=} no variable is declared, so the magic never overwrites one of the notebook's.
 *
 * <p>Keys (case-insensitive): {@code vocab|vocabSize}, {@code context|contextLength},
 * {@code dModel|d}, {@code layers}, {@code heads}, {@code mlpRatio}, {@code seed},
 * {@code init=eager|lazy|parallel}, {@code tie|tieEmbeddings=true|false}, {@code name=VAR}, in
 * {@link MagicArgs} syntax. Every argument is checked before the model is built.
 */
public final class ModelMagic implements LineMagic {

    /** The magic's name, without {@code %}. */
    public static final String NAME = "model";
    /** The name a model is registered under in {@link NotebookModels} when no {@code name=} is given. */
    public static final String DEFAULT_NAME = "model";

    static final String USAGE = "%model tiny|small|medium [vocab=N] [context=N] [dModel=N] [layers=N] "
            + "[heads=N] [mlpRatio=N] [seed=N] [init=eager|lazy|parallel] [tie=true|false] [name=VAR]";

    static final MagicArgs.Spec SPEC = MagicArgs.spec(NAME, USAGE)
            .words("preset", "tiny", "small", "medium")
            .key("vocab", "vocabSize").key("context", "contextLength").key("dModel", "d")
            .key("layers").key("heads").key("mlpRatio").key("seed").key("init")
            .flag("tie", "tieEmbeddings").key("name");

    /**
     * A parsed {@code %model} line.
     *
     * @param builder the configured builder, not yet built
     * @param name    the name the model is registered under in {@link NotebookModels}
     * @param bindsVariable true when {@code name=} was given: the kernel declares that variable if it can
     */
    public record Request(TransformerBuilder builder, String name, boolean bindsVariable) {
    }

    @Override
    public Object run(List<String> args, MagicContext context) {
        Request request = parse(args);
        Transformer model;
        try {
            model = request.builder().build();
        } catch (IllegalArgumentException e) {
            throw SPEC.error(e.getMessage());
        }
        NotebookModels.put(request.name(), model);
        if (request.bindsVariable()) {
            // Say what the notebook now holds: the variable is declared by the kernel, not by code the reader sees.
            System.out.println(context.bind(request.name(), Transformer.class, model)
                    ? "bound " + request.name() + ": Transformer"
                    : "registered " + request.name() + ": Transformer; this kernel cannot declare variables from a magic, so write "
                            + "Transformer " + request.name() + " = %model ... or Transformer " + request.name()
                            + " = NotebookModels.model(\"" + request.name() + "\");");
        }
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
        MagicArgs a = SPEC.parse(args);
        if (a.words().isEmpty()) {
            throw SPEC.error("missing preset; allowed: tiny, small, medium");
        }
        if (a.words().size() > 1) {
            throw SPEC.error("one preset only, got " + a.words() + "; allowed: tiny, small, medium");
        }
        Preset preset = Preset.valueOf(a.words().get(0).toUpperCase(Locale.ROOT));
        TransformerBuilder builder = Transformer.builder().preset(preset);
        int max = Integer.MAX_VALUE;
        if (a.has("vocab")) {
            builder.vocabSize(a.intIn("vocab", 1, max, 0));
        }
        if (a.has("context")) {
            builder.contextLength(a.intIn("context", 1, max, 0));
        }
        if (a.has("dModel")) {
            builder.dModel(a.intIn("dModel", 1, max, 0));
        }
        if (a.has("layers")) {
            builder.layers(a.intIn("layers", 1, max, 0));
        }
        if (a.has("heads")) {
            builder.heads(a.intIn("heads", 1, max, 0));
        }
        if (a.has("mlpRatio")) {
            builder.mlpRatio(a.intIn("mlpRatio", 1, max, 0));
        }
        if (a.has("seed")) {
            builder.seed(a.longIn("seed", Long.MIN_VALUE, Long.MAX_VALUE, 0));
        }
        if (a.has("init")) {
            builder.init(a.choice("init", Init.values(), null));
        }
        if (a.has("tie")) {
            builder.tieEmbeddings(a.bool("tie", false));
        }
        String name = a.string("name", DEFAULT_NAME);
        if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name) || name.equals("_")) {
            throw a.error("name", name, "a Java identifier that is not a keyword, e.g. m or small2");
        }
        try {
            builder.config();  // validates sizes, heads | dModel and array limits; allocates nothing
        } catch (IllegalArgumentException e) {
            throw SPEC.error(e.getMessage());
        }
        return new Request(builder, name, a.has("name"));
    }
}
