package dev.modelkit.kernel.jshell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.github.spencerpark.jupyter.kernel.util.GlobFinder;

/**
 * IJava's {@code %jars} and {@code %classpath} magics. Arguments are paths or globs
 * ({@code lib/*.jar}, {@code build/**}); relative ones resolve against the kernel's working
 * directory (the notebook's folder when Jupyter starts the kernel).
 */
final class ClasspathMagics {
    private final Consumer<String> addToClasspath;

    ClasspathMagics(Consumer<String> addToClasspath) {
        this.addToClasspath = addToClasspath;
    }

    /** {@code %jars}: adds each matching regular file (normally a jar). */
    List<String> jars(List<String> globs) {
        return add(globs, true);
    }

    /** {@code %classpath}: adds each matching path, directories of classes included. */
    List<String> classpath(List<String> globs) {
        return add(globs, false);
    }

    private List<String> add(List<String> globs, boolean filesOnly) {
        List<String> added = new ArrayList<>();
        for (String glob : globs) {
            List<String> matched = new ArrayList<>();
            try {
                GlobFinder finder = new GlobFinder(glob);
                for (Path p : filesOnly ? finder.computeMatchingFiles() : finder.computeMatchingPaths()) {
                    matched.add(p.toAbsolutePath().toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot expand class path glob '" + glob + "'", e);
            }
            if (matched.isEmpty()) {
                throw new IllegalArgumentException("no " + (filesOnly ? "file" : "path") + " matches '" + glob + "'");
            }
            added.addAll(matched);
        }
        added.forEach(addToClasspath);
        return added;
    }
}
