package dev.modelkit.kernel.display;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;

/**
 * A progress bar in a basekernel notebook cell that updates in place: one {@code display_data}
 * message with a display id, then {@code update_display_data} messages for that id. Outside a
 * running cell the kernel drops the messages, so a bar costs nothing when nobody can see it.
 * Usable on its own; line magics get one through {@code MagicContext.progress}.
 */
public final class ProgressBar extends InPlaceProgress {

    private final BaseKernel kernel;

    private ProgressBar(BaseKernel kernel, String label, int total) {
        super(label, total);
        this.kernel = kernel;
    }

    /**
     * Shows an empty bar of {@code total} steps in the current cell's output.
     *
     * @throws IllegalArgumentException if {@code kernel} is null or {@code total < 1}
     */
    public static ProgressBar show(BaseKernel kernel, String label, int total) {
        if (kernel == null) {
            throw new IllegalArgumentException("kernel must not be null");
        }
        ProgressBar bar = new ProgressBar(kernel, label, total);
        bar.start();
        return bar;
    }

    @Override
    protected void show(String text, String html, String displayId) {
        kernel.display(data(text, html, displayId));
    }

    @Override
    protected void replace(String text, String html, String displayId) {
        kernel.getIO().display.updateDisplay(data(text, html, displayId));
    }

    private static DisplayData data(String text, String html, String displayId) {
        DisplayData d = new DisplayData(text);
        d.putHTML(html);
        d.setDisplayId(displayId);
        return d;
    }
}
