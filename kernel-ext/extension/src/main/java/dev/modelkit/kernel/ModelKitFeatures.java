package dev.modelkit.kernel;

import dev.modelkit.kernel.memory.MemoryDisplay;
import dev.modelkit.kernel.profile.ProfileDisplay;
import dev.modelkit.kernel.tables.TableChartFeature;
import dev.modelkit.kernel.model.ModelFeature;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;

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

    /**
     * Builds TINY models until the JIT has compiled model-lib's weight fill (three builds in a row
     * under 1 ms), at most 60 builds or 5 s. In a fresh JVM a notebook's first MEDIUM build otherwise
     * runs that fill interpreted: ~700 ms there, ~6 ms compiled. A TINY build is 4 % of a MEDIUM one,
     * so the warm-up costs little CPU and no memory that stays.
     */
    @Override
    public void warmUp() {
        long deadline = System.nanoTime() + 5_000_000_000L;
        int fastInARow = 0;
        for (int i = 0; i < 60 && fastInARow < 3 && System.nanoTime() < deadline; i++) {
            long start = System.nanoTime();
            Transformer.builder().preset(Preset.TINY).build();
            fastInARow = System.nanoTime() - start < 1_000_000 ? fastInARow + 1 : 0;
        }
    }
}
