package dev.modelkit.kernel.model;

import dev.modelkit.kernel.ModelKitExtension;
import dev.modelkit.kernel.NotebookModels;
import dev.modelkit.kernel.TestKernel;
import dev.modelkit.model.Init;
import dev.modelkit.model.Transformer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code %model} run through a real basekernel magics registry, as IJava's lineMagic(...) does. */
class ModelMagicTest {

    @AfterEach
    void forgetModels() {
        NotebookModels.clear();
    }

    private static TestKernel installed() {
        TestKernel kernel = new TestKernel();
        ModelKitExtension.install(kernel);
        return kernel;
    }

    @Test
    void buildsPresetWithOverridesDisplaysAndRegisters() throws Exception {
        TestKernel kernel = installed();

        Transformer m = kernel.getMagics().applyLineMagic("model",
                List.of("small", "layers=2", "d=128", "heads=8", "vocab=64", "context=32", "mlpRatio=2",
                        "seed=7", "init=lazy", "tie=true", "name=m"));

        assertEquals(2, m.config().layers());
        assertEquals(128, m.config().dModel());
        assertEquals(8, m.config().heads());
        assertEquals(64, m.config().vocabSize());
        assertEquals(32, m.config().contextLength());
        assertEquals(2, m.config().mlpRatio());
        assertTrue(m.config().tieEmbeddings());
        assertEquals(7, m.seed());
        assertEquals(Init.LAZY, m.init());
        assertSame(m, NotebookModels.model("m"));
        assertSame(m, NotebookModels.last());

        assertEquals(1, kernel.displayed.size(), "the magic shows its model");
        String html = (String) kernel.displayed.get(0).getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains(dev.modelkit.kernel.display.Html.count(m.parameterCount())), html);
        assertTrue(html.contains("(tied to tok_emb)"));
        assertTrue(m.parameters().stream().noneMatch(p -> p.isMaterialized()), "summary leaves LAZY tensors alone");
    }

    @Test
    void mediumWithDefaultsIsTheReferenceModel() throws Exception {
        TestKernel kernel = installed();
        Transformer m = kernel.getMagics().applyLineMagic("model", List.of("MEDIUM", "init=parallel"));
        assertEquals(10_773_504L, m.parameterCount());
        assertEquals(77, m.tensorCount());
        assertSame(m, NotebookModels.model(ModelMagic.DEFAULT_NAME));
        assertTrue(((String) kernel.displayed.get(0).getData(MIMEType.TEXT_HTML)).contains("10,773,504"));
    }

    @Test
    void bindsTheVariableWhereTheKernelCan() throws Exception {
        TestKernel.Binding kernel = new TestKernel.Binding();
        ModelKitExtension.install(kernel);
        Transformer m = kernel.getMagics().applyLineMagic("model", List.of("tiny", "name=small2"));
        assertEquals(1, kernel.bound.size());
        assertEquals("small2", kernel.bound.get(0)[0]);
        assertEquals(Transformer.class, kernel.bound.get(0)[1]);
        assertSame(m, kernel.bound.get(0)[2]);
    }

    private static String error(String... args) {
        TestKernel kernel = installed();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.getMagics().applyLineMagic("model", List.of(args)));
        assertTrue(kernel.displayed.isEmpty(), "nothing shown on error");
        return e.getMessage();
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), "'" + part + "' in: " + message);
        }
    }

    @Test
    void badInputIsNamedWithWhatIsAllowed() {
        assertMentions(error(), "missing preset", "tiny, small, medium");
        assertMentions(error("huge"), "'huge'", "tiny, small, medium");
        assertMentions(error("layers=2"), "missing preset", "tiny, small, medium", "usage: %model");
        assertMentions(error("tiny", "depth=3"), "'depth'", "'3'", "allowed keys", "layers");
        assertMentions(error("tiny", "layers=two"), "layers=two", "1..2147483647");
        assertMentions(error("tiny", "layers=0"), "layers=0", "1..2147483647");
        assertMentions(error("tiny", "init=fast"), "init=fast", "eager, lazy, parallel");
        assertMentions(error("tiny", "tie=yes"), "tie=yes", "true, false");
        assertMentions(error("tiny", "seed=1.5"), "seed=1.5", "integer");
        assertMentions(error("tiny", "name=class"), "name=class", "identifier");
        assertMentions(error("tiny", "name=2m"), "name=2m", "identifier");
        assertMentions(error("tiny", "d=128", "dModel=64"), "'dModel'", "twice");
        assertMentions(error("tiny", "heads=5"), "dModel = 128", "heads = 5", "multiple of heads");
        assertMentions(error("tiny", "layers"), "'layers'", "key=value", "layers=VALUE");
        assertMentions(error("tiny", "small"), "one preset only");
        assertMentions(error("tiny", "layers=2", "--layers", "3"), "'layers'", "twice", "layers=2", "--layers 3");
        assertTrue(error("medium", "vocab=2000000000").contains("%model:"), "model-lib's checks are prefixed");
        String heads = error("tiny", "heads=5");
        assertEquals(2, heads.lines().count(), "one line of message, one of usage: " + heads);
        assertTrue(heads.lines().toList().get(1).startsWith("usage: %model tiny|small|medium"), heads);
    }

    @Test
    void parseValidatesWithoutBuilding() {
        ModelMagic.Request r = ModelMagic.parse(List.of("tiny", "layers=3", "name=t"));
        assertEquals(3, r.builder().config().layers());
        assertEquals("t", r.name());
        assertTrue(r.bindsVariable());
        assertEquals(5, ModelMagic.parse(List.of("tiny", "--layers", "5", "--tie")).builder().config().layers());
        assertTrue(ModelMagic.parse(List.of("tiny", "--tie")).builder().config().tieEmbeddings());
        assertTrue(!ModelMagic.parse(List.of("tiny")).bindsVariable(), "no name=, no variable declared");
    }
}
