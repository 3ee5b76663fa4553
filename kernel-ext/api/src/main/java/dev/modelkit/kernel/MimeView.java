package dev.modelkit.kernel;

import java.util.List;

/**
 * How one type is shown in a notebook, independent of any kernel library: the MIME types it can
 * produce and the data for each. Kernel adapters (basekernel for IJava and our kernel, JJava's
 * fork of basekernel) turn a view into their own renderer registration, so the HTML, PNG and SVG
 * are produced by the same code whatever the kernel.
 *
 * <p>Data is a {@code String} for text types (HTML, SVG, plain text) and a base64 {@code String}
 * for binary ones (PNG), as Jupyter's display messages carry them.
 *
 * @param <T> the type shown; subclasses match too
 */
public interface MimeView<T> {

    /** The type this view shows. */
    Class<T> type();

    /** MIME types put in the bundle by default, e.g. {@code text/html} and {@code text/plain}. */
    List<String> preferred();

    /** Further MIME types produced only when asked for, e.g. {@code image/svg+xml}. */
    List<String> onRequest();

    /**
     * The data for one of {@link #preferred()} or {@link #onRequest()}.
     *
     * @throws IllegalArgumentException for a MIME type this view does not produce
     */
    Object render(T value, String mimeType);
}
