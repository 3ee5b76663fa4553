package dev.modelkit.kernel.host;

import dev.modelkit.kernel.Progress;
import dev.modelkit.kernel.display.Html;

import java.util.Locale;
import java.util.UUID;

/**
 * The progress bar of every host: one display output with a display id, then replaced in place
 * ({@code display_data}, then {@code update_display_data}), each state drawn as text (a
 * {@code [###...]} bar for consoles) and HTML (a {@code <progress>} element for notebooks). The
 * host only sends the drawings. Outside a running cell the kernel drops the messages, so a bar
 * costs nothing when nobody can see it. Line magics get one through {@code MagicContext.progress}.
 */
public final class InPlaceProgress implements Progress {

    private static final int WIDTH = 30;

    private final String id = "modelkit-progress-" + UUID.randomUUID();
    private final KernelHost host;
    private final String label;
    private final int total;
    private int updates;

    private InPlaceProgress(KernelHost host, String label, int total) {
        this.host = host;
        this.label = label == null ? "" : label;
        this.total = total;
    }

    /**
     * Shows an empty bar of {@code total} steps in the current cell's output.
     *
     * @throws IllegalArgumentException if {@code total < 1}
     */
    public static InPlaceProgress show(KernelHost host, String label, int total) {
        if (total < 1) {
            throw new IllegalArgumentException("total = " + total + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
        InPlaceProgress bar = new InPlaceProgress(host, label, total);
        host.display(bar.text(0, ""), bar.html(0, ""), bar.id);
        return bar;
    }

    @Override
    public void update(int done, String detail) {
        if (done < 0 || done > total) {
            throw new IllegalArgumentException("done = " + done + " is out of range; allowed: 0.." + total);
        }
        String d = detail == null ? "" : detail;
        host.updateDisplay(text(done, d), html(done, d), id);
        updates++;
    }

    @Override
    public void finish(String note) {
        update(total, note);
    }

    /** The display id the bar updates. */
    public String displayId() {
        return id;
    }

    /** Updates sent so far. */
    public int updates() {
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
