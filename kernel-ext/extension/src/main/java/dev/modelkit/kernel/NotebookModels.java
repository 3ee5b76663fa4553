package dev.modelkit.kernel;

import dev.modelkit.model.Transformer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models that magics built in this notebook, by the variable name they were given: the way to
 * reach a model on kernels that cannot bind variables from a magic (stock IJava, JJava).
 *
 * <pre>{@code
 * %model medium name=m
 * Transformer m = NotebookModels.model("m");    // or NotebookModels.last()
 * }</pre>
 *
 * <p>Registered models stay reachable (and in memory) until replaced under the same name or
 * {@link #clear() cleared}.
 */
public final class NotebookModels {

    private static final Map<String, Transformer> MODELS = new LinkedHashMap<>();
    private static Transformer last;

    private NotebookModels() {
    }

    /** The model most recently built by {@code %model}. */
    public static synchronized Transformer last() {
        if (last == null) {
            throw new IllegalStateException("no model yet: run e.g. %model tiny first");
        }
        return last;
    }

    /** The model {@code %model} built under {@code name} (default name: {@code model}). */
    public static synchronized Transformer model(String name) {
        Transformer m = MODELS.get(name);
        if (m == null) {
            throw new IllegalArgumentException("name: no model named '" + name + "'; allowed: "
                    + (MODELS.isEmpty() ? "none yet (run e.g. %model tiny name=" + name + ")" : MODELS.keySet()));
        }
        return m;
    }

    /** Registers {@code model} under {@code name} and as {@link #last()}. */
    public static synchronized void put(String name, Transformer model) {
        MODELS.put(name, model);
        last = model;
    }

    /** Forgets every registered model, so the garbage collector can reclaim them. */
    public static synchronized void clear() {
        MODELS.clear();
        last = null;
    }
}
