package dev.modelkit.kernel.display;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.DisplayStream;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

import java.util.Locale;
import java.util.UUID;

/**
 * A progress bar in a notebook cell that updates in place: one {@code display_data} message with
 * a display id, then {@code update_display_data} messages for that id (HTML {@code <progress>}
 * for the notebook, a text bar for consoles). Outside a running cell the kernel drops the
 * messages, so a bar costs nothing when nobody can see it.
 */
public final class ProgressBar {

    private static final int WIDTH = 30;

    private final DisplayStream out;
    private final String id = "modelkit-progress-" + UUID.randomUUID();
    private final String label;
    private final int total;
    private int updates;

    private ProgressBar(DisplayStream out, String label, int total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /** Shows an empty bar of {@code total} steps in the current cell's output. */
    public static ProgressBar show(BaseKernel kernel, String label, int total) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null");
        }
        if (total < 1) {
            throw new IllegalArgumentException("total = " + total + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
        ProgressBar bar = new ProgressBar(kernel.getIO().display, label == null ? "" : label, total);
        bar.out.display(bar.render(0, ""));
        return bar;
    }

    /** Moves the bar to {@code done} of total steps, with a detail such as the case being built. */
    public void update(int done, String detail) {
        if (done < 0 || done > total) {
            throw new IllegalArgumentException("done = " + done + " is out of range; allowed: 0.." + total);
        }
        out.updateDisplay(render(done, detail == null ? "" : detail));
        updates++;
    }

    /** Fills the bar and replaces the detail with a closing note. */
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

    DisplayData render(int done, String detail) {
        int filled = (int) ((long) done * WIDTH / total);
        String text = String.format(Locale.ROOT, "%s [%s%s] %d/%d %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), done, total, detail).trim();
        DisplayData d = new DisplayData(text);
        d.putHTML("<div style=\"font-family:monospace\"><progress value=\"" + done + "\" max=\"" + total
                + "\" style=\"width:24em\"></progress> " + Html.escape(label) + " " + done + "/" + total
                + " " + Html.escape(detail) + "</div>");
        d.setDisplayId(id);
        return d;
    }
}
