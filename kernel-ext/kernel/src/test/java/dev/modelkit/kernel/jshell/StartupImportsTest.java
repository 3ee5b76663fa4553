package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import dev.modelkit.kernel.DefaultImports;
import org.junit.jupiter.api.Test;

/** Our kernel's start-up script has exactly the imports the extension adds on IJava and JJava. */
class StartupImportsTest {

    @Test
    void startupScriptHasEveryDefaultImport() {
        List<String> script = KernelResources.text("startup.jshell").lines().map(String::strip).toList();
        for (String line : DefaultImports.IMPORTS) {
            assertTrue(script.contains(line), "startup.jshell lacks " + line);
        }
        for (String line : script) {
            if (line.startsWith("import dev.modelkit.") && !line.startsWith("import static")) {
                assertTrue(DefaultImports.IMPORTS.contains(line), "DefaultImports lacks " + line);
            }
        }
    }

    @Test
    void theImportsCompileAndTabCompletesTheBuilder() throws Exception {
        JShellEvaluator e = new JShellEvaluator(KernelClasspath.entries(System.getProperty("java.class.path")), List.of(),
                KernelResources.text("startup.jshell"), List.of());
        try {
            e.awaitReady();
            String code = "Transformer.builder().";
            int[] anchor = new int[1];
            assertTrue(e.completions(code, code.length(), anchor).stream().anyMatch(s -> s.continuation().startsWith("preset(")),
                    "Tab offers the builder's methods");
            assertTrue(e.eval("MemoryModel.of(Preset.TINY).report()") != null);
            // Each feature package's classes by simple name: a notebook needs no import for them.
            assertEquals(12, e.eval("java.util.List.of(NotebookModels.class, ModelView.class, MemoryDisplay.class, MemoryTables.class, "
                    + "MemoryCharts.class, ProfileDisplay.class, ProfileTables.class, ProfileCharts.class, OpTables.class, "
                    + "OpCharts.class, TableFormats.class, Html.class).size()"));
            java.io.PrintStream out = System.out;
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            System.setOut(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            try {
                e.eval("printf(\"%d-%s%n\", 42, \"ok\")");  // IJava's printf, from NotebookFunctions
            } finally {
                System.setOut(out);
            }
            assertEquals("42-ok" + System.lineSeparator(), printed.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            e.close();
        }
    }
}
