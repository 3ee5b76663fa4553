package dev.modelkit.kernel.model;

import dev.modelkit.kernel.display.HtmlTextView;
import dev.modelkit.model.Transformer;

/** Models: {@link ModelSummaryHtml} as text/html, {@link ModelSummaryText} as text/plain. */
public final class ModelView extends HtmlTextView<Transformer> {

    public ModelView() {
        super(Transformer.class, ModelSummaryHtml::render, ModelSummaryText::render);
    }
}
