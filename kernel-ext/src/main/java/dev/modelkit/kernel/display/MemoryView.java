package dev.modelkit.kernel.display;

import dev.modelkit.model.memory.MemoryReport;

import java.util.List;

/** Memory reports: the text table of {@link MemoryReport#toString()} and an HTML table. */
public final class MemoryView implements MimeView<MemoryReport> {

    @Override
    public Class<MemoryReport> type() {
        return MemoryReport.class;
    }

    @Override
    public List<String> preferred() {
        return List.of(MimeTypes.HTML, MimeTypes.PLAIN);
    }

    @Override
    public List<String> onRequest() {
        return List.of();
    }

    @Override
    public Object render(MemoryReport report, String mimeType) {
        return switch (mimeType) {
            case MimeTypes.HTML -> MemoryDisplay.html(report);
            case MimeTypes.PLAIN -> report.toString();
            default -> throw new IllegalArgumentException("mimeType: '" + mimeType
                    + "' is not produced for MemoryReport; allowed: " + MimeTypes.HTML + ", " + MimeTypes.PLAIN);
        };
    }
}
