package dev.modelkit.model;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Preset;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The memory report predicts inference from Workspace.bytes and KvCache.bytes: they must match the arrays. */
class WorkspaceBytesTest {

    @Test
    void workspaceBytesEqualTheArraysItAllocates() {
        for (Preset p : Preset.values()) {
            ModelConfig cfg = p.config();
            Workspace ws = new Workspace(cfg);
            long floats = ws.x.length + ws.xn.length + ws.branch.length + ws.qkv.length + ws.y.length
                    + ws.hidden.length + ws.scores.length + length(ws.gate) + length(ws.ropeCos) + length(ws.ropeSin);
            assertEquals(4 * floats, Workspace.bytes(cfg), p.name());
        }
    }

    private static long length(float[] a) {
        return a == null ? 0 : a.length;
    }

    @Test
    void kvCacheBytesEqualTheArraysItAllocates() {
        for (Preset p : Preset.values()) {
            ModelConfig cfg = p.config();
            KvCache cache = new KvCache(cfg);
            long floats = 0;
            for (int l = 0; l < cfg.layers(); l++) {
                floats += cache.keys(l).length + cache.values(l).length;
            }
            assertEquals(4 * floats, KvCache.bytes(cfg), p.name());
        }
    }
}
