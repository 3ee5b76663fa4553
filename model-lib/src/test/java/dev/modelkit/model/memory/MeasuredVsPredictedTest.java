package dev.modelkit.model.memory;

import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

import dev.modelkit.model.ops.Kernels;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Allocation counts are deterministic (not timings): predicted must be within 5% of measured, for
 * the GPT-style presets and for LLAMA_TINY (RMSNorm, SwiGLU, RoPE, grouped-query attention).
 */
class MeasuredVsPredictedTest {

    @ParameterizedTest
    @EnumSource(value = Preset.class, names = {"TINY", "SMALL", "MEDIUM", "LLAMA_TINY"})
    void creationForwardAndKvCacheWithinFivePercent(Preset p) {
        int t = Math.min(32, p.config().contextLength());
        MemoryReport r = MemoryModel.of(p.config()).batch(2).sequence(t).measure().report();
        List<Measurement> m = r.measurements();
        assertEquals(4, m.size(), r.toString());
        m.forEach(x -> assertAsPredicted(p, x));
        assertTrue(m.get(0).phase().startsWith("create"));
        // creation allocates at least the parameter arrays themselves
        assertTrue(m.get(0).measured() >= r.weightsWithJvmOverhead(), m.get(0).toString());
        // steady-state forward reuses the workspace: far below one (T, C) buffer, on both kernel sets
        assertTrue(m.get(2).measured() < 4L * t * p.config().dModel(), m.get(2).toString());
        assertTrue(r.toString().contains("Measured"), r.toString());
    }

    @ParameterizedTest
    @EnumSource(value = Preset.class, names = {"TINY", "SMALL", "MEDIUM", "LLAMA_TINY"})
    void trainingForwardBackwardAndAdamWWithinFivePercent(Preset p) {
        MemoryReport r = MemoryModel.of(p.config()).batch(2).sequence(32).optimizer(Optimizer.ADAMW).measure().report();
        List<Measurement> m = r.measurements();
        assertEquals(7, m.size(), r.toString());
        Measurement fwd = m.get(4);
        Measurement bwd = m.get(5);
        Measurement step = m.get(6);
        assertTrue(fwd.phase().startsWith("train forward B=2 T=32"), fwd.toString());
        assertEquals(ActivationInventory.arenaHeapBytes(p.config(), 2, 32, r.jvm()), fwd.predicted());
        // the arena holds at least its float data: activations + logits/probs + backward scratch
        assertTrue(fwd.predicted() > r.activations() + r.logits() + r.backwardScratch(), fwd.toString());
        assertEquals(r.gradients() + r.jvm().arrayBytes(0, 4) * p.referenceTensors()
                + r.jvm().referenceArrayBytes(p.referenceTensors()), bwd.predicted(), bwd.toString());
        assertEquals(2 * bwd.predicted(), step.predicted(), step.toString());
        m.forEach(x -> assertAsPredicted(p, x));
        assertTrue(fwd.measured() >= fwd.predicted() * 0.95, fwd.toString());
        // the measured phases never under-run what must be there
        assertTrue(bwd.measured() >= r.gradients() && step.measured() >= r.optimizerState(), r.toString());
    }

    @Test
    void sgdMeasuresForwardAndBackwardOnly() {
        MemoryReport r = MemoryModel.of(Preset.TINY.config()).batch(1).sequence(8).optimizer(Optimizer.SGD)
                .measure().report();
        assertEquals(6, r.measurements().size(), r.toString());
        assertEquals("first backward (gradients)", r.measurements().get(5).phase());
    }

    @Test
    void ofModelMeasuresAFreshCopyWithTheSameConfig() {
        Transformer model = Transformer.builder().preset(Preset.TINY).seed(7).build();
        MemoryReport r = MemoryModel.of(model).sequence(8).measure().report();
        assertEquals(model.config(), r.config());
        assertEquals(1.0, r.measurements().get(0).ratio(), 0.05);
    }

    @Test
    void extraPhasesAreMeasuredToo() {
        MemoryProbe.Phase phase = new MemoryProbe.Phase() {
            @Override
            public String name() {
                return "one (B, T, C) buffer";
            }

            @Override
            public long predictedBytes(MemoryReport analytic) {
                // extra phases predict from the report being measured: here a training one
                assertEquals(Optimizer.ADAMW, analytic.optimizer());
                assertTrue(analytic.gradients() > 0);
                return analytic.jvm().arrayBytes((long) analytic.batch() * analytic.sequence()
                        * analytic.config().dModel(), 4);
            }

            @Override
            public void run(Transformer model, int batch, int sequence) {
                float[] buf = new float[batch * sequence * model.config().dModel()];
                buf[0] = 1;
            }
        };
        MemoryReport r = MemoryModel.of(Preset.TINY.config()).batch(3).sequence(16).optimizer(Optimizer.ADAMW)
                .measureWith(phase).report();
        Measurement last = r.measurements().get(r.measurements().size() - 1);
        assertEquals("one (B, T, C) buffer", last.phase());
        assertEquals(16 + 4L * 3 * 16 * 128, last.predicted());
        assertEquals(1.0, last.ratio(), 0.05, last.toString());
    }

    @Test
    void mainPrintsPredictedAndMeasured() {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        java.io.PrintStream old = System.out;
        System.setOut(new java.io.PrintStream(buf, true));
        try {
            dev.modelkit.model.cli.MemoryMain.main(new String[] {"tiny", "2", "16"});
        } finally {
            System.setOut(old);
        }
        String out = buf.toString();
        assertTrue(out.contains("predicted") && out.contains("measured") && out.contains("ratio"), out);
        assertTrue(out.contains("training with ADAMW"), out);
        assertTrue(out.contains("first backward (gradients)") && out.contains("first AdamW step (m, v)"), out);
    }

    /**
     * Within 5% for every phase, on either kernel set: the probe warms the vector kernels first
     * (a cold first forward boxes ~450x the prediction in FloatVectors), and warm they allocate
     * nothing on any thread.
     */
    private static void assertAsPredicted(Preset p, Measurement x) {
        if (x.predicted() <= 0) {
            return;
        }
        assertEquals(1.0, x.ratio(), 0.05, p + " on " + Kernels.best().name() + ": " + x);
    }
}
