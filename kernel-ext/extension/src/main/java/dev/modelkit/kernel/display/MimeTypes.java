package dev.modelkit.kernel.display;

import dev.modelkit.kernel.MimeView;
import java.util.ArrayList;
import java.util.List;

/** The MIME types ModelKit's views produce. */
public final class MimeTypes {

    public static final String HTML = "text/html";
    public static final String PLAIN = "text/plain";
    public static final String PNG = "image/png";
    public static final String SVG = "image/svg+xml";

    private MimeTypes() {
    }

    /** The error for a MIME type a view was asked for but does not produce. */
    public static IllegalArgumentException unsupported(String mimeType, MimeView<?> view) {
        List<String> allowed = new ArrayList<>(view.preferred());
        allowed.addAll(view.onRequest());
        return new IllegalArgumentException("mimeType: '" + mimeType + "' is not produced for "
                + view.type().getSimpleName() + "; allowed: " + String.join(", ", allowed));
    }
}
