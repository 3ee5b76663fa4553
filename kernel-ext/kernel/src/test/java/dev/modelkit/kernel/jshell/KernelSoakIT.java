package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 cells in one real kernel over ZeroMQ: model builds, displayed models, runtime, compile and
 * magic errors, and interrupted loops, in a fixed mix. Every cell must come back as it should
 * (its status, value, output or error, and the next execution count: nothing lost), the kernel must
 * stay alive, and the heap retained after a full GC must stay flat once {@code %vars drop=$*}
 * releases the {@code $N} temporaries that displayed models leave behind.
 */
class KernelSoakIT {
    static final int CELLS = 1000;
    static final int CHECK_EVERY = 100;
    static final int INTERRUPT_EVERY = 40;
    static final long MIB = 1024 * 1024;

    @TempDir
    static Path prefix;

    /** Heap used right after two full collections, in bytes (a cell of its own). */
    private static long retainedAfterGc(KernelSession kernel) throws Exception {
        KernelSession.Execution e = kernel.execute("System.gc(); Thread.sleep(50); System.gc();\n"
                + "java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()");
        assertEquals("ok", e.status(), e.raw().toString());
        return Long.parseLong(e.result());
    }

    @Test
    void thousandCellsLoseNothingAndTheHeapStaysFlatAfterDrops() throws Exception {
        Jupyter.assume();
        Jupyter.installKernel(prefix, "-Xmx1g");
        long t0 = System.nanoTime();
        List<long[]> checkpoints = new ArrayList<>();  // {cell, before drop, after drop}
        try (KernelSession kernel = new KernelSession(prefix, Map.of())) {
            int count = -1;
            for (int i = 0; i < CELLS; i++) {
                KernelSession.Execution e;
                String kind;
                if (i > 0 && i % INTERRUPT_EVERY == 0) {
                    kind = "interrupt";
                    e = kernel.executeAndInterrupt("System.out.println(\"spin " + i + "\");\nlong n = 0;\nwhile (true) { n++; }",
                            "spin " + i);
                    assertEquals("error", e.status(), kind + " " + i + ": " + e.raw());
                    assertEquals("EvaluationInterruptedException", e.reply().get("ename").getAsString());
                } else {
                    switch (i % 8) {
                        case 0 -> {
                            kind = "build";
                            e = kernel.execute("Transformer m = Transformer.builder().preset(Preset.TINY).seed(" + i + ").build();\n"
                                    + "m.seed()");
                            assertEquals(String.valueOf(i), e.result(), kind + " " + i);
                        }
                        case 1 -> {
                            kind = "display";  // a model as the cell's value: rendered, and kept in a $N temporary
                            e = kernel.execute("Transformer.builder().preset(Preset.TINY).seed(" + i + ").build()");
                            assertTrue(e.iopub("execute_result").get(0).getAsJsonObject("data").has("text/html"), kind + " " + i);
                        }
                        case 2 -> {
                            kind = "display()";
                            e = kernel.execute("display(m);");
                            assertEquals(1, e.iopub("display_data").size(), kind + " " + i + ": " + e.raw());
                        }
                        case 3 -> {
                            kind = "runtime error";
                            e = kernel.execute("Integer.parseInt(\"x" + i + "\")");
                            assertEquals("NumberFormatException", e.reply().get("ename").getAsString(), kind + " " + i);
                        }
                        case 4 -> {
                            kind = "compile error";
                            e = kernel.execute("int broken" + i + " = \"s\";");
                            assertEquals("CompilationException", e.reply().get("ename").getAsString(), kind + " " + i);
                        }
                        case 5 -> {
                            kind = "magic error";
                            e = kernel.execute("%model tiny heads=" + (5 + i % 3 * 2));
                            assertTrue(e.traceback().startsWith("%model: "), kind + " " + i + ": " + e.traceback());
                        }
                        case 6 -> {
                            kind = "magic";
                            e = kernel.execute("%model tiny seed=" + i);
                            assertEquals(1, e.iopub("display_data").size(), kind + " " + i + ": " + e.raw());
                        }
                        default -> {
                            kind = "print";
                            e = kernel.execute("System.out.println(\"cell " + i + "\"); " + i + " * 2");
                            assertEquals("cell " + i + "\n", e.stream("stdout"), kind + " " + i);
                            assertEquals(String.valueOf(i * 2), e.result(), kind + " " + i);
                        }
                    }
                }
                int n = e.reply().get("execution_count").getAsInt();
                assertTrue(count < 0 || n == count + 1, kind + " cell " + i + ": execution_count " + n + " after " + count);
                count = n;
                if ((i + 1) % CHECK_EVERY == 0) {
                    long before = retainedAfterGc(kernel);
                    KernelSession.Execution drop = kernel.execute("%vars drop=$*");
                    assertEquals("ok", drop.status(), drop.raw().toString());
                    long after = retainedAfterGc(kernel);
                    checkpoints.add(new long[] {i + 1, before, after});
                    count += 3;
                }
            }
            assertTrue(kernel.alive(), "kernel alive after " + CELLS + " cells");
            assertEquals("2", kernel.execute("1 + 1").result());
            kernel.shutdown();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder report = new StringBuilder(String.format("soak: %d cells in %.1f s; heap retained after GC "
                + "(MiB) before -> after %%vars drop=$*:", CELLS, seconds));
        for (long[] c : checkpoints) {
            report.append(String.format(" [%d] %.1f -> %.1f", c[0], c[1] / (double) MIB, c[2] / (double) MIB));
        }
        System.out.println(report);
        long firstAfter = checkpoints.get(0)[2];
        long lastAfter = checkpoints.get(checkpoints.size() - 1)[2];
        assertTrue(lastAfter - firstAfter < 32 * MIB, "heap after drops grew from " + firstAfter / MIB + " to "
                + lastAfter / MIB + " MiB: " + report);
        for (long[] c : checkpoints) {
            // 12 displayed TINY models (1.6 MiB of weights each) per 100 cells sit in $N temporaries until dropped
            assertTrue(c[1] - c[2] > 10 * MIB, "the drop released the temporaries' models: " + report);
        }
    }
}
