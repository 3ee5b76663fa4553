package dev.modelkit.model.train;

import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import dev.modelkit.model.train.ActivationBuffer.Role;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivationsTest {

    @Test
    void theInventoryIsWhatTrainingAllocates() {
        Transformer m = Transformer.builder().preset(Preset.TINY).build();
        Trainer trainer = Trainer.of(m, AdamW.builder().build());
        int[][] x = new int[3][10];
        trainer.forward(x, x);
        Activations a = trainer.activations();
        List<ActivationBuffer> inv = Activations.inventory(m.config(), 3, 10);
        assertEquals(inv, a.buffers());
        long sum = 0;
        for (ActivationBuffer b : inv) {
            assertEquals(b.numel(), a.buffer(b.name()).length, b.name());
            sum += b.bytes();
        }
        assertEquals(sum, a.bytes());
        assertEquals(sum, Activations.bytes(m.config(), 3, 10, null));
    }

    @Test
    void theInventoryListsTheSavedTensorsWithTheirShapes() {
        ModelConfig c = Preset.TINY.config();                   // V=50, C=128, H=4, L=2, F=512
        int b = 4;
        int t = 64;
        List<ActivationBuffer> inv = Activations.inventory(c, b, t);
        assertArrayEquals(new long[] {b, t, 3 * 128}, find(inv, "blocks.1.qkv").shape());
        assertArrayEquals(new long[] {b, 4, t, t}, find(inv, "blocks.0.att").shape());
        assertArrayEquals(new long[] {b, t, 512}, find(inv, "blocks.0.fch_gelu").shape());
        assertArrayEquals(new long[] {b, t}, find(inv, "ln_f.rstd").shape());
        assertArrayEquals(new long[] {b, t, 50}, find(inv, "probs").shape());
        assertEquals(Role.SCRATCH, find(inv, "grad.qkv").role());
        // Per layer: 13 saved buffers; plus encoded, ln_f (3) and logits, probs outside blocks.
        long saved = inv.stream().filter(x -> x.role() == Role.SAVED).count();
        assertEquals(13 * 2 + 6, saved);
        long perLayer = 4L * b * t * (128 * 5 + 3 * 128 + 2 * 512 + 4 + 4L * t);
        long outside = 4L * b * t * (128 * 2 + 2 + 2 * 50);
        assertEquals(2 * perLayer + outside, Activations.bytes(c, b, t, Role.SAVED));
    }

    @Test
    void theArenaIsKeptWhileTheBatchShapeIsTheSame() {
        Transformer m = Transformer.builder().vocabSize(9).contextLength(8).dModel(8).layers(1).heads(2).build();
        Trainer trainer = Trainer.of(m, AdamW.builder().build());
        int[][] x = new int[2][8];
        trainer.forward(x, x);
        Activations first = trainer.activations();
        trainer.forward(x, x);
        assertSame(first, trainer.activations());
        trainer.forward(new int[2][7], new int[2][7]);
        assertEquals(7, trainer.activations().seq());
    }

    @Test
    void outOfRangeShapesAreRefused() {
        ModelConfig c = Preset.TINY.config();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Activations.inventory(c, 0, 8))
                .getMessage().contains("batch = 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Activations.inventory(c, 1, 65))
                .getMessage().contains("seq = 65 is out of range; allowed: 1..64"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Activations.inventory(c, 1 << 20, 64))
                .getMessage().contains("reduce batch or seq"));
    }

    private static ActivationBuffer find(List<ActivationBuffer> inv, String name) {
        return inv.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }
}
