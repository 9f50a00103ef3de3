package dev.vecmlp.cli.data;

import dev.vecmlp.data.CsvData;
import dev.vecmlp.data.CsvReader;
import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.IdxFile;
import dev.vecmlp.errors.InvalidConfigurationException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads a data set for the commands: an IDX image file with its label file, or a CSV file with
 * a label column. A file is taken as CSV when no label file is given; IDX files are recognised
 * by content (gzip or not).
 */
public final class DataLoader {
    private DataLoader() {
    }

    /** How CSV labels are read. */
    public record CsvSettings(String labelColumn, CsvReader.Task task, List<String> classes) {
    }

    /**
     * Loads {@code features} (with {@code labels} for IDX).
     *
     * @param classes for IDX: the number of classes, or 0 to take the largest label + 1
     */
    public static Table load(Path features, Path labels, CsvSettings csv, int classes) throws IOException {
        if (labels != null) {
            return loadIdx(features, labels, classes);
        }
        if (csv.labelColumn() == null) {
            throw new InvalidConfigurationException(features + ": expected a label column for a CSV file "
                    + "(--label-column NAME or INDEX), or an IDX label file for IDX images, found neither");
        }
        CsvReader.Builder builder = CsvReader.builder().labelColumnSpec(csv.labelColumn()).task(csv.task());
        if (csv.classes() != null && !csv.classes().isEmpty()) {
            builder.classes(csv.classes());
        }
        CsvData data = builder.build().read(features);
        boolean classification = data.isClassification();
        String what = classification ? data.classes().size() + " classes" : "regression target";
        return new Table(data.toDataSet(), data.featureNames(), data.classes(), classification, data.labelColumn(),
                features.getFileName() + " (CSV, " + data.rows() + " rows x " + data.width() + " features, label '"
                        + data.labelColumn() + "', " + what + ")");
    }

    private static Table loadIdx(Path images, Path labelFile, int classes) throws IOException {
        int k = classes;
        if (k <= 0) {
            int max = 0;
            for (int label : IdxFile.readLabels(labelFile)) {
                max = Math.max(max, label);
            }
            k = Math.max(2, max + 1);
        }
        DataSet data = IdxFile.readDataSet(images, labelFile, k);
        List<String> names = new ArrayList<>(data.featureWidth());
        for (int j = 0; j < data.featureWidth(); j++) {
            names.add("pixel" + j);
        }
        List<String> classNames = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            classNames.add(Integer.toString(c));
        }
        return new Table(data, names, classNames, true, null, images.getFileName() + " (IDX, " + data.rows() + " images of "
                + data.featureWidth() + " pixels, " + k + " classes)");
    }

    /** Parses a task name (classification or regression). */
    public static CsvReader.Task task(String name) {
        return CsvReader.Task.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
