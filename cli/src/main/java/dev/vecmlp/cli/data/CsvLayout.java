package dev.vecmlp.cli.data;

import dev.vecmlp.data.CsvReader;

/**
 * How a CSV file is laid out: whether its first row (after {@code skipLines} lines) is a header,
 * how many lines come before it, and the cell separator.
 */
public record CsvLayout(boolean header, int skipLines, char separator) {
    /** A header row first, comma-separated. */
    public static final CsvLayout DEFAULT = new CsvLayout(true, 0, ',');

    /** Sets this layout on a reader's builder. */
    public CsvReader.Builder applyTo(CsvReader.Builder builder) {
        return builder.header(header).skipLines(skipLines).separator(separator);
    }
}
