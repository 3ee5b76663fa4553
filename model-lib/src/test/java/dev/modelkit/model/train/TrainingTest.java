package dev.modelkit.model.train;

import dev.modelkit.model.Init;
import dev.modelkit.model.Logits;
import dev.modelkit.model.Parameter;
import dev.modelkit.model.Preset;
import dev.modelkit.model.Transformer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingTest {

    private static final String TEXT = TextDataset.tinyCorpus();
    private static final CharTokenizer TOK = CharTokenizer.fit(TEXT);

    @Test
    void lossFallsOnTheShippedText() {
        Transformer m = Transformer.builder().preset(Preset.TINY).vocabSize(TOK.vocabSize()).seed(42).build();
        TextDataset data = new TextDataset(TOK.encode(TEXT), 7);
        AdamW opt = AdamW.builder().learningRate(3e-3).weightDecay(0.1).build();
        Trainer trainer = Trainer.of(m, opt);
        float first = 0;
        float lastAvg = 0;
        int steps = 40;
        for (int s = 0; s < steps; s++) {
            TextDataset.Batch b = data.next(4, 32);
            float loss = trainer.step(b.inputs(), b.targets());
            assertTrue(Float.isFinite(loss), "loss at step " + s + " is " + loss);
            if (s == 0) {
                first = loss;
            }
            if (s >= steps - 5) {
                lastAvg += loss / 5;
            }
        }
        // Uniform guessing costs ln V = 4.09 (the initial logits are not flat, so step 1 is
        // above it); the character frequencies alone (unigram entropy of the text) give 3.13.
        // Forty steps of 128 tokens must learn at least most of that.
        assertTrue(first > 3.9, "first loss " + first);
        assertTrue(lastAvg < 3.4, "mean loss of the last 5 steps " + lastAvg + " (first " + first + ")");
        assertEquals(steps, opt.steps());
    }

    @Test
    void aTrainingStepIsBitIdenticalForAFixedSeedAndAnyPoolSize() {
        float[][] r1 = train(new ForkJoinPool(1));
        float[][] r2 = train(new ForkJoinPool(2));
        float[][] r3 = train(new ForkJoinPool(2));
        for (int i = 0; i < r1.length; i++) {
            assertArrayEquals(r1[i], r2[i], "tensor " + i + " (row 0: losses) differs between 1 and 2 threads");
            assertArrayEquals(r2[i], r3[i], "tensor " + i + " differs between two runs");
        }
    }

    /** Three steps on a shape large enough for every kernel to split; losses, then every weight. */
    private static float[][] train(ForkJoinPool pool) {
        try {
            Transformer m = Transformer.builder().preset(Preset.TINY).vocabSize(TOK.vocabSize()).seed(5)
                    .init(Init.PARALLEL).pool(pool).build();
            TextDataset data = new TextDataset(TOK.encode(TEXT), 3);
            Trainer trainer = Trainer.of(m, AdamW.builder().learningRate(1e-3).build());
            float[] losses = new float[3];
            for (int s = 0; s < 3; s++) {
                TextDataset.Batch b = data.next(4, 48);
                losses[s] = trainer.step(b.inputs(), b.targets());
            }
            List<Parameter> ps = m.parameters();
            float[][] out = new float[ps.size() + 1][];
            out[0] = losses;
            for (int i = 0; i < ps.size(); i++) {
                out[i + 1] = ps.get(i).values().clone();
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void trainingForwardGivesTheInferenceLogitsForEverySequenceOfTheBatch() {
        Transformer m = Transformer.builder().preset(Preset.TINY).vocabSize(TOK.vocabSize()).build();
        TextDataset data = new TextDataset(TOK.encode(TEXT), 9);
        TextDataset.Batch b = data.next(3, 20);
        Trainer trainer = Trainer.of(m, AdamW.builder().build());
        trainer.forward(b.inputs(), b.targets());
        float[] logits = trainer.activations().buffer("logits");
        int v = TOK.vocabSize();
        for (int s = 0; s < 3; s++) {
            Logits ref = m.forward(b.inputs()[s]);
            for (int t = 0; t < 20; t++) {
                assertArrayEquals(ref.row(t), Arrays.copyOfRange(logits, (s * 20 + t) * v, (s * 20 + t + 1) * v),
                        "sequence " + s + ", position " + t);
            }
        }
    }

    @Test
    void gradientsAndOptimizerStateAreAllocatedOnlyWhenTrainingStarts() {
        Transformer m = Transformer.builder().preset(Preset.TINY).build();
        AdamW opt = AdamW.builder().build();
        Trainer ts = Trainer.of(m, opt);
        ts.zeroGrad();                                          // before any backward: a no-op
        assertFalse(ts.gradients().isAllocated());
        assertEquals(0, ts.gradients().bytes());
        assertNull(ts.activations());
        assertEquals(0, opt.stateBytes());

        int[][] x = {{1, 2, 3, 4}};
        int[][] y = {{2, 3, 4, 5}};
        ts.step(x, y);
        assertEquals(4 * m.parameterCount(), ts.gradients().bytes());
        assertEquals(8 * m.parameterCount(), opt.stateBytes());
        assertNotNull(ts.activations());
        assertTrue(ts.gradients().norm() > 0);
        ts.zeroGrad();
        assertEquals(0.0, ts.gradients().norm());
    }

    @Test
    void gradientsAccumulateUntilZeroed() {
        Transformer m = Transformer.builder().vocabSize(11).contextLength(6).dModel(16).layers(1).heads(2).build();
        int[][] x = {{1, 2, 3, 4, 5, 6}};
        int[][] y = {{2, 3, 4, 5, 6, 7}};
        Trainer ts = Trainer.of(m, AdamW.builder().build());
        ts.forward(x, y);
        ts.backward();
        float[] once = ts.gradients().get(2).clone();
        ts.forward(x, y);
        ts.backward();
        float[] twice = ts.gradients().get(2);
        // The scalar kernels sum each gradient element before adding it, so doubling is exact to
        // a few ulps; the vector kernels fuse the add into their chunked FMAs (CHUNK rows at a
        // time), so the second pass rounds differently: within 1e-5 of the largest element.
        float largest = 0;
        for (float g : once) {
            largest = Math.max(largest, Math.abs(g));
        }
        boolean scalar = m.kernels() == dev.modelkit.model.ops.Kernels.scalar();
        for (int i = 0; i < once.length; i++) {
            float tolerance = scalar ? Math.ulp(once[i]) * 4 : 1e-5f * largest;
            assertEquals(2 * once[i], twice[i], tolerance, "element " + i + " on " + m.kernels().name());
        }
        assertThrows(IllegalStateException.class, ts::backward, "a second backward without a forward");
    }

    @Test
    void aRefusedForwardLeavesNothingToBackpropagate() {
        Transformer m = Transformer.builder().vocabSize(11).contextLength(6).dModel(16).layers(1).heads(2).build();
        Trainer ts = Trainer.of(m, AdamW.builder().build());
        ts.forward(new int[][] {{1, 2, 3}}, new int[][] {{2, 3, 4}});
        assertThrows(IllegalArgumentException.class,
                () -> ts.forward(new int[][] {{1, 2, 3, 4, 5, 6, 7}}, new int[][] {{2, 3, 4, 5, 6, 7, 8}}));
        // The earlier forward's activations are gone with the refusal: backward must say so, not NPE.
        assertThrows(IllegalStateException.class, ts::backward);
    }

    @Test
    void weightDecayAppliesToMatricesOnly() {
        Transformer m = Transformer.builder().preset(Preset.TINY).build();
        for (Parameter p : m.parameters()) {
            assertEquals(p.shape().length == 2, AdamW.decays(p), p.name());
        }
        assertTrue(AdamW.decays(m.parameter("tok_emb")));
        assertFalse(AdamW.decays(m.parameter("blocks.0.ln1.gamma")));
        assertFalse(AdamW.decays(m.parameter("blocks.0.attn.qkv.bias")));
    }

    @Test
    void adamWMatchesTheClosedFormOfItsFirstStep() {
        // The first step recomputed in double from the gradient: bias-corrected moments are
        // g and g^2, so the update is lr * (g / (|g| + eps) + wd * w), wd only on matrices.
        Transformer m = Transformer.builder().vocabSize(9).contextLength(4).dModel(8).layers(1).heads(2).build();
        List<Parameter> ps = m.parameters();
        float[][] before = new float[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            before[i] = ps.get(i).values().clone();
        }
        double lr = 1e-2;
        double wd = 0.5;
        double eps = 1e-8;
        AdamW opt = AdamW.builder().learningRate(lr).weightDecay(wd).betas(0.8, 0.9).eps(eps).build();
        Trainer trainer = Trainer.of(m, opt);
        trainer.step(new int[][] {{1, 2, 3, 4}}, new int[][] {{2, 3, 4, 5}});
        int signSteps = 0;
        for (int i = 0; i < ps.size(); i++) {
            float[] g = trainer.gradients().get(ps.get(i).index());
            float[] w = ps.get(i).values();
            double decay = AdamW.decays(ps.get(i)) ? wd : 0;
            for (int j = 0; j < w.length; j++) {
                double expected = before[i][j] - lr * (g[j] / (Math.abs((double) g[j]) + eps) + decay * before[i][j]);
                assertEquals(expected, w[j], 1e-6, ps.get(i).name() + "[" + j + "]");
                if (Math.abs(g[j]) > 1e-5) {
                    signSteps++;
                }
            }
        }
        assertTrue(signSteps > m.parameterCount() / 2, "most elements moved by about lr: " + signSteps);
    }

    @Test
    void badBatchesAreRefusedBeforeAnythingIsAllocated() {
        Transformer m = Transformer.builder().preset(Preset.TINY).build();
        AdamW opt = AdamW.builder().build();
        Trainer trainer = Trainer.of(m, opt);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.step(new int[][] {{1, 2}}, new int[][] {{1, 99}}));
        assertTrue(e.getMessage().contains("targets[0][1] = 99"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> trainer.step(new int[][] {{1, 2}, {1}}, new int[][] {{1, 2}, {1}}));
        assertTrue(e.getMessage().contains("inputs[1]: length 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> trainer.step(new int[][] {new int[65]}, new int[][] {new int[65]}));
        assertTrue(e.getMessage().contains("allowed: 1..64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trainer.of(m, null));
        assertThrows(IllegalArgumentException.class, () -> Trainer.of(null, opt));
        assertFalse(trainer.gradients().isAllocated());
        assertNull(trainer.activations());
        assertEquals(0, opt.stateBytes());
    }

    @Test
    void anOptimizerBelongsToOneModel() {
        AdamW opt = AdamW.builder().build();
        Transformer a = Transformer.builder().vocabSize(5).contextLength(3).dModel(4).layers(1).heads(1).build();
        Transformer b = Transformer.builder().vocabSize(5).contextLength(3).dModel(4).layers(1).heads(1).build();
        Trainer.of(a, opt).step(new int[][] {{1, 2}}, new int[][] {{2, 3}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trainer.of(b, opt).step(new int[][] {{1, 2}}, new int[][] {{2, 3}}));
        assertTrue(e.getMessage().contains("another model"), e.getMessage());
    }

    @Test
    void adamWBuilderRefusesOutOfRangeValues() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdamW.builder().learningRate(0))
                .getMessage().contains("learningRate = 0.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdamW.builder().betas(0.9, 1.0))
                .getMessage().contains("beta2 = 1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdamW.builder().eps(-1))
                .getMessage().contains("eps = -1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AdamW.builder().weightDecay(Double.NaN))
                .getMessage().contains("weightDecay = NaN"));
    }
}
