package dev.modelkit.model.profile;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Preset;

import java.util.Locale;

/**
 * A model size under profile: a display name, its config, and the preset it came from (null for
 * a custom config).
 *
 * @param name   {@code TINY}, {@code SMALL}, {@code MEDIUM}, a derived name such as
 *               {@code d384 L6 H6 V100 T128} for a custom config, with {@code " tied"} appended
 *               when the LM head shares the token embedding
 * @param config the architecture that is built
 * @param preset the preset the size comes from, or null
 */
public record ProfiledModel(String name, ModelConfig config, Preset preset) {

    public ProfiledModel {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
    }

    public static ProfiledModel of(Preset preset) {
        return new ProfiledModel(preset.name(), preset.config(), preset);
    }

    public static ProfiledModel of(ModelConfig config) {
        String name = String.format(Locale.ROOT, "d%d L%d H%d V%d T%d", config.dModel(), config.layers(),
                config.heads(), config.vocabSize(), config.contextLength())
                + (config.mlpRatio() == 4 ? "" : config.mlpRatio() > 0 ? " mlp" + config.mlpRatio()
                        : " F" + config.intermediateSize())
                + (config.tieEmbeddings() ? " tied" : "");
        return new ProfiledModel(name, config, null);
    }

    /** The same size with the LM head tied (or untied); the name says which. */
    public ProfiledModel withTieEmbeddings(boolean tie) {
        if (tie == config.tieEmbeddings()) {
            return this;
        }
        String base = name.endsWith(" tied") ? name.substring(0, name.length() - 5) : name;
        return new ProfiledModel(tie ? base + " tied" : base, config.withTieEmbeddings(tie), preset);
    }

    public long parameters() {
        return config.parameterCount();
    }

    public int tensors() {
        return config.tensorCount();
    }

    /**
     * The preset whose published reference figures this model can be compared with: only when
     * the config is exactly the preset's (untied, MLP ratio 4), as the reference measured it.
     */
    public Preset referencePreset() {
        return preset != null && preset.config().equals(config) ? preset : null;
    }
}
