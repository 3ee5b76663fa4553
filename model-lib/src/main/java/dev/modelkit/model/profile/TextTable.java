package dev.modelkit.model.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table with aligned columns: text left, everything else right, as a terminal or a
 * notebook's text/plain output shows it in a fixed-width font.
 */
final class TextTable {

    private final String[] header;
    private final boolean[] leftAligned;
    private final List<String[]> rows = new ArrayList<>();

    /** Column names; a name starting with '<' marks a left-aligned column (the '<' is dropped). */
    TextTable(String... columns) {
        header = new String[columns.length];
        leftAligned = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            leftAligned[i] = columns[i].startsWith("<");
            header[i] = leftAligned[i] ? columns[i].substring(1) : columns[i];
        }
    }

    TextTable row(Object... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("row: " + cells.length + " cells; allowed: " + header.length);
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = String.valueOf(cells[i]);
        }
        rows.add(r);
        return this;
    }

    @Override
    public String toString() {
        int[] w = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            w[i] = header[i].length();
            for (String[] r : rows) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, w);
        for (int i = 0; i < header.length; i++) {
            sb.append(i == 0 ? "" : "  ").append("-".repeat(w[i]));
        }
        sb.append('\n');
        for (String[] r : rows) {
            line(sb, r, w);
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, String[] cells, int[] w) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(w[i] - cells[i].length());
            l.append(i == 0 ? "" : "  ").append(leftAligned[i] ? cells[i] + pad : pad + cells[i]);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
