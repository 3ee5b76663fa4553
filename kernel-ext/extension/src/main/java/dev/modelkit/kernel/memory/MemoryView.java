package dev.modelkit.kernel.memory;

import dev.modelkit.kernel.display.HtmlTextView;
import dev.modelkit.model.memory.MemoryReport;

/** Memory reports: an HTML table ({@link MemoryDisplay#html}) and the text table of {@link MemoryReport#toString()}. */
public final class MemoryView extends HtmlTextView<MemoryReport> {

    public MemoryView() {
        super(MemoryReport.class, MemoryDisplay::html, MemoryReport::toString);
    }
}
