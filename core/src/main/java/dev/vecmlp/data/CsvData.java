package dev.vecmlp.data;

import dev.vecmlp.errors.InvalidConfigurationException;

import java.util.List;

/**
 * What {@link CsvReader} read: {@code rows} rows of numeric features (row-major, one per
 * {@link #featureNames() feature column}) and, when a label column was chosen, either class
 * labels ({@link #labels()} indexing {@link #classes()}) or regression {@link #targets()}.
 *
 * @param labelColumn the label column's header name, or {@code null} when there was none
 * @param labels      class indices, one per row, or {@code null} (regression or no label)
 * @param classes     class names in index order (empty unless classification)
 * @param targets     regression targets, one per row, or {@code null}
 */
public record CsvData(List<String> featureNames, float[] features, int rows, String labelColumn,
                      int[] labels, List<String> classes, float[] targets) {

    public CsvData {
        featureNames = List.copyOf(featureNames);
        classes = List.copyOf(classes);
    }

    /** Number of feature columns. */
    public int width() {
        return featureNames.size();
    }

    /** Whether rows carry class labels. */
    public boolean isClassification() {
        return labels != null;
    }

    /**
     * A training data set: one-hot targets over {@link #classes()} for classification, one
     * target column for regression.
     *
     * @throws InvalidConfigurationException when the file had no label column
     */
    public DataSet toDataSet() {
        if (labels != null) {
            return DataSet.ofClasses(features, width(), labels, classes.size());
        }
        if (targets != null) {
            return DataSet.of(features, width(), targets, 1);
        }
        throw new InvalidConfigurationException("CSV data: expected a label column to make a training set, found none");
    }
}
