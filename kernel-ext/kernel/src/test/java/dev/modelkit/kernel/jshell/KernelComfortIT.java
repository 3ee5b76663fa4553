package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh notebook on the real kernel, over ZeroMQ: default imports and Tab, error messages a reader
 * can use, {@code %model}'s binding line, {@code %vars}, the one portable load cell and IJava's
 * {@code %load}.
 */
class KernelComfortIT {
    @TempDir
    static Path tmp;
    private static KernelSession kernel;

    @BeforeAll
    static void start() throws Exception {
        Jupyter.assume();
        Jupyter.installKernel(tmp, "-Xmx1g");
        kernel = new KernelSession(tmp, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (kernel != null) {
            kernel.shutdown();
            kernel.close();
        }
    }

    private static List<String> tracebackLines(KernelSession.Execution e) {
        return e.traceback().lines().toList();
    }

    @Test
    void modelKitIsImportedAndTabCompletesTheBuilder() throws Exception {
        assertEquals("417792", kernel.execute("Transformer.builder().preset(Preset.TINY).config().parameterCount()").result());
        String code = "Transformer.builder().";
        JsonObject r = kernel.reply("complete", code, code.length());
        List<String> matches = r.getAsJsonArray("matches").asList().stream().map(JsonElement::getAsString).toList();
        assertTrue(matches.stream().anyMatch(m -> m.startsWith("preset(")), matches.toString());
        assertEquals("MemoryReport", kernel.execute("MemoryModel.of(Preset.TINY).report().getClass().getSimpleName()")
                .result().replace("\"", ""));
    }

    @Test
    void aMagicErrorIsItsMessageAndUsageOnly() throws Exception {
        KernelSession.Execution e = kernel.execute("%model tiny heads=5");
        assertEquals("error", e.status());
        List<String> tb = tracebackLines(e);
        assertEquals(2, tb.size(), "message, usage: " + tb);
        assertTrue(tb.get(0).startsWith("%model: ") && tb.get(0).contains("heads = 5"), tb.get(0));
        assertTrue(tb.get(1).startsWith("usage: %model tiny|small|medium"), tb.get(1));
        assertEquals("IllegalArgumentException", e.reply().get("ename").getAsString());

        List<String> unknown = tracebackLines(kernel.execute("%model tiny depth=3"));
        assertEquals(List.of("%model: unknown key 'depth' (value '3'); allowed keys: vocab (vocabSize), context "
                + "(contextLength), dModel (d), layers, heads, mlpRatio, seed, init, tie (tieEmbeddings), name"), unknown.subList(0, 1));
        List<String> vars = tracebackLines(kernel.execute("%vars drop=nosuch"));
        assertTrue(vars.get(0).contains("no variable 'nosuch'"), vars.toString());
        List<String> nomagic = tracebackLines(kernel.execute("%nosuchmagic x"));
        assertEquals(1, nomagic.size(), nomagic.toString());
    }

    @Test
    void aMissingParenthesisIsJavacsDiagnosticWithTheCaret() throws Exception {
        KernelSession.Execution e = kernel.execute("int n = 1;\nSystem.out.println(\"x\";");
        assertEquals("error", e.status());
        assertEquals("line 2: ')' expected", e.reply().get("evalue").getAsString());
        List<String> tb = tracebackLines(e);
        assertEquals("line 2 | System.out.println(\"x\";", tb.get(0));
        assertEquals("       |                       ^", tb.get(1));
        assertFalse(e.traceback().contains("Incomplete input"), e.traceback());
    }

    @Test
    void aCellsOwnExceptionKeepsNotebookFramesOnly() throws Exception {
        KernelSession.Execution e = kernel.execute("void inner() { throw new IllegalStateException(\"deep\"); }\n"
                + "void outer() { inner(); }\nouter();");
        List<String> tb = tracebackLines(e);
        assertEquals("java.lang.IllegalStateException: deep", tb.get(0));
        List<String> frames = tb.stream().filter(l -> l.startsWith("\tat ")).toList();
        assertTrue(frames.size() >= 3 && frames.stream().allMatch(f -> f.contains("REPL.")), tb.toString());
        assertTrue(frames.get(0).contains("inner") && frames.get(1).contains("outer"), tb.toString());
    }

    @Test
    void modelSaysWhatItBoundAndAnAssignmentDeclaresNothingElse() throws Exception {
        KernelSession.Execution named = kernel.execute("%model tiny layers=1 name=m1");
        assertEquals("ok", named.status(), named.raw().toString());
        assertEquals("bound m1: Transformer\n", named.stream("stdout"));
        assertEquals("1", kernel.execute("m1.config().layers()").result());

        KernelSession.Execution assigned = kernel.execute("Transformer deeper = %model tiny layers=3");
        assertEquals("ok", assigned.status(), assigned.raw().toString());
        assertEquals("", assigned.stream("stdout"), "the assignment names the variable itself");
        assertEquals("3", kernel.execute("deeper.config().layers()").result());
        assertEquals("error", kernel.execute("model").status(), "no default variable was declared behind the reader's back");
    }

    @Test
    void varsShowsTemporariesWithRetainedBytesAndDropsThem() throws Exception {
        KernelSession.Execution big = kernel.execute("new long[1_000_000]");
        assertEquals("ok", big.status());
        String table = text(kernel.execute("%vars"));
        String row = table.lines().filter(l -> l.contains("long[]") && l.startsWith("$")).findFirst().orElse(null);
        assertTrue(row != null && row.contains("7.6 MiB"), table);
        String temp = row.split("\\s+")[0];

        String dropped = text(kernel.execute("%vars drop=$*"));
        assertTrue(dropped.startsWith("dropped ") && dropped.contains(" variables, releasing about "), dropped);
        assertTrue(text(kernel.execute("%vars")).lines().noneMatch(l -> l.startsWith("$")), "no temporaries left");
        assertEquals("error", kernel.execute(temp).status(), temp + " is gone from JShell after the cell");
    }

    /** text/plain of the cell's first display_data. */
    private static String text(KernelSession.Execution e) {
        assertEquals("ok", e.status(), e.raw().toString());
        List<JsonObject> d = e.iopub("display_data");
        assertFalse(d.isEmpty(), e.raw().toString());
        return d.get(0).getAsJsonObject("data").get("text/plain").getAsString();
    }

    @Test
    void theOneLoadCellFindsThisKernelAsItFindsIJavas() throws Exception {
        KernelSession.Execution e = kernel.execute("dev.modelkit.kernel.ModelKitExtension.install();\n"
                + "dev.modelkit.kernel.ModelKitExtension.install() == io.github.spencerpark.ijava.IJava.getKernelInstance()");
        assertEquals("true", e.result(), e.raw().toString());
        assertTrue(kernel.execute("io.github.spencerpark.ijava.IJava.getKernelInstance().getMagics() != null").result()
                .contains("true"));
    }

    @Test
    void loadRunsAFileAsPartOfTheCell() throws Exception {
        Path file = Files.writeString(tmp.resolve("helpers.jsh"), "int fromFile = 6;\nint times(int x) { return x * fromFile; }\n");
        assertEquals("42", kernel.execute("%load " + file + "\ntimes(7)").result());
        KernelSession.Execution missing = kernel.execute("%load " + tmp.resolve("absent.jsh"));
        assertEquals(1, tracebackLines(missing).size(), missing.traceback());
        assertTrue(missing.traceback().startsWith("%load: cannot read "), missing.traceback());
        assertNull(kernel.execute("int after = 1;").result(), "the kernel goes on");
    }
}
