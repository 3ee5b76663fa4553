package dev.modelkit.kernel.model;

import dev.modelkit.kernel.display.Html;
import dev.modelkit.model.ByteSize;
import dev.modelkit.model.Transformer;

/** A {@link Transformer} as text/plain: its {@code toString()} and the per-component breakdown. */
public final class ModelSummaryText {

    private ModelSummaryText() {
    }

    public static String render(Transformer model) {
        StringBuilder sb = new StringBuilder(512);
        sb.append(model).append('\n');
        sb.append(String.format("%-11s %7s %12s %10s %6s%n", "component", "tensors", "params", "fp32", "share"));
        for (ComponentBreakdown row : ComponentBreakdown.of(model.config().layout())) {
            sb.append(String.format("%-11s %7d %12s %10s %6s%n", row.label(), row.tensors(),
                    Html.count(row.parameters()), ByteSize.format(row.bytes()), Html.percent(row.share())));
        }
        return sb.toString();
    }
}
