package dev.modelkit.kernel.display;

import tech.tablesaw.api.Table;

import java.util.List;

/** Tablesaw tables: {@link TableHtml} as text/html, {@link Table#print()} as text/plain. */
public final class TableView implements MimeView<Table> {

    @Override
    public Class<Table> type() {
        return Table.class;
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
    public Object render(Table table, String mimeType) {
        return switch (mimeType) {
            case MimeTypes.HTML -> TableHtml.render(table);
            case MimeTypes.PLAIN -> table.print();
            default -> throw MimeTypes.unsupported(mimeType, this);
        };
    }
}
