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
                "import java.util.*;", List.of());
        evaluator.awaitReady();
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    @Test
    void aBrokenUserStartupScriptIsReportedOnceAndSkipped() throws Exception {
        JShellEvaluator e = new JShellEvaluator(KernelClasspath.entries(System.getProperty("java.class.path")),
                List.of(), "int base() { return 40; }", List.of("int broken = ;", "int after = 2;"));
        try {
            IllegalStateException first = assertThrows(IllegalStateException.class, () -> e.eval("base()"));
            assertTrue(first.getMessage().contains("failed and was skipped"), first.getMessage());
            assertEquals(42, e.eval("base() + after"), "the kernel's script and later scripts still ran");
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
    void aMissingParenthesisIsJavacsOwnDiagnosticWithTheCaret() {
        CompilationException e = assertThrows(CompilationException.class,
                () -> evaluator.eval("int n = 1;\nSystem.out.println(\"x\";"));
        assertEquals("line 2: ')' expected", e.getMessage());
        assertEquals("line 2 | System.out.println(\"x\";", e.report().get(0));
        assertEquals("       |                       ^", e.report().get(1));
        assertTrue(e.report().stream().noneMatch(l -> l.contains("Incomplete input")), e.report().toString());
    }

    @Test
    void incompleteCellIsReported() {
        CompilationException e = assertThrows(CompilationException.class, () -> evaluator.eval("void f() {"));
        assertTrue(e.getMessage().contains("reached end of file while parsing"), e.getMessage());
        assertEquals("incomplete", evaluator.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals("complete", evaluator.isComplete("int y = 1;\ny + 1"));
    }

    @Test
    void variablesListTemporariesWithTheirValuesAndDropRemovesThem() throws Exception {
        evaluator.eval("long[] keep = new long[1000];");
        evaluator.eval("new int[250]");
        List<JShellEvaluator.Variable> vars = evaluator.variables();
        JShellEvaluator.Variable keep = vars.stream().filter(v -> v.name().equals("keep")).findFirst().orElseThrow();
        JShellEvaluator.Variable temp = vars.stream().filter(v -> v.temporary() && "int[]".equals(v.type()))
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(temp.name().startsWith("$"), temp.name());
        assertEquals(1000, ((long[]) keep.value()).length);
        assertEquals(250, ((int[]) temp.value()).length);

        List<VarsMagic.Row> rows = VarsMagic.rows(List.of(keep, temp));
        VarsMagic.Row keepRow = rows.stream().filter(r -> r.name().equals("keep")).findFirst().orElseThrow();
        assertEquals(HeapWalk.shallowSize(new long[1000]), keepRow.retainedBytes());

        evaluator.drop(temp.snippet());
        assertTrue(evaluator.variables().stream().noneMatch(v -> v.name().equals(temp.name())), "dropped");
    }

    @Test
    void aRedeclaredVariableReleasesItsOldValue() throws Exception {
        evaluator.eval("long[] slot = new long[123_457];");
        evaluator.releaseReplacedVariables();  // what the kernel does after every cell
        java.lang.ref.WeakReference<Object> old = new java.lang.ref.WeakReference<>(evaluator.variables().stream()
                .filter(v -> v.name().equals("slot")).findFirst().orElseThrow().value());
        evaluator.eval("long[] slot = new long[3];");
        assertEquals(1, evaluator.releaseReplacedVariables());
        for (int i = 0; i < 10 && old.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertEquals(null, old.get(), "JShell's old wrapper class no longer holds the first array");
        assertEquals(3, ((long[]) evaluator.eval("slot")).length);
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
