package dev.vecmlp.cli;

import dev.vecmlp.cli.data.CsvLayout;
import dev.vecmlp.cli.data.LabelColumn;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The CSV options shared by {@code train}, {@code evaluate} and {@code predict}: which column is
 * the label (by name or by index, never a guess between the two) and how the file is laid out
 * (header or not, lines to skip, separator).
 */
final class CsvOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--label-name", paramLabel = "NAME", description = "CSV label column by its header name.")
    String labelName;

    @Option(names = "--label-index", paramLabel = "INDEX", description = "CSV label column by its 0-based index.")
    Integer labelIndex;

    @Option(names = "--label-column", paramLabel = "COLUMN",
            description = "CSV label column: a header name, or a 0-based index when no column has that name "
                    + "(refused when it is both; then use --label-name or --label-index).")
    String labelColumn;

    @Option(names = "--no-header", description = "The CSV file has no header row: columns are named by index (0, 1, ...).")
    boolean noHeader;

    @Option(names = "--skip-lines", paramLabel = "N", defaultValue = "0",
            description = "Lines to ignore at the start of each CSV file, e.g. scikit-learn's count line "
                    + "(default: ${DEFAULT-VALUE}).")
    int skipLines;

    @Option(names = "--separator", paramLabel = "CHAR", defaultValue = ",",
            description = "CSV cell separator: one character, or 'tab' / 'space' (default: ${DEFAULT-VALUE}).")
    String separator;

    /** The label column asked for, or {@code null} when none of the three options was given. */
    LabelColumn label() {
        int given = (labelName != null ? 1 : 0) + (labelIndex != null ? 1 : 0) + (labelColumn != null ? 1 : 0);
        if (given > 1) {
            throw usage("expected one of --label-name, --label-index and --label-column, found " + given);
        }
        if (labelIndex != null && labelIndex < 0) {
            throw usage("--label-index: expected a 0-based column index >= 0, found " + labelIndex);
        }
        if (labelName != null) {
            return LabelColumn.named(labelName);
        }
        if (labelIndex != null) {
            return new LabelColumn(null, labelIndex, null);
        }
        return LabelColumn.spec(labelColumn);
    }

    /** The layout asked for. */
    CsvLayout layout() {
        if (skipLines < 0) {
            throw usage("--skip-lines: expected a line count >= 0, found " + skipLines);
        }
        String s = separator;
        char c;
        if (s.equalsIgnoreCase("tab") || s.equals("\\t")) {
            c = '\t';
        } else if (s.equalsIgnoreCase("space")) {
            c = ' ';
        } else if (s.length() == 1 && s.charAt(0) != '"') {
            c = s.charAt(0);
        } else {
            throw usage("--separator: expected one character (or tab, space) other than a quote, found '" + s + "'");
        }
        return new CsvLayout(!noHeader, skipLines, c);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
