package dev.modelkit.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The unpacked compile class path is used for exactly the jar it was written from. */
class CompileClasspathTest {

    private static Path jar(Path dir) throws IOException {
        Path jar = dir.resolve("kernel.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("a/b/C.class", "a/D.class", "a/data.txt", "META-INF/versions/9/a/D.class",
                    "module-info.class")) {
                out.putNextEntry(new JarEntry(name));
                out.write(new byte[] {(byte) 0xCA, (byte) 0xFE, 1, 2});
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void unpacksClassFilesOnlyAndReplacesTheJarInTheClasspath(@TempDir Path tmp) throws IOException {
        Path jar = jar(tmp);
        assertEquals(2, CompileClasspath.write(jar));
        Path dir = tmp.resolve(CompileClasspath.DIR);
        assertTrue(Files.isRegularFile(dir.resolve("a/b/C.class")));
        assertTrue(Files.isRegularFile(dir.resolve("a/D.class")));
        assertFalse(Files.exists(dir.resolve("a/data.txt")), "javac reads class files only");
        assertFalse(Files.exists(dir.resolve("META-INF")));
        String other = tmp.resolve("other.jar").toString();
        assertEquals(List.of(dir.toString(), other),
                CompileClasspath.of(jar + java.io.File.pathSeparator + other));
    }

    @Test
    void aFolderWrittenForAnotherJarIsIgnored(@TempDir Path tmp) throws IOException {
        Path jar = jar(tmp);
        CompileClasspath.write(jar);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));
        assertEquals(List.of(jar.toString()), CompileClasspath.of(jar.toString()), "the jar changed after install");
        CompileClasspath.write(jar);
        assertEquals(List.of(tmp.resolve(CompileClasspath.DIR).toString()), CompileClasspath.of(jar.toString()),
                "writing again replaces the old folder");
        try (OutputStream out = Files.newOutputStream(jar, java.nio.file.StandardOpenOption.APPEND)) {
            out.write(0);
        }
        assertEquals(List.of(jar.toString()), CompileClasspath.of(jar.toString()), "the jar's size changed");
    }
}
