package dev.modelkit.model.memory;

import dev.modelkit.model.ModelConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * The arrays inference allocates, mirroring {@code nn.Workspace} and {@code nn.KvCache} one array
 * at a time (their {@code bytes(cfg)} give only the float total; the JVM adds a header to each
 * array, so the prediction with overhead needs the list). A test keeps the two in step.
 */
public final class InferenceInventory {

    /** One float array: its name and length. */
    public record Array(String name, long length) {
    }

    private InferenceInventory() {
    }

    /** The workspace's arrays, all sized for the context length T (not the sequence). */
    public static List<Array> workspace(ModelConfig cfg) {
        long t = cfg.contextLength();
        long c = cfg.dModel();
        return List.of(
                new Array("x (T,C)", t * c),
                new Array("xn (T,C)", t * c),
                new Array("branch (T,C)", t * c),
                new Array("qkv (T,3C)", t * 3 * c),
                new Array("y (T,C)", t * c),
                new Array("hidden (T,F)", t * cfg.mlpHidden()),
                new Array("scores (H,T)", (long) cfg.heads() * t));
    }

    /** Heap bytes of the workspace: its arrays with headers, and the object holding them. */
    public static long workspaceHeapBytes(ModelConfig cfg, JvmLayout jvm) {
        List<Array> arrays = workspace(cfg);
        long bytes = jvm.objectBytes(arrays.size(), 4);   // 7 references and the int context
        for (Array a : arrays) {
            bytes += jvm.arrayBytes(a.length(), 4);
        }
        return bytes;
    }

    /** The KV cache's arrays: keys and values of every layer, each (T, C) for the context T. */
    public static List<Array> kvCache(ModelConfig cfg) {
        long n = (long) cfg.contextLength() * cfg.dModel();
        List<Array> arrays = new ArrayList<>(2 * cfg.layers());
        for (int l = 0; l < cfg.layers(); l++) {
            arrays.add(new Array("keys[" + l + "] (T,C)", n));
        }
        for (int l = 0; l < cfg.layers(); l++) {
            arrays.add(new Array("values[" + l + "] (T,C)", n));
        }
        return arrays;
    }

    /** Heap bytes of the KV cache: two {@code float[L][T*C]} and the object holding them. */
    public static long kvCacheHeapBytes(ModelConfig cfg, JvmLayout jvm) {
        long bytes = jvm.objectBytes(2, 4) + 2 * jvm.referenceArrayBytes(cfg.layers());
        for (Array a : kvCache(cfg)) {
            bytes += jvm.arrayBytes(a.length(), 4);
        }
        return bytes;
    }
}
