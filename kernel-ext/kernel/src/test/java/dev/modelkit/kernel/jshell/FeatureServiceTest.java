package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import dev.modelkit.kernel.basekernel.BaseKernelInstaller;
import dev.modelkit.kernel.Feature;
import dev.modelkit.kernel.FeatureProvider;
import org.junit.jupiter.api.Test;

/** The kernel finds the extension's features through ServiceLoader, not by a class name. */
class FeatureServiceTest {

    @Test
    void theExtensionIsAFeatureProviderService() {
        List<String> names = ServiceLoader.load(FeatureProvider.class).stream()
                .flatMap(p -> p.get().features().stream()).map(Feature::name).toList();
        assertEquals(List.of("tables-charts", "model", "memory", "profile"), names);
    }

    @Test
    void theKernelInstallsEveryFeatureItFinds() throws Exception {
        ModelKitKernel kernel = new ModelKitKernel(Map.of());
        try {
            String status = kernel.installExtension();
            assertEquals("ModelKit extension installed [tables-charts, model, memory, profile]", status);
            for (String name : List.of("tables-charts", "model", "memory", "profile")) {
                assertTrue(BaseKernelInstaller.isInstalled(kernel, name), name + " not installed");
            }
        } finally {
            kernel.onShutdown(false);
        }
    }
}
