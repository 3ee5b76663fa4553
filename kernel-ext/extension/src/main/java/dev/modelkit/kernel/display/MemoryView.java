package dev.modelkit.kernel.display;

import dev.modelkit.model.memory.MemoryReport;

/** Memory reports: an HTML table ({@link MemoryDisplay#html}) and the text table of {@link MemoryReport#toString()}. */
public final class MemoryView extends HtmlTextView<MemoryReport> {

    public MemoryView() {
        super(MemoryReport.class, MemoryDisplay::html, MemoryReport::toString);
    }
}
