package dev.vecmlp.cli.data;

import dev.vecmlp.data.CsvReader;

/**
 * Which CSV column holds the label: by header name ({@code --label-name}), by 0-based index
 * ({@code --label-index}), or as {@code --label-column} text that is a name or, when no column
 * has that name, an index (refused by the reader when it is both a name and another index).
 */
public record LabelColumn(String name, Integer index, String spec) {
    /** The label column by its header name. */
    public static LabelColumn named(String name) {
        return new LabelColumn(name, null, null);
    }

    /** The label column as {@code --label-column} text (a name, or an index when no column has that name). */
    public static LabelColumn spec(String text) {
        return text == null ? null : new LabelColumn(null, null, text);
    }

    /** Sets the label column on a reader's builder. */
    public CsvReader.Builder applyTo(CsvReader.Builder builder) {
        if (name != null) {
            return builder.labelColumn(name);
        }
        if (index != null) {
            return builder.labelColumn(index);
        }
        return builder.labelColumnSpec(spec);
    }

    /** The option as the user wrote it: {@code --label-name species}. */
    public String option() {
        return name != null ? "--label-name " + name : index != null ? "--label-index " + index : "--label-column " + spec;
    }
}
