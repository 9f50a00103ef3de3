package dev.vecmlp.bench.report;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table built row by row; numeric columns are right-aligned. */
final class MarkdownTable {
    private final String[] header;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();

    /** Columns whose name starts with {@code >} are right-aligned (the mark is not printed). */
    MarkdownTable(String... columns) {
        header = new String[columns.length];
        right = new boolean[columns.length];
        for (int i = 0; i < columns.length; i++) {
            right[i] = columns[i].startsWith(">");
            header[i] = right[i] ? columns[i].substring(1) : columns[i];
        }
    }

    void add(String... cells) {
        if (cells.length != header.length) {
            throw new IllegalArgumentException("table row: expected " + header.length + " cells, found " + cells.length);
        }
        rows.add(cells.clone());
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        sb.append('|');
        for (boolean r : right) {
            sb.append(r ? "---:|" : "---|");
        }
        sb.append('\n');
        for (String[] row : rows) {
            line(sb, row);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String[] cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        sb.append('\n');
    }
}
