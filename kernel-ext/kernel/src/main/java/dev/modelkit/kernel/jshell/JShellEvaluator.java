package dev.modelkit.kernel.jshell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Evaluates notebook cells with JShell in this JVM, snippet by snippet, and returns the real value
 * of the cell's last expression.
 *
 * <p>A cell may hold many snippets (imports, methods, classes, statements); it is cut with
 * {@link SourceCodeAnalysis#analyzeCompletion} and each snippet runs before the next one compiles,
 * so a {@code %maven} line can precede the {@code import} that needs it. The first failing snippet
 * ends the cell. JShell starts (and compiles the start-up scripts) on a background thread while the
 * kernel connects; every request waits for it.
 */
final class JShellEvaluator implements AutoCloseable {
    private final JShell shell;
    private final InProcessExecutionControlProvider provider;
    private final CompletableFuture<Void> ready;
    /** JShell's analysis (cell splitting, completion): created by the start-up thread, read after {@link #awaitReady()}. */
    private volatile SourceCodeAnalysis analysis;
    private volatile IndexerThrottle indexer;
    private volatile String userStartupFailure;

    /**
     * @param compileClasspath what javac compiles snippets against (the kernel's classes first,
     *                         then IJAVA_CLASSPATH); the loader gets these entries too
     * @param compilerOptions  extra javac options for snippets
     * @param kernelStartup    the kernel's own start-up cell: its {@code import} lines and declarations
     * @param userScripts      IJAVA_STARTUP_SCRIPT(S_PATH) cells, evaluated after it
     */
    JShellEvaluator(List<String> compileClasspath, List<String> compilerOptions, String kernelStartup,
            List<String> userScripts) {
        StartTrace.mark("building JShell");
        this.provider = new InProcessExecutionControlProvider();
        this.shell = withJvmClasspath(compileClasspath.isEmpty() ? "" : compileClasspath.get(0), () -> JShell.builder()
                .executionEngine(provider, Map.of())
                .compilerOptions(compilerOptions.toArray(String[]::new))
                .build());
        // Sets javac's -classpath explicitly now; the first entry was the base above, so it is
        // listed twice, which javac folds.
        compileClasspath.forEach(shell::addToClasspath);
        HeapGuard.install(() -> {
            try {
                provider.control().stopForMemory();
            } catch (IllegalStateException e) {
                // JShell has no execution control yet: no cell can be running.
            }
        });
        StartTrace.mark("JShell built");
        List<String> scripts = List.copyOf(userScripts);
        this.ready = CompletableFuture.runAsync(() -> {
            try {
                KernelStartup.evaluate(shell, kernelStartup);
                provider.control().clearResults();
            } catch (RuntimeException e) {
                throw new IllegalStateException("start-up script failed: " + e.getMessage(), e);
            }
            // Only now: creating JShell's SourceCodeAnalysis starts its class-path indexer (for
            // completion), a background walk of every class on the path that, begun earlier,
            // took a core from the start-up compilations above. It then runs only while the
            // kernel is idle (IndexerThrottle).
            SourceCodeAnalysis sca = shell.sourceCodeAnalysis();
            indexer = IndexerThrottle.pause(sca);
            sca.analyzeCompletion(KernelStartup.SPLITTER_WARM_UP); // the cell splitter's first run, off the first cell
            analysis = sca;
            StartTrace.mark("kernel start-up cell evaluated");
            for (String script : scripts) {
                try {
                    evalCell(script);
                    StartTrace.mark("user start-up script evaluated");
                } catch (Exception e) {
                    // A user's script (IJAVA_STARTUP_SCRIPT...) must not poison every cell: report it
                    // once, in the first cell's output, and carry on with the rest.
                    userStartupFailure = "a user start-up script (IJAVA_STARTUP_SCRIPT or IJAVA_STARTUP_SCRIPTS_PATH) "
                            + "failed and was skipped: " + e.getMessage();
                }
            }
        }, runnable -> {
            Thread t = new Thread(runnable, "modelkit-jshell-startup");
            t.setDaemon(true);
            t.start();
        });
    }

    /**
     * Builds JShell with {@code java.class.path} set to {@code base}: JShell's compiler starts from
     * that property (read once, when JShell is built) and appends {@code addToClasspath} entries.
     * The kernel's own class path is its jar, which javac would index entry by entry (~29,000 of
     * them) before its first compilation; the installed kernel passes the jar's classes unpacked
     * instead ({@link CompileClasspath}), where javac lists only the packages a snippet uses.
     * Runs on the kernel's main thread before any other thread of ours starts.
     */
    private static JShell withJvmClasspath(String base, java.util.function.Supplier<JShell> build) {
        String jvm = System.getProperty("java.class.path");
        System.setProperty("java.class.path", base);
        try {
            return build.get();
        } finally {
            System.setProperty("java.class.path", jvm);
        }
    }

    /** Runs {@code action} once the start-up scripts ran (or failed), on the thread that ran them. */
    void whenReady(Runnable action) {
        ready.whenComplete((ok, failed) -> action.run());
    }

    /** Blocks until the start-up scripts ran; rethrows their failure. */
    void awaitReady() throws Exception {
        try {
            ready.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    /** Adds a jar or class directory to both the compiler's and the loader's class path. */
    void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    /**
     * Evaluates a whole cell.
     *
     * @return the value of the last snippet when it is an expression (may be null), else null
     */
    Object eval(String cell) throws Exception {
        awaitReady();
        String failure = userStartupFailure;
        if (failure != null) {
            userStartupFailure = null;
            throw new IllegalStateException(failure + " (this cell did not run; run it again)");
        }
        IndexerThrottle throttle = indexer;
        throttle.cellStarts();
        try {
            return evalCell(cell);
        } finally {
            throttle.cellEnds();
        }
    }

    private Object evalCell(String cell) throws Exception {
        InProcessExecutionControl control = provider.control();
        control.beginCell();
        try {
            Object last = null;
            String rest = cell;
            SourceCodeAnalysis analysis = this.analysis;
            CompletionInfo info = analysis.analyzeCompletion(rest);
            while (info.completeness().isComplete()) {
                int chunkStart = cell.length() - rest.length();
                last = evalSnippet(info.source(), cell, chunkStart, control);
                rest = info.remaining();
                info = analysis.analyzeCompletion(rest);
            }
            if (info.completeness() != Completeness.EMPTY) {
                // Let javac say what is missing (')' expected, reached end of file while parsing...),
                // with its caret: JShell rejects the incomplete source with its own diagnostics.
                evalSnippet(rest, cell, cell.length() - rest.length(), control);
                throw new IncompleteSourceException(info.remaining().strip());
            }
            return last;
        } finally {
            control.clearResults();
        }
    }

    private Object evalSnippet(String source, String cell, int chunkStart, InProcessExecutionControl control)
            throws Exception {
        List<SnippetEvent> events = shell.eval(source);
        if (control.takeStopped()) {
            throw new EvaluationInterruptedException();
        }
        Object result = null;
        // Take every parked result first so nothing leaks when a later event reports a failure.
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null || event.value() == null || event.exception() != null) {
                continue;
            }
            Snippet.SubKind kind = event.snippet().subKind();
            Object value = kind.isExecutable() ? control.takeResultOrNull(event.value()) : null;
            result = switch (kind) {
                case VAR_VALUE_SUBKIND, OTHER_EXPRESSION_SUBKIND, TEMP_VAR_EXPRESSION_SUBKIND -> value;
                default -> null;
            };
        }
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue; // a dependent snippet being re-checked, not this cell's code
            }
            JShellException failure = event.exception();
            if (failure instanceof EvalException) {
                Throwable thrown = control.takeThrown();
                if (thrown instanceof Exception e) {
                    throw e;
                }
                if (thrown instanceof Error err) {
                    throw new CellError(err);
                }
                throw failure;
            }
            if (failure instanceof UnresolvedReferenceException unresolved) {
                throw unresolvedReference(unresolved.getSnippet());
            }
            if (failure != null) {
                throw failure;
            }
            if (!event.status().isDefined()) {
                throw compilationError(event.snippet(), cell, chunkStart);
            }
        }
        return result;
    }

    private UnresolvedSnippetException unresolvedReference(DeclarationSnippet snippet) {
        String missing = shell.unresolvedDependencies(snippet).collect(Collectors.joining(", "));
        return new UnresolvedSnippetException("'" + snippet.name() + "' cannot be used until "
                + (missing.isEmpty() ? "its errors are fixed" : missing + " is declared"));
    }

    private CompilationException compilationError(Snippet snippet, String cell, int chunkStart) {
        String src = snippet.source();
        int firstCellLine = cellLineOf(src, cell, chunkStart);
        List<String> report = new ArrayList<>();
        String headline = null;
        for (Diag d : shell.diagnostics(snippet).collect(Collectors.toList())) {
            if (!d.isError()) {
                continue;
            }
            String message = d.getMessage(Locale.ROOT).lines()
                    .filter(l -> !l.strip().startsWith("location:"))
                    .collect(Collectors.joining("\n"));
            int start = (int) Math.max(0, Math.min(d.getStartPosition(), src.length()));
            int end = (int) Math.max(start + 1, Math.min(d.getEndPosition(), src.length()));
            int lineStart = src.lastIndexOf('\n', start - 1) + 1;
            int lineEnd = src.indexOf('\n', start);
            if (lineEnd < 0) {
                lineEnd = src.length();
            }
            int line = firstCellLine + (int) src.substring(0, lineStart).chars().filter(c -> c == '\n').count();
            String gutter = "line " + line + " | ";
            report.add(gutter + src.substring(lineStart, lineEnd));
            report.add(" ".repeat(gutter.length() - 2) + "| " + " ".repeat(start - lineStart)
                    + "^".repeat(Math.max(1, Math.min(end, lineEnd) - start)));
            report.addAll(message.lines().collect(Collectors.toList()));
            report.add("");
            if (headline == null) {
                headline = "line " + line + ": " + message.lines().findFirst().orElse(message);
            }
        }
        if (snippet instanceof DeclarationSnippet declaration) {
            List<String> missing = shell.unresolvedDependencies(declaration).collect(Collectors.toList());
            if (!missing.isEmpty()) {
                report.add("'" + declaration.name() + "' refers to undeclared " + String.join(", ", missing));
                if (headline == null) {
                    headline = "line " + firstCellLine + ": unresolved " + String.join(", ", missing);
                }
            }
        }
        if (headline == null) {
            headline = "line " + firstCellLine + ": snippet rejected";
            report.add(src);
        }
        return new CompilationException(headline, report);
    }

    /** 1-based line in the cell where the snippet's source begins. */
    private static int cellLineOf(String src, String cell, int chunkStart) {
        String firstLine = src.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        int at = firstLine.isEmpty() ? -1 : cell.indexOf(firstLine, chunkStart);
        if (at < 0 && firstLine.endsWith(";")) { // JShell appended the semicolon the cell left out
            at = cell.indexOf(firstLine.substring(0, firstLine.length() - 1), chunkStart);
        }
        if (at < 0) {
            at = chunkStart;
        }
        int blankLinesBefore = 0;
        for (String l : src.lines().collect(Collectors.toList())) {
            if (!l.isBlank()) {
                break;
            }
            blankLinesBefore++;
        }
        int line = 1 + (int) cell.substring(0, at).chars().filter(c -> c == '\n').count();
        return Math.max(1, line - blankLinesBefore);
    }

    /**
     * Jupyter's is_complete: "complete", "invalid", "incomplete" (with no indent hint; notebook
     * front ends keep their own indentation) or "unknown" when JShell failed to start.
     */
    String isComplete(String code) {
        try {
            awaitReady(); // JShell is not thread-safe: let the start-up scripts finish first
        } catch (Exception e) {
            return "unknown";
        }
        String rest = code;
        CompletionInfo info = analysis.analyzeCompletion(rest);
        // Not completeness().isComplete(): that is true for UNKNOWN too, which would skip bad code.
        while (info.completeness() == Completeness.COMPLETE || info.completeness() == Completeness.COMPLETE_WITH_SEMI) {
            rest = info.remaining();
            info = analysis.analyzeCompletion(rest);
        }
        return switch (info.completeness()) {
            case EMPTY -> "complete";
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "incomplete";
            default -> "invalid"; // UNKNOWN: JShell cannot parse it ("1 + )", "}", an open string)
        };
    }

    /**
     * Where the snippet holding {@code cursor} begins: JShell analyses one snippet at a time, so
     * completion and documentation are asked about the cursor's own snippet only.
     */
    int snippetStart(String code, int cursor) {
        String prefix = code.substring(0, Math.min(cursor, code.length()));
        String rest = prefix;
        CompletionInfo info = analysis.analyzeCompletion(rest);
        while (info.completeness().isComplete() && !info.remaining().isBlank()) {
            rest = info.remaining();
            info = analysis.analyzeCompletion(rest);
        }
        return prefix.length() - rest.length();
    }

    List<SourceCodeAnalysis.Suggestion> completions(String code, int cursor, int[] anchor) throws Exception {
        awaitReady();
        int start = snippetStart(code, cursor);
        String snippet = code.substring(start);
        List<SourceCodeAnalysis.Suggestion> found = analysis.completionSuggestions(snippet, cursor - start, anchor);
        anchor[0] += start;
        return found;
    }

    List<SourceCodeAnalysis.Documentation> documentation(String code, int cursor) throws Exception {
        awaitReady();
        int start = snippetStart(code, cursor);
        return analysis.documentation(code.substring(start), cursor - start, true);
    }

    /** A notebook variable (JShell's {@code $N} temporaries included) and the static field holding its value. */
    record Variable(jdk.jshell.VarSnippet snippet, java.lang.reflect.Field field) {
        String name() {
            return snippet.name();
        }

        String type() {
            return snippet.typeName();
        }

        boolean temporary() {
            return snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
        }

        Object value() {
            try {
                return field.get(null);
            } catch (IllegalAccessException e) {
                return null;
            }
        }
    }

    /** The variables currently defined, in declaration order. Safe to call from a running cell: it only reads. */
    List<Variable> variables() throws Exception {
        awaitReady();
        List<Variable> out = new ArrayList<>();
        for (jdk.jshell.VarSnippet v : shell.variables().collect(Collectors.toList())) {
            if (shell.status(v) != Snippet.Status.VALID) {
                continue;
            }
            java.lang.reflect.Field f = provider.control().fieldOf(() -> shell.varValue(v));
            if (f != null) {
                out.add(new Variable(v, f));
            }
        }
        return out;
    }

    /** The field behind every variable seen active, until it is replaced or dropped. */
    private final Map<jdk.jshell.VarSnippet, java.lang.reflect.Field> slots = new java.util.IdentityHashMap<>();

    /**
     * Clears the fields of variables that were redeclared or dropped since the last call, and
     * notes the fields of new ones. JShell keeps every wrapper class it loaded, so without this a
     * redeclared {@code Transformer m = ...} keeps every earlier model in its old class's field,
     * though no name reaches it. Between cells only (JShell is not re-entrant).
     *
     * @return how many replaced values were released
     */
    int releaseReplacedVariables() {
        if (!ready.isDone()) {
            return 0;
        }
        int released = 0;
        for (Snippet s : shell.snippets().collect(Collectors.toList())) {
            if (!(s instanceof jdk.jshell.VarSnippet v)) {
                continue;
            }
            Snippet.Status status = shell.status(v);
            if (status == Snippet.Status.VALID) {
                if (!slots.containsKey(v)) {
                    java.lang.reflect.Field f = provider.control().fieldOf(() -> shell.varValue(v));
                    if (f != null) {
                        slots.put(v, f);
                    }
                }
            } else if (!status.isActive()) {
                java.lang.reflect.Field f = slots.remove(v);
                if (f != null && !f.getType().isPrimitive() && !java.lang.reflect.Modifier.isFinal(f.getModifiers())) {
                    try {
                        f.set(null, null);
                        released++;
                    } catch (IllegalAccessException e) {
                        // not clearable; it stays as JShell left it
                    }
                }
            }
        }
        return released;
    }

    /** Removes a variable from JShell; only between cells (JShell is not re-entrant). */
    void drop(jdk.jshell.VarSnippet v) {
        if (shell.status(v).isActive()) {
            shell.drop(v);
        }
    }

    /** Stops the running cell, if any (called from another thread than {@link #eval}). */
    void interrupt() {
        // Straight to the execution control: JShell.stop() may wait on state the running eval holds.
        provider.control().stop();
    }

    @Override
    public void close() {
        IndexerThrottle throttle = indexer;
        if (throttle != null) {
            throttle.close();
        }
        shell.close();
    }
}
