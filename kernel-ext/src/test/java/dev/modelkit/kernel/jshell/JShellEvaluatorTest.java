package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The evaluator on its own, in this JVM: cell semantics without the Jupyter protocol. */
class JShellEvaluatorTest {
    private static JShellEvaluator evaluator;

    @BeforeAll
    static void start() throws Exception {
        evaluator = new JShellEvaluator(KernelClasspath.entries(System.getProperty("java.class.path")), List.of(),
                List.of("import java.util.*;"));
        evaluator.awaitReady();
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    void aBrokenUserStartupScriptIsReportedOnceAndSkipped() throws Exception {
        JShellEvaluator e = new JShellEvaluator(KernelClasspath.entries(System.getProperty("java.class.path")),
                List.of(), List.of("int base = 40;", "int broken = ;", "int after = 2;"));
        try {
            IllegalStateException first = assertThrows(IllegalStateException.class, () -> e.eval("base"));
            assertTrue(first.getMessage().contains("failed and was skipped"), first.getMessage());
            assertEquals(42, e.eval("base + after"), "the kernel's script and later scripts still ran");
        } finally {
            e.close();
        }
    }

    @Test
    void lastExpressionIsTheRealObject() throws Exception {
        Object v = evaluator.eval("int a = 20;\nint twice(int x) { return 2 * x; }\nList.of(twice(a), a + 1)");
        assertEquals(List.of(40, 21), v);
    }

    @Test
    void declarationsAndStatementsHaveNoValue() throws Exception {
        assertEquals(null, evaluator.eval("class Box { int v = 3; }"));
        assertEquals(null, evaluator.eval("int unused = 5;"));
        assertEquals(3, evaluator.eval("new Box().v"));
    }

    @Test
    void redefinitionReplacesTheMethod() throws Exception {
        evaluator.eval("String greet() { return \"a\"; }");
        evaluator.eval("String greet() { return \"b\"; }");
        assertEquals("b", evaluator.eval("greet()"));
    }

    @Test
    void compileErrorNamesTheCellLine() {
        CompilationException e = assertThrows(CompilationException.class,
                () -> evaluator.eval("int ok = 1;\n\nString s = 42;"));
        assertTrue(e.getMessage().startsWith("line 3: incompatible types"), e.getMessage());
        assertEquals("line 3 | String s = 42;", e.report().get(0));
    }

    @Test
    void runtimeExceptionIsTheOriginal() {
        ArithmeticException e = assertThrows(ArithmeticException.class, () -> evaluator.eval("int z = 0;\n1 / z"));
        assertTrue(ErrorReport.userFrames(e.getStackTrace()).stream()
                .allMatch(f -> f.getClassName().startsWith("REPL.")), "kernel frames trimmed");
    }

    @Test
    void incompleteCellIsReported() {
        assertThrows(IncompleteSourceException.class, () -> evaluator.eval("void f() {"));
        assertEquals("incomplete", evaluator.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("complete", evaluator.isComplete("int y = 1;\ny + 1"));
    }

    @Test
    void interruptStopsABusyLoopAndTheShellLivesOn() throws Exception {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            evaluator.interrupt();
        });
        stopper.start();
        Exception e = assertThrows(Exception.class, () -> evaluator.eval("while (true) { }"));
        assertInstanceOf(EvaluationInterruptedException.class, e);
        stopper.join();
        assertEquals(2, evaluator.eval("1 + 1"));
    }
}
