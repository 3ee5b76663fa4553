package dev.modelkit.kernel.display;

import dev.modelkit.kernel.Progress;

import java.util.Locale;
import java.util.UUID;

/**
 * A progress bar shown once with a display id and then replaced in place, written without any
 * kernel library: it checks arguments and draws each state as text (a {@code [###...]} bar for
 * consoles) and HTML (a {@code <progress>} element for notebooks). Subclasses only send the
 * drawings, each with its kernel's display message types ({@link ProgressBar} for basekernel,
 * a JJava one in {@code dev.modelkit.kernel.jjava}).
 */
public abstract class InPlaceProgress implements Progress {

    private static final int WIDTH = 30;

    private final String id = "modelkit-progress-" + UUID.randomUUID();
    private final String label;
    private final int total;
    private int updates;

    /** @throws IllegalArgumentException if {@code total < 1} */
    protected InPlaceProgress(String label, int total) {
        if (total < 1) {
            throw new IllegalArgumentException("total = " + total + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
        this.label = label == null ? "" : label;
        this.total = total;
    }

    /** Sends the empty bar; a subclass's factory calls this once, after construction. */
    protected final void start() {
        show(text(0, ""), html(0, ""), id);
    }

    /** Sends the first state as a new display output carrying {@code displayId}. */
    protected abstract void show(String text, String html, String displayId);

    /** Replaces the output carrying {@code displayId} with a new state. */
    protected abstract void replace(String text, String html, String displayId);

    @Override
    public final void update(int done, String detail) {
        if (done < 0 || done > total) {
            throw new IllegalArgumentException("done = " + done + " is out of range; allowed: 0.." + total);
        }
        String d = detail == null ? "" : detail;
        replace(text(done, d), html(done, d), id);
        updates++;
    }

    @Override
    public final void finish(String note) {
        update(total, note);
    }

    /** The display id the bar updates. */
    public final String displayId() {
        return id;
    }

    /** Updates sent so far. */
    public final int updates() {
        return updates;
    }

    private String text(int done, String detail) {
        int filled = (int) ((long) done * WIDTH / total);
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, detail).trim();
    }

    private String html(int done, String detail) {
        return "<div style=\"font-family:monospace\"><progress value=\"" + done + "\" max=\"" + total
                + "\" style=\"width:24em\"></progress> " + Html.escape(label) + " " + done + "/" + total
                + " " + Html.escape(detail) + "</div>";
    }
}
