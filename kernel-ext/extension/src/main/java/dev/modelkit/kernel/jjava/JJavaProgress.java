package dev.modelkit.kernel.jjava;

import dev.modelkit.kernel.display.InPlaceProgress;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The progress bar on JJava: JJava kept basekernel's {@code DisplayStream.updateDisplay}, so the
 * bar is one {@code display_data} with a display id, then {@code update_display_data} messages,
 * exactly as {@link dev.modelkit.kernel.display.ProgressBar} does on basekernel.
 */
final class JJavaProgress extends InPlaceProgress {

    private final BaseKernel kernel;

    private JJavaProgress(BaseKernel kernel, String label, int total) {
        super(label, total);
        this.kernel = kernel;
    }

    static JJavaProgress show(BaseKernel kernel, String label, int total) {
        JJavaProgress bar = new JJavaProgress(kernel, label, total);
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
