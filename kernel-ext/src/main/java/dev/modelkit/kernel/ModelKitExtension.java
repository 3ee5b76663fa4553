package dev.modelkit.kernel;

import dev.modelkit.kernel.display.MemoryDisplay;
import dev.modelkit.kernel.display.ProfileDisplay;
import dev.modelkit.kernel.display.TableChartDisplay;
import dev.modelkit.kernel.model.ModelDisplay;
import io.github.spencerpark.jupyter.kernel.BaseKernel;

/**
 * ModelKit's notebook extension for any kernel built on basekernel: rich display of models,
 * Tablesaw tables, XChart charts and memory reports, and the {@code %model}, {@code %bench} and {@code %memory} magics. It knows no kernel's classes,
 * so it loads into stock IJava:
 *
 * <pre>{@code
 * %jars modelkit-extension.jar
 * dev.modelkit.kernel.ModelKitExtension.install(io.github.spencerpark.ijava.IJava.getKernelInstance());
 * }</pre>
 *
 * <p>Each feature has its own installer; this is just their list. Installing twice is harmless.
 */
public final class ModelKitExtension {

    private ModelKitExtension() {
    }

    /** Installs every ModelKit feature into {@code kernel}; already installed features are skipped. */
    public static void install(BaseKernel kernel) {
        TableChartDisplay.install(kernel);
        ModelDisplay.install(kernel);
        MemoryDisplay.install(kernel);
        ProfileDisplay.install(kernel);
    }
}
