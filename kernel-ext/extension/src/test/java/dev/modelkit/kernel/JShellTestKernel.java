package dev.modelkit.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A basekernel kernel that evaluates cells with a real JShell (in this JVM) and desugars line
 * magics the way IJava does ({@code %m a b} → {@code lineMagic("m", List.of("a", "b"))}, also on
 * the right of {@code =}). It implements {@link VariableBinder} the way a kernel can: bindings are
 * declared after the cell's snippets have finished, never from inside one.
 *
 * <p>Test fixture only: it shows the extension's binding contract end to end, it is not our kernel.
 */
public final class JShellTestKernel extends TestKernel implements VariableBinder, AutoCloseable {

    private static final Pattern LINE_MAGIC = Pattern.compile("(?m)^(.*=\\s*)?%(\\w+)([^\\n]*)$");
    private static final Map<String, Object> HANDOFF = new LinkedHashMap<>();
    private static JShellTestKernel current;

    private final JShell shell;
    private final List<String> pendingDeclarations = new ArrayList<>();

    public JShellTestKernel() {
        shell = JShell.builder().executionEngine("local").build();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        for (String entry : cp.split(File.pathSeparator)) {
            shell.addToClasspath(entry);
        }
        current = this;
    }

    /** What desugared magics call, like IJava's {@code lineMagic}. */
    public static <T> T lineMagic(String name, List<String> args) {
        try {
            return current.getMagics().applyLineMagic(name, args);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    /** What a binding declaration reads: the value handed over by {@link #bindVariable}. */
    @SuppressWarnings("unchecked")
    public static synchronized <T> T take(String name) {
        return (T) HANDOFF.remove(name);
    }

    @Override
    public void bindVariable(String name, Class<?> type, Object value) {
        synchronized (JShellTestKernel.class) {
            HANDOFF.put(name, value);
        }
        pendingDeclarations.add(type.getCanonicalName() + " " + name + " = " + JShellTestKernel.class.getName()
                + ".take(\"" + name + "\");");
    }

    /** Evaluates a cell; returns the value of its last expression, or null. */
    public Object evalCell(String cell) {
        Object last = run(desugar(cell));
        List<String> declarations = new ArrayList<>(pendingDeclarations);
        pendingDeclarations.clear();
        for (String d : declarations) {
            run(d);
        }
        return last;
    }

    @Override
    public DisplayData eval(String expr) {
        Object value = evalCell(expr);
        return value == null ? null : getRenderer().render(value);
    }

    private Object run(String source) {
        String last = null;
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String rest = source;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            for (SnippetEvent e : shell.eval(info.source())) {
                if (e.exception() != null) {
                    throw new IllegalStateException(e.exception().getMessage(), e.exception());
                }
                if (e.status() == Snippet.Status.REJECTED) {
                    throw new IllegalStateException("rejected: " + e.snippet().source() + " "
                            + shell.diagnostics(e.snippet()).map(d -> d.getMessage(null)).collect(Collectors.toList()));
                }
                last = e.value();
            }
            rest = info.remaining();
        }
        return last;
    }

    static String desugar(String cell) {
        Matcher m = LINE_MAGIC.matcher(cell);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String prefix = m.group(1) == null ? "" : m.group(1);
            String args = java.util.Arrays.stream(m.group(3).trim().split("\\s+"))
                    .filter(a -> !a.isEmpty())
                    .map(a -> "\"" + a.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                    .collect(Collectors.joining(", "));
            m.appendReplacement(sb, Matcher.quoteReplacement(prefix + JShellTestKernel.class.getName() + ".lineMagic(\""
                    + m.group(2) + "\", java.util.List.of(" + args + "));"));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    @Override
    public void close() {
        shell.close();
    }
}
