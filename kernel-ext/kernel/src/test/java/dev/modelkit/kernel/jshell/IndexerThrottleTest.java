package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.jshell.JShell;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * JShell's class-path index is held back while a cell runs and built once the kernel is idle.
 * {@code listQualifiedNames(...).isUpToDate()} is JShell's own word on whether its index is complete.
 */
class IndexerThrottleTest {

    private static boolean indexed(SourceCodeAnalysis analysis) {
        String code = "ArrayList";
        return analysis.listQualifiedNames(code, code.length()).isUpToDate();
    }

    @Test
    void theIndexWaitsWhileACellRunsAndIsBuiltWhenIdle() throws Exception {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            IndexerThrottle throttle = IndexerThrottle.pause(analysis);
            assertTrue(throttle.active(), "surefire opens jdk.jshell as the kernelspec does");
            throttle.cellStarts();
            Thread.sleep(3 * IndexerThrottle.IDLE_MILLIS);   // a long cell
            assertFalse(indexed(analysis), "no indexing while the cell runs");
            throttle.cellEnds();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!indexed(analysis) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(indexed(analysis), "the index is built once the kernel is idle");
        }
    }
}
