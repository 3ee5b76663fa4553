package dev.modelkit.kernel.model;

import dev.modelkit.kernel.JShellTestKernel;
import dev.modelkit.kernel.ModelKitExtension;
import dev.modelkit.kernel.NotebookModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code %model} in cells evaluated by a real JShell, magics desugared as IJava does: the model
 * reaches later cells by assignment, through {@link NotebookModels}, and through {@code name=} where the
 * kernel binds variables.
 */
class ModelMagicJShellTest {

    @AfterEach
    void forgetModels() {
        NotebookModels.clear();
    }

    @Test
    void modelReachesLaterCells() {
        try (JShellTestKernel kernel = new JShellTestKernel()) {
            ModelKitExtension.install(kernel);
            kernel.evalCell("import dev.modelkit.model.*;\nimport dev.modelkit.kernel.NotebookModels;");

            kernel.evalCell("Transformer m = %model tiny layers=1");
            assertEquals(String.valueOf(dev.modelkit.model.Transformer.builder().layers(1).config().parameterCount()),
                    kernel.evalCell("m.parameterCount()"));
            assertEquals(1, kernel.displayed.size(), "the summary was displayed");

            kernel.evalCell("%model small name=s");
            assertEquals("4", kernel.evalCell("s.config().layers()"), "bound by the kernel after the cell");
            assertEquals("true", kernel.evalCell("s == NotebookModels.model(\"s\")"));
            assertEquals("true", kernel.evalCell("s == NotebookModels.last()"));

            kernel.evalCell("%model medium init=lazy");
            assertEquals("10773504", kernel.evalCell("NotebookModels.last().parameterCount()"));
            assertEquals("false", kernel.evalCell("s == NotebookModels.last()"));
            assertTrue(((String) kernel.displayed.get(2).getData(
                    io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_HTML)).contains("10,773,504"));
        }
    }
}
