package dev.vecmlp.cli.data;

import dev.vecmlp.data.DataSet;

import java.util.List;

/**
 * A loaded data set with what the CLI needs around it: the feature names (for matching
 * prediction inputs), the class names (empty for regression), the CSV label column's name
 * ({@code null} for IDX and built-in data) and a one-line description.
 */
public record Table(DataSet data, List<String> featureNames, List<String> classes, boolean classification,
                    String labelColumn, String description) {
    public Table {
        featureNames = List.copyOf(featureNames);
        classes = List.copyOf(classes);
    }

    /** The same table with other data (e.g. scaled or split). */
    public Table withData(DataSet other, String newDescription) {
        return new Table(other, featureNames, classes, classification, labelColumn, newDescription);
    }

    /** The same table with other class names (as many as before). */
    public Table withClasses(List<String> names) {
        if (names.size() != classes.size()) {
            throw new IllegalArgumentException("class names: expected " + classes.size() + ", found " + names.size());
        }
        return new Table(data, featureNames, names, classification, labelColumn, description);
    }
}
