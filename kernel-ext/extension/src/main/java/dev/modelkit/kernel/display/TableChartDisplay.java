package dev.modelkit.kernel.display;

import dev.modelkit.kernel.BaseKernelInstaller;
import io.github.spencerpark.jupyter.kernel.BaseKernel;

/** Installs {@link TableChartFeature} into a basekernel kernel. */
public final class TableChartDisplay {

    private TableChartDisplay() {
    }

    public static void install(BaseKernel kernel) {
        BaseKernelInstaller.install(kernel, TableChartFeature.feature());
    }
}
