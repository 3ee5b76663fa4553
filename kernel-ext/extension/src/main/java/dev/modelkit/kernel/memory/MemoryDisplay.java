package dev.modelkit.kernel.memory;

import dev.modelkit.kernel.display.Html;
import dev.modelkit.model.ByteSize;
import dev.modelkit.model.Preset;
import dev.modelkit.model.memory.DType;
import dev.modelkit.model.memory.Measurement;
import dev.modelkit.model.memory.MemoryModel;
import dev.modelkit.model.memory.MemoryReport;
import dev.modelkit.model.memory.Optimizer;
import dev.modelkit.model.memory.SummaryRow;
import dev.modelkit.kernel.Feature;
import dev.modelkit.kernel.MagicArgs;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Shows {@link MemoryReport}s in a notebook: a renderer (text/plain and an HTML table) and the
 * line magic
 * <pre>
 * %memory [tiny|small|medium] [batch=B] [seq=S] [optimizer=none|sgd|sgd_momentum|adamw]
 *         [dtype=fp32|bf16|fp16|int8] [measure=true] [beyond=true]
 * </pre>
 * which displays the report (IJava turns a line magic into a statement, so its return value is not
 * shown; the magic displays it itself, and returns it for {@code MemoryReport r = %memory ...}). Defaults: medium, batch 1, the full
 * context, inference, fp32, not measured.
 */
public final class MemoryDisplay {

    /** The magic's name: {@code %memory}. */
    public static final String MAGIC = "memory";

    private MemoryDisplay() {
    }

    /** The memory report view and the {@code %memory} magic, for any kernel adapter. */
    public static Feature feature() {
        return new Feature(MAGIC, List.of(new MemoryView()), Map.of(MAGIC, (args, context) -> {
            MemoryReport r;
            try {
                r = parse(args).report();
            } catch (IllegalArgumentException e) {
                throw e.getMessage() != null && e.getMessage().startsWith("%" + MAGIC + ":") ? e : SPEC.error(e.getMessage());
            }
            context.display(r);
            return r;
        }));
    }


    static final MagicArgs.Spec SPEC = MagicArgs.spec(MAGIC, "%memory [tiny|small|medium] [batch=B] [seq=S] "
                    + "[optimizer=none|sgd|sgd_momentum|adamw] [dtype=fp32|bf16|fp16|int8] [measure=true] [beyond=true]")
            .words("preset", "tiny", "small", "medium")
            .key("batch", "b").key("seq", "sequence", "t").key("optimizer", "opt").key("dtype")
            .flag("measure").flag("beyond");

    /** The memory model a {@code %memory} line describes. */
    public static MemoryModel parse(List<String> args) {
        MagicArgs a = SPEC.parse(args);
        if (a.words().size() > 1) {
            throw SPEC.error("one preset only, got " + a.words() + "; allowed: tiny, small, medium");
        }
        Preset preset = a.words().isEmpty() ? Preset.MEDIUM : Preset.valueOf(a.words().get(0).toUpperCase(Locale.ROOT));
        try {
            MemoryModel m = MemoryModel.of(preset.config())
                    .optimizer(a.choice("optimizer", Optimizer.values(), Optimizer.NONE))
                    .dtype(a.choice("dtype", DType.values(), DType.FP32));
            if (a.has("batch")) {
                m.batch(a.intIn("batch", 1, Integer.MAX_VALUE, 1));
            }
            if (a.bool("beyond", false)) {
                m.allowBeyondContext();
            }
            if (a.has("seq")) {
                m.sequence(a.intIn("seq", 1, Integer.MAX_VALUE, 1));
            }
            if (a.bool("measure", false)) {
                m.measure();
            }
            return m;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("%" + MAGIC + ":")) {
                throw e;
            }
            throw SPEC.error(e.getMessage());  // model-lib's range checks (sequence beyond the context, ...)
        }
    }

    /**
     * The report as HTML: the summary table, the lines under it in the text view (model states
     * per parameter, the published formula, the JVM's array overhead), measurements when present,
     * and the whole text report (with the buffer inventory) behind a {@code <details>}, so the
     * HTML view carries everything the text view does.
     */
    public static String html(MemoryReport r) {
        StringBuilder sb = new StringBuilder();
        sb.append("<div class=\"modelkit-memory\"><p><b>Memory</b> of ").append(Html.escape(r.config().toString()))
                .append(String.format(Locale.ROOT, ": %,d parameters; %s, batch %d, sequence %d, %s</p>",
                        r.config().parameterCount(), r.dtype(), r.batch(), r.sequence(),
                        r.optimizer().training() ? "training with " + r.optimizer() : "inference"));
        sb.append("<table><thead><tr><th>item</th><th>bytes</th><th></th><th>share</th><th>published</th>"
                + "<th></th><th>source</th></tr></thead><tbody>");
        for (SummaryRow x : r.summary()) {
            sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td style=\"text-align:right\">%,d</td><td>%s</td>"
                            + "<td style=\"text-align:right\">%.1f%%</td><td style=\"text-align:right\">%,d</td>"
                            + "<td>%s</td><td>%s</td></tr>", Html.escape(x.item()), x.bytes(), ByteSize.format(x.bytes()),
                    100 * x.share(), x.published(), ByteSize.format(x.published()), Html.escape(x.source())));
        }
        sb.append("</tbody></table>");
        sb.append("<p>");
        if (r.optimizer().training()) {
            sb.append(Html.escape(String.format(Locale.ROOT, "Model states (weights + gradients + optimizer) = %s, "
                    + "%d B/param. ", ByteSize.format(r.modelStates()), r.modelStates() / r.config().parameterCount())));
            sb.append(Html.escape(String.format(Locale.ROOT, "Korthikanti et al. as published (16-bit, dropout): "
                    + "L·sbh(34 + 5as/h) = %s. ", ByteSize.format(r.published().korthikanti16()))));
        }
        sb.append(Html.escape(String.format(Locale.ROOT, "JVM: %d tensors as arrays = %s, +%,d B of array headers "
                + "and padding.", r.byTensor().size(), ByteSize.format(r.weightsWithJvmOverhead()), r.jvmOverhead())));
        sb.append("</p>");
        if (!r.measurements().isEmpty()) {
            sb.append("<table><thead><tr><th>phase</th><th>predicted</th><th>measured</th><th>ratio</th></tr>"
                    + "</thead><tbody>");
            for (Measurement m : r.measurements()) {
                sb.append(String.format(Locale.ROOT, "<tr><td>%s</td><td style=\"text-align:right\">%,d</td>"
                                + "<td style=\"text-align:right\">%,d</td><td>%s</td></tr>", Html.escape(m.phase()),
                        m.predicted(), m.measured(),
                        Double.isNaN(m.ratio()) ? "-" : String.format(Locale.ROOT, "%.4f", m.ratio())));
            }
            sb.append("</tbody></table>");
        }
        sb.append("<details><summary>The full text report (buffer inventory included)</summary><pre>")
                .append(Html.escape(r.toString())).append("</pre></details>");
        return sb.append("</div>").toString();
    }
}
