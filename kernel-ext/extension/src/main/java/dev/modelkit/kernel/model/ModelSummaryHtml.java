package dev.modelkit.kernel.model;

import dev.modelkit.kernel.display.Html;
import dev.modelkit.model.ByteSize;
import dev.modelkit.model.Init;
import dev.modelkit.model.ModelConfig;
import dev.modelkit.model.Parameter;
import dev.modelkit.model.Transformer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A {@link Transformer} as an HTML summary: headline figures, the config, a per-component
 * breakdown and a collapsible per-tensor table. Reading the summary never materialises a lazy
 * tensor.
 */
public final class ModelSummaryHtml {

    private static final String NUM = "<td style=\"text-align:right\">";
    private static final String TXT = "<td style=\"text-align:left\">";

    private ModelSummaryHtml() {
    }

    public static String render(Transformer model) {
        ModelConfig cfg = model.config();
        StringBuilder sb = new StringBuilder(4096 + 160 * model.tensorCount());
        sb.append("<div class=\"modelkit-model\">\n");

        sb.append("<p><b>Transformer</b> · ").append(Html.count(model.parameterCount())).append(" parameters · ")
                .append(model.tensorCount()).append(" tensors · ")
                .append(Html.escape(ByteSize.format(model.weightBytes()))).append(" fp32 · init ")
                .append(model.init().name().toLowerCase(Locale.ROOT));
        if (model.init() == Init.LAZY) {
            sb.append(" (").append(materialized(model.parameters())).append(" of ").append(model.tensorCount())
                    .append(" tensors materialised)");
        }
        sb.append(" · seed ").append(model.seed()).append("</p>\n");

        sb.append("<table class=\"modelkit-config\">\n<thead><tr>");
        for (String h : List.of("vocab", "context", "dModel", "layers", "heads", "head dim", "mlp ratio", "tied")) {
            sb.append("<th style=\"text-align:right\">").append(h).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody><tr>");
        for (Object v : List.of(cfg.vocabSize(), cfg.contextLength(), cfg.dModel(), cfg.layers(), cfg.heads(),
                cfg.headDim(), cfg.mlpRatio(), cfg.tieEmbeddings())) {
            sb.append(NUM).append(v instanceof Integer i ? Html.count(i) : String.valueOf(v)).append("</td>");
        }
        sb.append("</tr></tbody>\n</table>\n");

        sb.append("<table class=\"modelkit-components\">\n<thead><tr><th style=\"text-align:left\">component</th>")
                .append("<th style=\"text-align:right\">tensors</th><th style=\"text-align:right\">params</th>")
                .append("<th style=\"text-align:right\">fp32</th><th style=\"text-align:right\">share</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (ComponentBreakdown row : ComponentBreakdown.of(cfg.layout())) {
            sb.append("<tr>").append(TXT).append(row.label());
            if (row.tensors() == 0 && cfg.tieEmbeddings()) {
                sb.append(" <i>(tied to tok_emb)</i>");
            }
            sb.append("</td>").append(NUM).append(row.tensors()).append("</td>")
                    .append(NUM).append(Html.count(row.parameters())).append("</td>")
                    .append(NUM).append(Html.escape(ByteSize.format(row.bytes()))).append("</td>")
                    .append(NUM).append(Html.percent(row.share())).append("</td></tr>\n");
        }
        sb.append("<tr><td style=\"text-align:left\"><b>total</b></td>")
                .append(NUM).append("<b>").append(model.tensorCount()).append("</b></td>")
                .append(NUM).append("<b>").append(Html.count(model.parameterCount())).append("</b></td>")
                .append(NUM).append("<b>").append(Html.escape(ByteSize.format(model.weightBytes()))).append("</b></td>")
                .append(NUM).append("<b>100.0%</b></td></tr>\n");
        sb.append("</tbody>\n</table>\n");

        sb.append("<details><summary>").append(model.tensorCount()).append(" tensors</summary>\n")
                .append("<table class=\"modelkit-tensors\">\n<thead><tr>")
                .append("<th style=\"text-align:right\">#</th><th style=\"text-align:left\">name</th>")
                .append("<th style=\"text-align:left\">shape</th><th style=\"text-align:left\">kind</th>")
                .append("<th style=\"text-align:left\">component</th><th style=\"text-align:right\">params</th>")
                .append("<th style=\"text-align:right\">fp32</th>")
                .append("</tr></thead>\n<tbody>\n");
        List<Parameter> params = model.parameters();
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            sb.append("<tr>").append(NUM).append(i).append("</td>")
                    .append(TXT).append("<code>").append(Html.escape(p.name())).append("</code></td>")
                    .append(TXT).append(Html.escape(Arrays.toString(p.shape()))).append("</td>")
                    .append(TXT).append(p.kind().name().toLowerCase(Locale.ROOT)).append("</td>")
                    .append(TXT).append(p.component().name().toLowerCase(Locale.ROOT)).append("</td>")
                    .append(NUM).append(Html.count(p.numel())).append("</td>")
                    .append(NUM).append(Html.escape(ByteSize.format(p.spec().bytesFp32()))).append("</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n</details>\n</div>\n");
        return sb.toString();
    }

    static int materialized(List<Parameter> params) {
        int n = 0;
        for (Parameter p : params) {
            if (p.isMaterialized()) {
                n++;
            }
        }
        return n;
    }
}
