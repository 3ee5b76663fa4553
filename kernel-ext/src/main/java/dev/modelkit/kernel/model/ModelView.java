package dev.modelkit.kernel.model;

import dev.modelkit.kernel.display.MimeTypes;
import dev.modelkit.kernel.display.MimeView;
import dev.modelkit.model.Transformer;

import java.util.List;

/** Models: {@link ModelSummaryHtml} as text/html, {@link ModelSummaryText} as text/plain. */
public final class ModelView implements MimeView<Transformer> {

    @Override
    public Class<Transformer> type() {
        return Transformer.class;
    }

    @Override
    public List<String> preferred() {
        return List.of(MimeTypes.HTML, MimeTypes.PLAIN);
    }

    @Override
    public List<String> onRequest() {
        return List.of();
    }

    @Override
    public Object render(Transformer model, String mimeType) {
        return switch (mimeType) {
            case MimeTypes.HTML -> ModelSummaryHtml.render(model);
            case MimeTypes.PLAIN -> ModelSummaryText.render(model);
            default -> throw new IllegalArgumentException("mimeType: '" + mimeType
                    + "' is not produced for Transformer; allowed: " + MimeTypes.HTML + ", " + MimeTypes.PLAIN);
        };
    }
}
