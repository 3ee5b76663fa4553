package dev.modelkit.kernel;

import dev.modelkit.kernel.display.MemoryDisplay;
import dev.modelkit.kernel.display.ProfileDisplay;
import dev.modelkit.kernel.display.TableChartFeature;
import dev.modelkit.kernel.model.ModelFeature;

import java.util.List;

/**
 * The ModelKit features, as the {@link FeatureProvider} service our kernel loads and as the list
 * the IJava and JJava adapters install: tables and charts, models, memory, profiles.
 */
public final class ModelKitFeatures implements FeatureProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public ModelKitFeatures() {
    }

    @Override
    public List<Feature> features() {
        return List.of(TableChartFeature.feature(), ModelFeature.feature(), MemoryDisplay.feature(), ProfileDisplay.feature());
    }
}
