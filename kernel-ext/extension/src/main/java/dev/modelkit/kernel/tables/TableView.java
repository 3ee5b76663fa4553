package dev.modelkit.kernel.tables;

import dev.modelkit.kernel.display.HtmlTextView;
import tech.tablesaw.api.Table;

/** Tablesaw tables: {@link TableHtml} as text/html, {@link Table#print()} as text/plain. */
public final class TableView extends HtmlTextView<Table> {

    public TableView() {
        super(Table.class, TableHtml::render, Table::print);
    }
}
