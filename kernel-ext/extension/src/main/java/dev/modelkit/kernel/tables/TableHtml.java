package dev.modelkit.kernel.tables;

import dev.modelkit.kernel.display.Html;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.List;

/**
 * A Tablesaw {@link Table} as an HTML table: the name as caption, escaped cells, numbers
 * right-aligned, and at most {@link #DEFAULT_MAX_ROWS} rows so a large table cannot flood the
 * notebook (a last row says how many were left out).
 */
public final class TableHtml {

    /** Rows shown before the rest are summarised as "… N more rows". */
    public static final int DEFAULT_MAX_ROWS = 50;

    private TableHtml() {
    }

    public static String render(Table table) {
        return render(table, DEFAULT_MAX_ROWS);
    }

    /** @param maxRows rows shown, at least 1 */
    public static String render(Table table, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows = " + maxRows + " is out of range; allowed: 1.."
                    + Integer.MAX_VALUE);
        }
        List<Column<?>> cols = table.columns();
        int rows = table.rowCount();
        int shown = Math.min(rows, maxRows);
        boolean[] numeric = new boolean[cols.size()];
        for (int c = 0; c < cols.size(); c++) {
            numeric[c] = cols.get(c) instanceof NumericColumn<?>;
        }

        StringBuilder sb = new StringBuilder(256 + 64 * shown * Math.max(1, cols.size()));
        sb.append("<table class=\"modelkit-table\">\n<caption style=\"text-align:left\">");
        if (table.name() != null && !table.name().isBlank()) {
            sb.append("<b>").append(Html.escape(table.name())).append("</b> ");
        }
        sb.append(Html.count(rows)).append(rows == 1 ? " row" : " rows").append(" × ")
                .append(cols.size()).append(cols.size() == 1 ? " column" : " columns").append("</caption>\n");
        sb.append("<thead><tr>");
        for (int c = 0; c < cols.size(); c++) {
            sb.append(numeric[c] ? "<th style=\"text-align:right\">" : "<th style=\"text-align:left\">")
                    .append(Html.escape(cols.get(c).name())).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < shown; r++) {
            sb.append("<tr>");
            for (int c = 0; c < cols.size(); c++) {
                sb.append(numeric[c] ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">")
                        .append(Html.escape(cols.get(c).getString(r))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        if (shown < rows) {
            sb.append("<tr><td colspan=\"").append(Math.max(1, cols.size()))
                    .append("\" style=\"text-align:left\"><i>… ").append(Html.count(rows - shown))
                    .append(rows - shown == 1 ? " more row" : " more rows").append("</i></td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n");
        return sb.toString();
    }
}
