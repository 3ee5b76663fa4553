package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar users put into stock IJava and JJava: no kernel library inside (renderers must key on the
 * host's own classes), and no SLF4J warning when it is used in a JVM that has no SLF4J of its own.
 */
class ExtensionJarIT {
    @TempDir
    Path tmp;

    static Path extensionJar() {
        Path jar = Jupyter.kernelJar().resolveSibling("modelkit-extension.jar");
        assertTrue(Files.isRegularFile(jar), "extension jar missing (run through `verify`): " + jar);
        return jar;
    }

    @Test
    void carriesNoKernelLibraryButAnSlf4jProvider() throws IOException {
        try (JarFile jar = new JarFile(extensionJar().toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).toList();
            assertTrue(names.stream().noneMatch(n -> n.startsWith("io/github/spencerpark/")),
                    "no basekernel, no IJava entry-point alias");
            assertTrue(names.stream().noneMatch(n -> n.startsWith("org/dflib/")), "no JJava");
            assertTrue(names.stream().noneMatch(n -> n.startsWith("dev/modelkit/kernel/jshell/")), "not our kernel");
            assertTrue(names.contains("dev/modelkit/kernel/ModelKitExtension.class"));
            assertTrue(names.stream().anyMatch(n -> n.startsWith("org/slf4j/nop/")), "slf4j-nop is the provider");
        }
    }

    @Test
    void usingItLogsNoSlf4jWarning() throws IOException {
        Path probe = tmp.resolve("Probe.java");
        Files.writeString(probe, """
                public class Probe {
                    public static void main(String[] args) {
                        org.slf4j.LoggerFactory.getLogger("probe").info("hello");
                        var t = tech.tablesaw.api.Table.create("t", tech.tablesaw.api.IntColumn.create("n", 1, 2));
                        System.out.println(t.rowCount() + " " + dev.modelkit.model.Preset.TINY.config().parameterCount());
                    }
                }
                """);
        Jupyter.Result r = Jupyter.run(List.of(Jupyter.javaBin(), "-cp", extensionJar().toString(), probe.toString()),
                Map.of(), 120);
        assertEquals(0, r.exit(), r.out());
        assertEquals("2 417792", r.out().strip(), "exactly the program's output, no SLF4J lines: " + r.out());
        assertFalse(r.out().contains("SLF4J"), r.out());
    }
}
