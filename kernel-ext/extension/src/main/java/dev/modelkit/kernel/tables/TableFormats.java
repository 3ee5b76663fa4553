package dev.modelkit.kernel.tables;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Print formatters for the HTML and text views of every ModelKit table, so a reader never sees a
 * raw float: counts grouped (10,773,504), decimals to three places, shares as percentages. Only
 * what is printed changes; the columns keep their exact values (and CSV output is unformatted).
 */
public final class TableFormats {

    private TableFormats() {
    }

    /** Groups every long and int column's digits and shows doubles to three decimals. */
    public static Table readable(Table t) {
        for (Column<?> c : t.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(decimals(3, MISSING));
            } else if (c instanceof LongColumn l) {
                l.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
            } else if (c instanceof IntColumn i) {
                i.setPrintFormatter(NumberColumnFormatter.intsWithGrouping());
            }
        }
        return t;
    }

    /** As {@link #readable}, with the named fraction columns shown as percentages (0.0549 → 5.5%). */
    public static Table readable(Table t, String... shareColumns) {
        readable(t);
        for (String name : shareColumns) {
            t.doubleColumn(name).setPrintFormatter(percent(MISSING));
        }
        return t;
    }

    /** What a missing figure prints as (a blank cell reads like a rendering bug). */
    public static final String MISSING = "–";

    /** The named share column shows {@code missing} (e.g. "not enough runs") where it has no value. */
    public static Table shareMissingAs(Table t, String column, String missing) {
        t.doubleColumn(column).setPrintFormatter(percent(missing));
        return t;
    }

    private static NumberColumnFormatter decimals(int digits, String missing) {
        java.text.NumberFormat f = java.text.NumberFormat.getNumberInstance(java.util.Locale.ROOT);
        f.setGroupingUsed(true);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        return new NumberColumnFormatter(f, missing);
    }

    private static NumberColumnFormatter percent(String missing) {
        java.text.NumberFormat f = java.text.NumberFormat.getPercentInstance(java.util.Locale.ROOT);
        f.setMinimumFractionDigits(1);
        f.setMaximumFractionDigits(1);
        return new NumberColumnFormatter(f, missing);
    }
}
