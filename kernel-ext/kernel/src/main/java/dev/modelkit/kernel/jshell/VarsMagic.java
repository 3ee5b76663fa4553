package dev.modelkit.kernel.jshell;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.modelkit.kernel.MagicArgs;
import dev.modelkit.model.ByteSize;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/**
 * {@code %vars [drop=NAMES]}: what is holding the heap. Shows a table of the notebook's variables,
 * JShell's {@code $N} temporaries included (every cell ending in an expression keeps its value in
 * one), with type and retained bytes ({@link HeapWalk}), largest first.
 *
 * <p>{@code drop=} takes comma-separated names or globs: {@code drop=$*} drops every temporary,
 * {@code drop=m,$12} those two, {@code drop=*} everything. A dropped variable's value is released
 * at once (its field is cleared, so the next collection can reclaim it) and the variable leaves
 * JShell once the cell has finished, since JShell cannot change its state while a cell runs.
 */
final class VarsMagic {
    static final MagicArgs.Spec SPEC = MagicArgs.spec("vars", "%vars [drop=NAME,$N,$*,*]   (drop=$* drops every $N temporary)")
            .key("drop");

    /** One table row. */
    record Row(String name, String type, long retainedBytes, long objects) {
    }

    private final JShellEvaluator evaluator;
    private final Consumer<DisplayData> display;
    private final List<JShellEvaluator.Variable> pendingDrops = new ArrayList<>();

    VarsMagic(JShellEvaluator evaluator, Consumer<DisplayData> display) {
        this.evaluator = evaluator;
        this.display = display;
    }

    /** The magic: drops what {@code drop=} names, then shows the table of what is left. */
    List<Row> run(List<String> args) throws Exception {
        MagicArgs a = SPEC.parse(args);
        if (!a.words().isEmpty()) {
            throw SPEC.error("'" + a.words().get(0) + "' is not key=value; allowed keys: drop");
        }
        List<JShellEvaluator.Variable> vars = evaluator.variables();
        String dropped = "";
        if (a.has("drop")) {
            List<JShellEvaluator.Variable> drop = matching(vars, a.string("drop", ""), a);
            long freed = 0;
            for (Row r : rows(drop)) {
                freed += r.retainedBytes();
            }
            for (JShellEvaluator.Variable v : drop) {
                release(v);
            }
            synchronized (pendingDrops) {
                pendingDrops.addAll(drop);
            }
            vars = new ArrayList<>(vars);
            vars.removeAll(drop);
            dropped = "dropped " + drop.size() + " variable" + (drop.size() == 1 ? "" : "s") + ", releasing about "
                    + ByteSize.format(freed);
        }
        List<Row> rows = rows(vars);
        display.accept(table(rows, dropped));
        return rows;
    }

    /**
     * After each cell (the kernel calls it): removes the variables dropped during the cell from
     * JShell, and releases the values of variables that were redeclared or dropped.
     */
    void finishDrops() {
        List<JShellEvaluator.Variable> todo;
        synchronized (pendingDrops) {
            todo = new ArrayList<>(pendingDrops);
            pendingDrops.clear();
        }
        todo.forEach(v -> evaluator.drop(v.snippet()));
        evaluator.releaseReplacedVariables();
    }

    static List<Row> rows(List<JShellEvaluator.Variable> vars) {
        List<Object> values = new ArrayList<>();
        for (JShellEvaluator.Variable v : vars) {
            values.add(v.value());
        }
        HeapWalk.Result walk = HeapWalk.retained(values);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < vars.size(); i++) {
            rows.add(new Row(vars.get(i).name(), vars.get(i).type(), walk.retained()[i], walk.reachableObjects()[i]));
        }
        rows.sort(Comparator.comparingLong(Row::retainedBytes).reversed());
        return rows;
    }

    private static List<JShellEvaluator.Variable> matching(List<JShellEvaluator.Variable> vars, String spec, MagicArgs a) {
        List<JShellEvaluator.Variable> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String glob = part.strip();
            if (glob.isEmpty()) {
                continue;
            }
            Pattern p = Pattern.compile(Pattern.quote(glob).replace("*", "\\E.*\\Q"));
            List<JShellEvaluator.Variable> hit = vars.stream().filter(v -> p.matcher(v.name()).matches()).toList();
            if (hit.isEmpty() && !glob.contains("*")) {
                throw a.error("drop", spec, "names of current variables or globs ($*, *); there is no variable '"
                        + glob + "'" + (vars.isEmpty() ? "" : "; current: " + vars.stream().map(JShellEvaluator.Variable::name)
                        .limit(20).collect(Collectors.joining(", "))));
            }
            hit.stream().filter(v -> !out.contains(v)).forEach(out::add);
        }
        return out;
    }

    /** Clears the variable's field so its value is garbage as soon as nothing else holds it. */
    private static void release(JShellEvaluator.Variable v) {
        if (v.field().getType().isPrimitive() || Modifier.isFinal(v.field().getModifiers())) {
            return;
        }
        try {
            v.field().set(null, null);
        } catch (IllegalAccessException e) {
            // not ours to clear: the drop after the cell still removes the variable
        }
    }

    private static DisplayData table(List<Row> rows, String dropped) {
        long total = rows.stream().mapToLong(Row::retainedBytes).sum();
        StringBuilder text = new StringBuilder();
        if (!dropped.isEmpty()) {
            text.append(dropped).append('\n');
        }
        text.append(String.format(Locale.ROOT, "%-16s %-40s %14s%n", "variable", "type", "retained"));
        StringBuilder html = new StringBuilder("<div class=\"modelkit-vars\">");
        if (!dropped.isEmpty()) {
            html.append("<p>").append(escape(dropped)).append("</p>");
        }
        html.append("<table><thead><tr><th>variable</th><th>type</th><th>retained</th><th>bytes</th></tr></thead><tbody>");
        for (Row r : rows) {
            text.append(String.format(Locale.ROOT, "%-16s %-40s %14s%n", r.name(), r.type(), ByteSize.format(r.retainedBytes())));
            html.append("<tr><td><code>").append(escape(r.name())).append("</code></td><td><code>").append(escape(r.type()))
                    .append("</code></td><td style=\"text-align:right\">").append(ByteSize.format(r.retainedBytes()))
                    .append("</td><td style=\"text-align:right\">").append(String.format(Locale.ROOT, "%,d", r.retainedBytes()))
                    .append("</td></tr>");
        }
        String footer = rows.size() + " variable" + (rows.size() == 1 ? "" : "s") + ", " + ByteSize.format(total)
                + " retained; drop temporaries with %vars drop=$*";
        text.append(footer);
        html.append("</tbody></table><p>").append(escape(footer)).append("</p></div>");
        DisplayData d = new DisplayData(text.toString());
        d.putHTML(html.toString());
        return d;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
