package dev.modelkit.kernel.display;

import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

import java.util.Locale;

/** Just enough HTML for profile tables: escaping and a Tablesaw table as a {@code <table>}. */
final class Html {

    private Html() {
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The table with its name as caption; numbers right-aligned, decimals to 3 places. */
    static String table(Table t) {
        StringBuilder sb = new StringBuilder("<table>\n<caption>").append(escape(t.name())).append("</caption>\n<thead><tr>");
        for (Column<?> c : t.columns()) {
            sb.append("<th>").append(escape(c.name())).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < t.rowCount(); r++) {
            sb.append("<tr>");
            for (Column<?> c : t.columns()) {
                boolean numeric = c.type() != ColumnType.STRING && c.type() != ColumnType.BOOLEAN;
                sb.append(numeric ? "<td style=\"text-align:right\">" : "<td style=\"text-align:left\">")
                        .append(escape(cell(c, r))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        return sb.append("</tbody>\n</table>\n").toString();
    }

    private static String cell(Column<?> c, int r) {
        if (c.isMissing(r)) {
            return "–";
        }
        Object v = c.get(r);
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, Math.abs(d) >= 1000 ? "%,.1f" : "%.3f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", v);
        }
        return String.valueOf(v);
    }
}
