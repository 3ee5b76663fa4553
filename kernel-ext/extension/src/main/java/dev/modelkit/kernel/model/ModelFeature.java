package dev.modelkit.kernel.model;

import dev.modelkit.kernel.Feature;

import java.util.List;
import java.util.Map;

/** Model summaries ({@link ModelView}) and the {@code %model} magic ({@link ModelMagic}). */
public final class ModelFeature {

    private ModelFeature() {
    }

    public static Feature feature() {
        return new Feature("model", List.of(new ModelView()), Map.of(ModelMagic.NAME, new ModelMagic()));
    }
}
