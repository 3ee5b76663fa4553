package dev.modelkit.kernel.jshell;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.github.spencerpark.jupyter.kernel.util.GlobFinder;

/** Class path and start-up script lists as IJava reads them from its environment variables. */
final class KernelClasspath {
    private KernelClasspath() {
    }

    /** The entries of a plain class path string, blanks dropped. */
    static List<String> entries(String classpath) {
        List<String> out = new ArrayList<>();
        for (String e : classpath.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                out.add(e);
            }
        }
        return out;
    }

    /** Expands a {@code File.pathSeparator}-separated list whose entries may be globs. */
    static List<String> expand(String globList) {
        List<String> out = new ArrayList<>();
        if (globList == null || globList.isBlank()) {
            return out;
        }
        for (String glob : entries(globList)) {
            try {
                for (Path p : new GlobFinder(glob.strip()).computeMatchingPaths()) {
                    out.add(p.toAbsolutePath().toString());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot expand '" + glob + "'", e);
            }
        }
        return out;
    }

    /** Reads every script file matched by the glob list. */
    static List<String> readScripts(String globList) {
        List<String> scripts = new ArrayList<>();
        for (String file : expand(globList)) {
            try {
                scripts.add(Files.readString(Path.of(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read start-up script " + file, e);
            }
        }
        return scripts;
    }
}
