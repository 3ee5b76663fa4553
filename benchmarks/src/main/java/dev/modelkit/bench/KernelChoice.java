package dev.modelkit.bench;

import dev.modelkit.model.ops.Kernels;

import java.util.SplittableRandom;

/** A kernel set by name, for the {@code kernels} parameter of the kernel benchmarks. */
final class KernelChoice {

    private KernelChoice() {
    }

    static Kernels of(String name) {
        switch (name) {
            case "scalar":
                return Kernels.scalar();
            case "vector":
                return Kernels.vector().orElseThrow(() -> new IllegalStateException(
                        "kernels = vector needs a JVM started with --add-modules jdk.incubator.vector"));
            default:
                throw new IllegalArgumentException("kernels = " + name + "; allowed: scalar, vector");
        }
    }

    /** Uniform in [-0.5, 0.5). */
    static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() - 0.5);
        }
        return a;
    }
}
