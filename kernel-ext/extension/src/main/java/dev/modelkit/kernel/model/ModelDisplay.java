package dev.modelkit.kernel.model;

import dev.modelkit.kernel.BaseKernelInstaller;
import io.github.spencerpark.jupyter.kernel.BaseKernel;

/** Installs {@link ModelFeature} into a basekernel kernel. */
public final class ModelDisplay {

    private ModelDisplay() {
    }

    public static void install(BaseKernel kernel) {
        BaseKernelInstaller.install(kernel, ModelFeature.feature());
    }
}
