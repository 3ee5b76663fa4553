package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel jar as Jupyter runs it: installed as a kernelspec, started and driven by
 * jupyter_client over ZeroMQ. One kernel for the whole class; the last test shuts it down.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KernelProtocolIT {
    @TempDir
    static Path prefix;
    private static KernelSession kernel;

    @BeforeAll
    static void start() throws Exception {
        Jupyter.assume();
        // A small heap makes the out-of-memory tests quick; the installer writes it into kernel.json.
        Jupyter.installKernel(prefix, "-Xmx384m");
        kernel = new KernelSession(prefix, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (kernel != null) {
            kernel.close();
        }
    }

    @Test
    @Order(1)
    void kernelInfoDescribesJava() throws Exception {
        JsonObject info = kernel.reply("kernel_info", null, 0);
        JsonObject lang = info.getAsJsonObject("language_info");
        assertEquals("java", lang.get("name").getAsString());
        assertEquals(".java", lang.get("file_extension").getAsString());
        assertEquals("text/x-java-source", lang.get("mimetype").getAsString());
        assertEquals("java", lang.get("codemirror_mode").getAsString());
        assertEquals(Runtime.version().feature(), Integer.parseInt(lang.get("version").getAsString().split("[.+-]")[0]));
        assertTrue(info.get("banner").getAsString().contains("ModelKit"), info.toString());
    }

    @Test
    @Order(2)
    void lastExpressionIsTheResult() throws Exception {
        KernelSession.Execution e = kernel.execute("int base = 40;\nint plus(int x) { return base + x; }\nplus(2)");
        assertEquals("ok", e.status());
        assertEquals("42", e.result());
        assertNull(kernel.execute("int nothingShown = 1;").result(), "a declaration has no result");
    }

    @Test
    @Order(3)
    void modelLibIsOnTheClasspath() throws Exception {
        KernelSession.Execution e = kernel.execute("import dev.modelkit.model.*;\nPreset.TINY.config().parameterCount()");
        assertEquals("417792", e.result());
    }

    @Test
    @Order(4)
    void stdoutAndStderrStreamAsPrinted() throws Exception {
        KernelSession.Execution e = kernel.execute(
                "System.out.println(\"one\");\nThread.sleep(200);\nSystem.out.println(\"two\");\nSystem.err.println(\"warn\");");
        assertEquals("ok", e.status());
        assertEquals("one\ntwo\n", e.stream("stdout"));
        assertEquals("warn\n", e.stream("stderr"));
        long stdoutMessages = e.iopub("stream").stream().filter(s -> s.get("name").getAsString().equals("stdout")).count();
        assertTrue(stdoutMessages >= 2, "each println is published when printed, not at the end of the cell");
    }

    @Test
    @Order(5)
    void compileErrorShowsTheLineAndMessage() throws Exception {
        KernelSession.Execution e = kernel.execute("int fine = 1;\nint bad = \"text\";");
        assertEquals("error", e.status());
        assertEquals("CompilationException", e.reply().get("ename").getAsString());
        assertTrue(e.reply().get("evalue").getAsString().startsWith("line 2: incompatible types"), e.raw().toString());
        String tb = e.traceback();
        assertTrue(tb.contains("line 2 | int bad = \"text\";"), tb);
        assertTrue(tb.contains("java.lang.String cannot be converted to int"), tb);
    }

    @Test
    @Order(6)
    void runtimeErrorHasTheRealExceptionAndATrimmedTrace() throws Exception {
        KernelSession.Execution e = kernel.execute("Object nothing = null;\nnothing.hashCode()");
        assertEquals("error", e.status());
        assertEquals("NullPointerException", e.reply().get("ename").getAsString());
        String tb = e.traceback();
        assertTrue(tb.startsWith("java.lang.NullPointerException"), tb);
        assertFalse(tb.contains("dev.modelkit.kernel.jshell"), "kernel frames are trimmed: " + tb);
        assertFalse(tb.contains("jdk.internal.reflect"), tb);
        assertEquals("3", kernel.execute("1 + 2").result(), "the kernel goes on");
    }

    @Test
    @Order(7)
    void isCompleteFollowsJavaSyntax() throws Exception {
        assertEquals("incomplete", kernel.reply("is_complete", "for (int i = 0; i < 3; i++) {", 0).get("status").getAsString());
        assertEquals("complete", kernel.reply("is_complete", "int x = 1;\nx + 1", 0).get("status").getAsString());
        assertEquals("complete", kernel.reply("is_complete", "%%loadFromPOM\n<dependencies>", 0).get("status").getAsString());
    }

    @Test
    @Order(8)
    void completeUsesJShellSuggestionsInTheCursorSnippet() throws Exception {
        String code = "int a = 1;\nSystem.out.printl";
        JsonObject r = kernel.reply("complete", code, code.length());
        assertEquals("ok", r.get("status").getAsString());
        List<String> matches = r.getAsJsonArray("matches").asList().stream().map(m -> m.getAsString()).toList();
        assertTrue(matches.contains("println("), matches.toString());
        assertEquals(code.length() - "printl".length(), r.get("cursor_start").getAsInt());
        assertEquals(code.length(), r.get("cursor_end").getAsInt());

        // Positions are code points: the emoji before the cursor is one position, two Java chars.
        String wide = "String s = \"\uD83D\uDE00\"; Math.ab";
        int cursor = wide.codePointCount(0, wide.length());
        JsonObject w = kernel.reply("complete", wide, cursor);
        List<String> wideMatches = w.getAsJsonArray("matches").asList().stream().map(m -> m.getAsString()).toList();
        assertTrue(wideMatches.contains("abs("), wideMatches.toString());
        assertEquals(cursor - 2, w.get("cursor_start").getAsInt());
    }

    @Test
    @Order(9)
    void inspectGivesTheSignature() throws Exception {
        JsonObject r = kernel.reply("inspect", "Math.max(1, 2)", 6);
        assertTrue(r.get("found").getAsBoolean(), r.toString());
        String text = r.getAsJsonObject("data").get("text/plain").getAsString();
        assertTrue(text.contains("max(int"), text);
    }

    @Test
    @Order(10)
    void displayAndUpdateDisplay() throws Exception {
        KernelSession.Execution shown = kernel.execute("String shownId = display(\"first\");");
        List<JsonObject> data = shown.iopub("display_data");
        assertEquals(1, data.size(), shown.raw().toString());
        assertEquals("first", data.get(0).getAsJsonObject("data").get("text/plain").getAsString());
        String id = data.get(0).getAsJsonObject("transient").get("display_id").getAsString();

        KernelSession.Execution updated = kernel.execute("updateDisplay(shownId, \"second\");");
        List<JsonObject> updates = updated.iopub("update_display_data");
        assertEquals(1, updates.size(), updated.raw().toString());
        assertEquals("second", updates.get(0).getAsJsonObject("data").get("text/plain").getAsString());
        assertEquals(id, updates.get(0).getAsJsonObject("transient").get("display_id").getAsString());

        KernelSession.Execution html = kernel.execute("render(\"<b>x</b>\", \"text/html\")");
        assertEquals("<b>x</b>", html.iopub("execute_result").get(0).getAsJsonObject("data").get("text/html").getAsString());
    }

    @Test
    @Order(11)
    void interruptStopsABusyLoopAndKeepsTheState() throws Exception {
        kernel.execute("int kept = 7;");
        KernelSession.Execution e = kernel.executeAndInterrupt("System.out.println(\"spinning\");\nwhile (true) { }", "spinning");
        assertEquals("error", e.status());
        assertEquals("EvaluationInterruptedException", e.reply().get("ename").getAsString());
        assertEquals("7", kernel.execute("kept").result());

        KernelSession.Execution sleeping = kernel.executeAndInterrupt(
                "System.out.println(\"sleeping\");\nThread.sleep(600_000);", "sleeping");
        assertEquals("error", sleeping.status());
        assertEquals("8", kernel.execute("kept + 1").result());
    }

    @Test
    @Order(12)
    void outOfMemoryLeavesTheKernelUsable() throws Exception {
        KernelSession.Execution huge = kernel.execute("new long[Integer.MAX_VALUE - 8]");
        assertEquals("error", huge.status());
        assertTrue(huge.reply().get("evalue").getAsString().contains("OutOfMemoryError"), huge.raw().toString());

        KernelSession.Execution filled = kernel.execute(
                "{ List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[1 << 20]); }");
        assertEquals("error", filled.status());
        assertTrue(filled.traceback().startsWith("java.lang.OutOfMemoryError"), filled.traceback());
        assertEquals("5", kernel.execute("2 + 3").result());
        assertEquals("1048576", kernel.execute("long[] again = new long[1 << 20];\nagain.length").result());
    }

    @Test
    @Order(100)
    void shutdownEndsTheProcess() throws Exception {
        assertTrue(kernel.alive());
        assertFalse(kernel.shutdown(), "kernel process still alive after shutdown_request");
    }
}
