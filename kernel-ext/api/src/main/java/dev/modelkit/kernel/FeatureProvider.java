package dev.modelkit.kernel;

import java.util.List;

/**
 * A service that offers notebook {@link Feature}s to a kernel. A jar lists its implementations in
 * {@code META-INF/services/dev.modelkit.kernel.FeatureProvider}; our kernel finds them with
 * {@link java.util.ServiceLoader} and installs every feature, so it names no extension class.
 *
 * <p>Implementations need a public no-argument constructor, and should create their features'
 * heavy parts (tables, charts) only when a value is first rendered: the kernel installs features
 * while it starts.
 */
public interface FeatureProvider {

    /** The features, in the order they are installed. */
    List<Feature> features();
}
