package dev.modelkit.kernel.display;

import dev.modelkit.kernel.MimeView;
import java.util.List;
import java.util.function.Function;

/**
 * The common view shape: text/html and text/plain by default, nothing on request, each produced
 * by one function. A view of this shape extends this class and names its two functions.
 *
 * @param <T> the type shown; subclasses match too
 */
public class HtmlTextView<T> implements MimeView<T> {

    private final Class<T> type;
    private final Function<? super T, String> html;
    private final Function<? super T, String> text;

    /** @throws IllegalArgumentException if an argument is null */
    public HtmlTextView(Class<T> type, Function<? super T, String> html, Function<? super T, String> text) {
        if (type == null || html == null || text == null) {
            throw new IllegalArgumentException("type, html and text must not be null; got type = " + type
                    + ", html = " + html + ", text = " + text);
        }
        this.type = type;
        this.html = html;
        this.text = text;
    }

    @Override
    public final Class<T> type() {
        return type;
    }

    @Override
    public final List<String> preferred() {
        return List.of(MimeTypes.HTML, MimeTypes.PLAIN);
    }

    @Override
    public final List<String> onRequest() {
        return List.of();
    }

    @Override
    public final Object render(T value, String mimeType) {
        return switch (mimeType) {
            case MimeTypes.HTML -> html.apply(value);
            case MimeTypes.PLAIN -> text.apply(value);
            default -> throw MimeTypes.unsupported(mimeType, this);
        };
    }
}
