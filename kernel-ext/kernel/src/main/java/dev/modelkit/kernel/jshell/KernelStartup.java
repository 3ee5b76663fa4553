package dev.modelkit.kernel.jshell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * Evaluates the kernel's own start-up cell ({@code startup.jshell}) in a fresh JShell, as cheaply
 * as it can, because a fresh kernel's first cell waits for it.
 *
 * <ul>
 *   <li>The {@code import} lines go in as <em>one</em> import snippet. JShell copies an import
 *       snippet's whole source into every later wrapper class, so all of them take effect, and
 *       javac runs once for the block instead of once per line (about 20 lines, ~15 ms each in a
 *       fresh JVM). If the block is refused, the lines go in one by one, so the error names the
 *       line at fault.</li>
 *   <li>The other lines are one snippet each (one declaration per line).</li>
 * </ul>
 */
final class KernelStartup {
    /** A snippet for the cell splitter's first run, done here rather than in the first cell. */
    static final String SPLITTER_WARM_UP = "int x = 1; x + 1";

    private KernelStartup() {
    }

    static void evaluate(JShell shell, String cell) {
        List<String> imports = new ArrayList<>();
        List<String> declarations = new ArrayList<>();
        for (String line : cell.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("//")).toList()) {
            (line.startsWith("import ") ? imports : declarations).add(line);
        }
        declareImports(shell, imports);
        StartTrace.mark("default imports declared");
        // No warm-up declaration here: measured, it made the first cell no faster than it cost
        // before it (the first cell usually arrives while the imports are still compiling).
        declarations.forEach(declaration -> require(shell, declaration));
    }

    /**
     * JShell keys an import snippet by its first import, and a later snippet with the same key
     * replaces it: a notebook's own {@code import java.util.*;} would drop the whole block. So the
     * block starts with the kernel's own import of its notebook functions, which no notebook writes.
     */
    static void declareImports(JShell shell, List<String> imports) {
        if (imports.isEmpty()) {
            return;
        }
        List<String> ordered = new ArrayList<>(imports);
        ordered.sort(Comparator.comparing(line -> !line.contains(NotebookFunctions.class.getName())));
        List<SnippetEvent> events = shell.eval(String.join(" ", ordered));
        if (events.size() == 1 && events.get(0).status() == Snippet.Status.VALID
                && events.get(0).snippet().kind() == Snippet.Kind.IMPORT) {
            return;
        }
        events.forEach(e -> shell.drop(e.snippet()));
        for (String line : ordered) {
            require(shell, line);
        }
    }

    /** Evaluates one snippet; throws, naming it and javac's first error, if it is not valid. */
    private static void require(JShell shell, String source) {
        List<SnippetEvent> events = shell.eval(source);
        SnippetEvent event = events.isEmpty() ? null : events.get(0);
        if (event == null || event.status() != Snippet.Status.VALID || event.exception() != null) {
            String why = event == null ? "nothing was evaluated"
                    : event.exception() != null ? event.exception().toString()
                    : shell.diagnostics(event.snippet()).map(d -> d.getMessage(java.util.Locale.ROOT))
                            .findFirst().orElse("status " + event.status());
            throw new IllegalStateException("'" + source + "': " + why);
        }
    }
}
