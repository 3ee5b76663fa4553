package dev.modelkit.model.train;

import dev.modelkit.model.Parameter;
import dev.modelkit.model.Transformer;
import org.junit.jupiter.params.ParameterizedTest;
import dev.modelkit.model.Mlp;
import dev.modelkit.model.Norm;
import dev.modelkit.model.Positions;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The proof of the backward pass: every element of every parameter's analytic gradient against
 * a central finite difference of the loss, on a model small enough to perturb each weight.
 *
 * <p>Tolerance. The loss is computed in float32: one forward carries rounding noise of roughly
 * 1e-7 relative (a few ulps of a loss near ln 7 = 1.95), so a difference quotient with step h
 * has noise of about 2e-7 / (2h) = 3e-5 at h = 3e-3. The truncation error is O(h^2 f'''): small
 * for weights of order 0.1..1, except where a token embedding row enters a norm alone (the RoPE
 * families add no position row), whose 1 / rms is strongly curved; at h = 1e-2 that put single
 * tok_emb elements 5% off, at 3e-3 they are within the tolerance. Each element must satisfy
 * |analytic - numeric| <= 2e-4 + 2e-2 |numeric|, and each tensor as a whole must agree to
 * 2e-3 relative L2 error, which is what catches a systematically wrong gradient (a wrong factor,
 * a missed term) even on tensors whose elements are all small.
 */
class GradientCheckTest {

    private static final float H = 3e-3f;

    /**
     * GPT-style untied and tied (GPT-2); Llama-style (RMSNorm, SwiGLU, RoPE, 4 query heads over 2
     * KV heads, no biases); and a mix that reaches the remaining paths: multi-query attention
     * with a head width apart from C / H, LayerNorm at another epsilon, SwiGLU with biases, RoPE.
     */
    static Stream<Arguments> families() {
        return Stream.of(
                Arguments.of("gpt untied", (Supplier<Transformer>) () -> Transformer.builder().vocabSize(7)
                        .contextLength(5).dModel(8).layers(2).heads(2).mlpRatio(4).tieEmbeddings(false).seed(3).build()),
                Arguments.of("gpt2 tied", (Supplier<Transformer>) () -> Transformer.builder().vocabSize(7)
                        .contextLength(5).dModel(8).layers(2).heads(2).mlpRatio(4).tieEmbeddings(true).seed(3).build()),
                Arguments.of("llama", (Supplier<Transformer>) () -> Transformer.builder().vocabSize(7).contextLength(5)
                        .dModel(8).layers(2).heads(4).kvHeads(2).mlp(Mlp.SWIGLU, 12).norm(Norm.RMS_NORM, 1e-5)
                        .positions(Positions.ROPE, 100).bias(false).seed(3).build()),
                Arguments.of("mqa mixed", (Supplier<Transformer>) () -> Transformer.builder().vocabSize(7)
                        .contextLength(5).dModel(8).layers(2).heads(2).kvHeads(1).headDim(6).mlp(Mlp.SWIGLU, 10)
                        .norm(Norm.LAYER_NORM, 1e-3).positions(Positions.ROPE, 50).tieEmbeddings(true).seed(3).build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("families")
    void everyParameterMatchesFiniteDifferences(String family, Supplier<Transformer> build) {
        Transformer m = build.get();
        SplittableRandom r = new SplittableRandom(11);
        // Move every parameter off its special initial values (ones, zeros), so that gains and
        // biases are checked at a generic point, and make embeddings large enough to matter.
        for (Parameter p : m.parameters()) {
            float[] w = p.values();
            for (int i = 0; i < w.length; i++) {
                w[i] += (float) (r.nextDouble() - 0.5) * 0.6f;
            }
        }
        int[][] x = new int[2][5];
        int[][] y = new int[2][5];
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 5; t++) {
                x[b][t] = r.nextInt(7);
                y[b][t] = r.nextInt(7);
            }
        }
        Trainer ts = Trainer.of(m, AdamW.builder().build());
        ts.forward(x, y);
        ts.zeroGrad();
        ts.backward();
        List<Parameter> params = m.parameters();
        StringBuilder failures = new StringBuilder();
        for (int pi = 0; pi < params.size(); pi++) {
            Parameter p = params.get(pi);
            float[] w = p.values();
            float[] g = ts.gradients().get(pi).clone();
            double diff2 = 0;
            double norm2 = 0;
            for (int j = 0; j < w.length; j++) {
                float orig = w[j];
                w[j] = orig + H;
                double lp = ts.forward(x, y);
                w[j] = orig - H;
                double lm = ts.forward(x, y);
                w[j] = orig;
                double num = (lp - lm) / (2 * H);
                double err = Math.abs(g[j] - num);
                if (err > 2e-4 + 2e-2 * Math.abs(num)) {
                    failures.append(String.format("%s[%d]: analytic %.6g, numeric %.6g%n", p.name(), j, g[j], num));
                }
                diff2 += (g[j] - num) * (g[j] - num);
                norm2 += num * num;
            }
            double rel = Math.sqrt(diff2) / Math.max(Math.sqrt(norm2), 1e-6);
            if (rel > 2e-3) {
                failures.append(String.format("%s: relative L2 error %.3g%n", p.name(), rel));
            }
            assertTrue(norm2 > 1e-8, p.name() + " has an all-zero gradient: the check would prove nothing");
        }
        if (failures.length() > 0) {
            fail(family + ": gradient mismatch:\n" + failures);
        }
    }
}
