package io.github.spencerpark.ijava;

import dev.modelkit.kernel.jshell.ModelKitKernel;

/**
 * IJava's entry point to the running kernel, so IJava notebooks that call
 * {@code io.github.spencerpark.ijava.IJava.getKernelInstance()} (setup cells, extensions) run here
 * unchanged. Only in our kernel's jar: the extension jar leaves it out, so on real IJava this name
 * is IJava's own.
 */
public final class IJava {
    private IJava() {
    }

    /** The kernel running this notebook; it has IJava's getMagics(), addToClasspath(), evalRaw(), display(). */
    public static ModelKitKernel getKernelInstance() {
        return ModelKitKernel.getKernelInstance();
    }
}
