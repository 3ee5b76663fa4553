package dev.modelkit.kernel.jshell;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What javac compiles notebook cells against: the kernel's classes, unpacked next to the
 * installed jar.
 *
 * <p>Why: javac opens a jar on its class path by indexing every entry of it before its first
 * compilation. The kernel jar holds ~29,000 (model-lib, Tablesaw with fastutil and ICU, XChart,
 * ZeroMQ, Maven Resolver), and that index was about a third of a fresh kernel's first
 * compilation. A folder it does not index: it lists only the packages a snippet names. The
 * kernel still <em>runs</em> from the jar (class loading, the start-up archive); only the
 * compiler reads the folder, so the two hold the same classes and must come from the same
 * install. A stamp of the jar's size and time tells a folder written for another jar, which is
 * then ignored.
 */
final class CompileClasspath {
    /** The folder, next to the installed jar. */
    static final String DIR = "compile-classpath";
    /** Inside it: the size and modification time of the jar it was unpacked from. */
    static final String STAMP = ".unpacked-from";

    private CompileClasspath() {
    }

    /**
     * The compile class path for a JVM class path: each jar that has a matching folder beside it
     * is replaced by the folder; everything else stays as it is.
     */
    static List<String> of(String jvmClasspath) {
        List<String> out = new ArrayList<>();
        for (String entry : KernelClasspath.entries(jvmClasspath)) {
            Path jar = Path.of(entry);
            Path dir = folderFor(jar);
            out.add(dir != null ? dir.toString() : entry);
        }
        return out;
    }

    /** The unpacked folder written for exactly this jar, or null. */
    static Path folderFor(Path jar) {
        Path dir = jar.toAbsolutePath().resolveSibling(DIR);
        try {
            if (Files.isRegularFile(jar) && Files.isRegularFile(dir.resolve(STAMP))
                    && Files.readString(dir.resolve(STAMP)).strip().equals(stamp(jar))) {
                return dir;
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable folder is no folder: compile against the jar, as without one.
        }
        return null;
    }

    /**
     * Install time: unpacks the class files of {@code jar} into {@link #DIR} beside it (replacing
     * an older folder), then writes the stamp. Resources and {@code META-INF} are left out: javac
     * reads class files only.
     *
     * @return the number of class files written
     */
    static int write(Path jar) throws IOException {
        Path dir = jar.toAbsolutePath().resolveSibling(DIR);
        Path partial = jar.toAbsolutePath().resolveSibling(DIR + ".partial");
        deleteTree(partial);
        int written = 0;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (e.isDirectory() || !name.endsWith(".class") || name.startsWith("META-INF/")
                        || name.endsWith("module-info.class") || name.contains("..")) {
                    continue;
                }
                Path target = partial.resolve(name);
                Files.createDirectories(target.getParent());
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, target);
                }
                written++;
            }
        }
        Files.writeString(partial.resolve(STAMP), stamp(jar) + "\n");
        deleteTree(dir);
        Files.move(partial, dir);
        return written;
    }

    private static String stamp(Path jar) throws IOException {
        return Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
