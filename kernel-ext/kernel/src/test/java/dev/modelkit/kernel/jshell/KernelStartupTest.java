package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import org.junit.jupiter.api.Test;

/** The kernel's start-up cell: every import of the one-snippet block works, and stays. */
class KernelStartupTest {
    private static final String CELL = """
            import java.math.*;
            import java.util.*;
            import java.util.stream.*;
            import static dev.modelkit.kernel.jshell.NotebookFunctions.*;
            int answer() { return 42; }
            """;

    private static JShell shell() {
        JShell shell = JShell.builder().executionEngine("local").build();
        KernelClasspath.entries(System.getProperty("java.class.path")).forEach(shell::addToClasspath);
        return shell;
    }

    private static Object value(JShell shell, String expression) {
        var event = shell.eval(expression).get(0);
        assertEquals(Snippet.Status.VALID, event.status(),
                () -> expression + ": " + shell.diagnostics(event.snippet()).map(d -> d.getMessage(null)).toList());
        return event.value();
    }

    @Test
    void theImportsAreOneSnippetAndEachOfThemWorks() {
        try (JShell shell = shell()) {
            KernelStartup.evaluate(shell, CELL);
            assertEquals(1, shell.imports().count(), "one import snippet for the block");
            assertTrue(shell.imports().findFirst().orElseThrow().source().startsWith("import static dev.modelkit.kernel.jshell.NotebookFunctions"),
                    "the kernel's own import keys the block");
            assertEquals("6", value(shell, "new BigInteger(\"5\").add(BigInteger.ONE)"));        // java.math
            assertEquals("[2]", value(shell, "Stream.of(1).map(i -> i + 1).collect(Collectors.toList())"));
            assertEquals("42", value(shell, "answer()"));                                       // the declarations
        }
    }

    @Test
    void aNotebooksOwnImportOfTheSamePackageKeepsTheBlock() {
        try (JShell shell = shell()) {
            KernelStartup.evaluate(shell, CELL);
            value(shell, "import java.util.*;");
            assertEquals("7", value(shell, "new BigInteger(\"7\")"), "java.math.* is still imported");
            assertEquals("[1]", value(shell, "List.of(1)"));
        }
    }

    @Test
    void aBadImportIsNamedAndTheOthersStillWork() {
        try (JShell shell = shell()) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> KernelStartup.declareImports(shell, List.of("import java.math.*;", "import no.such.pkg.Thing;")));
            assertTrue(e.getMessage().contains("import no.such.pkg.Thing;"), e.getMessage());
            assertEquals("1", value(shell, "BigInteger.ONE"), "imports before the bad one went in one by one");
        }
    }
}
