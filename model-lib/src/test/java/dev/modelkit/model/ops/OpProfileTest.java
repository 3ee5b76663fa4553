package dev.modelkit.model.ops;

import dev.modelkit.model.Parameter;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.train.AdamW;
import dev.modelkit.model.train.Trainer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-op profiles of a forward pass and of a training step: every op, counted right. */
class OpProfileTest {

    @Test
    void aProfiledForwardCountsEveryOpOfEveryLayer() {
        Transformer m = Transformer.builder().preset(Preset.TINY).build();
        int layers = m.config().layers();
        int c = m.config().dModel();
        int f = m.config().mlpHidden();
        int v = m.config().vocabSize();
        int t = 13;
        OpProfile p = m.profileForward(new int[t]);
        assertEquals(1, p.row("encoder.forward").calls());
        assertEquals(2 * layers + 1, p.row("layernorm.forward").calls());
        assertEquals(4 * layers + 1, p.row("matmul.forward").calls());
        assertEquals(layers, p.row("attention.forward").calls());
        assertEquals(layers, p.row("gelu.forward").calls());
        assertEquals(2 * layers, p.row("residual.forward").calls());
        // multiply-adds of qkv, proj, fc1, fc2 per layer and the head, twice, plus the biases
        long products = 2L * t * layers * (3L * c * c + (long) c * c + 2L * f * c) + 2L * t * c * v;
        long biases = (long) t * layers * (3L * c + c + f + c);
        assertEquals(products + biases, p.row("matmul.forward").flops());
        assertTrue(p.row("matmul.forward").nanos() > 0);
        assertTrue(p.wallNanos() >= p.opNanos(), p.toString());
        assertEquals(m.kernels().name(), p.kernels());
        String table = p.toString();
        assertTrue(table.contains("matmul.forward") && table.contains("GFLOP/s") && table.contains("total"), table);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.row("adamw.step"));
        assertTrue(e.getMessage().contains("matmul.forward"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> m.profileForward(new int[65]));
    }

    @Test
    void aProfiledStepIsAStepAndShowsTheBackwardAndTheOptimizer() {
        int[][] x = {{1, 2, 3, 4, 5, 6}, {6, 5, 4, 3, 2, 1}};
        int[][] y = {{2, 3, 4, 5, 6, 7}, {5, 4, 3, 2, 1, 0}};
        Transformer a = Transformer.builder().preset(Preset.TINY).seed(3).build();
        Transformer b = Transformer.builder().preset(Preset.TINY).seed(3).build();
        Trainer plain = Trainer.of(a, AdamW.builder().build());
        Trainer profiled = Trainer.of(b, AdamW.builder().build());
        plain.step(x, y);
        OpProfile p = profiled.profileStep(x, y);
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            assertArrayEquals(pa.get(i).values(), pb.get(i).values(), pa.get(i).name());
        }
        int layers = a.config().layers();
        assertEquals(4 * layers + 1, p.row("matmul.backward").calls());
        assertEquals(layers, p.row("attention.backward").calls());
        assertEquals(2 * layers + 1, p.row("layernorm.backward").calls());
        assertEquals(1, p.row("crossentropy.forward").calls());
        assertEquals(1, p.row("crossentropy.backward").calls());
        assertEquals(1, p.row("encoder.backward").calls());
        assertEquals(1, p.row("adamw.step").calls());
        assertEquals(1, profiled.optimizer().steps());
        assertTrue(p.title().startsWith("train step B=2 T=6"), p.title());
    }
}
