package dev.vecmlp.cli.data;

import dev.vecmlp.cli.text.UsageException;
import dev.vecmlp.data.CsvData;
import dev.vecmlp.data.CsvReader;
import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.IdxFile;
import dev.vecmlp.errors.InvalidConfigurationException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Loads a data set for the commands: an IDX image file with its label file, or a CSV file with
 * a label column. A file is taken as CSV when no label file is given; IDX files are recognised
 * by content (gzip or not).
 *
 * <p>CSV files are checked for the mistakes a header can hide: a first row of numbers read as
 * the header (refused: it is data, or a count line such as scikit-learn's), a header with some
 * numeric names (a warning), and a classification label with far more classes than the rows
 * suggest (a warning: probably a feature chosen as the label, or a regression target).
 */
public final class DataLoader {
    private DataLoader() {
    }

    /** How CSV labels are read, and how the file is laid out. */
    public record CsvSettings(LabelColumn label, CsvReader.Task task, List<String> classes, CsvLayout layout) {
        /** A label column given as {@code --label-column} text, in a comma-separated file with a header. */
        public CsvSettings(String labelColumn, CsvReader.Task task, List<String> classes) {
            this(LabelColumn.spec(labelColumn), task, classes, CsvLayout.DEFAULT);
        }
    }

    /**
     * Loads {@code features} (with {@code labels} for IDX), silently.
     *
     * @param classes for IDX: the number of classes, or 0 to take the largest label + 1
     */
    public static Table load(Path features, Path labels, CsvSettings csv, int classes) throws IOException {
        return load(features, labels, csv, classes, LoadProgress.silent(), null);
    }

    /**
     * Loads {@code features} (with {@code labels} for IDX), saying what is loading through
     * {@code progress} and writing warnings about the data to {@code warnings} (may be null).
     */
    public static Table load(Path features, Path labels, CsvSettings csv, int classes, LoadProgress progress,
                             PrintWriter warnings) throws IOException {
        if (labels != null) {
            return loadIdx(features, labels, classes, progress);
        }
        if (csv.label() == null) {
            throw new UsageException(features + ": expected a label column for a CSV file "
                    + "(--label-name NAME or --label-index INDEX), or an IDX label file for IDX images, found neither");
        }
        CsvReader.Builder builder = csv.label().applyTo(csv.layout().applyTo(CsvReader.builder())).task(csv.task());
        if (csv.classes() != null && !csv.classes().isEmpty()) {
            builder.classes(csv.classes());
        }
        CsvData data;
        try (LoadProgress.Task task = progress.start(features, "CSV");
             BufferedReader reader = new BufferedReader(new InputStreamReader(task.track(Files.newInputStream(features)),
                     StandardCharsets.UTF_8))) {
            data = builder.build().read(reader, features.toString());
        } catch (InvalidConfigurationException e) {
            // The label column is not there, or is ambiguous: the command line is wrong, not the file.
            throw new UsageException(e.getMessage() + " (" + csv.label().option() + ")", e);
        }
        if (csv.layout().header()) {
            checkHeader(features, csv.layout(), data, warnings);
        }
        boolean classification = data.isClassification();
        if (classification && csv.classes() == null) {
            checkClassCount(features, data, warnings);
        }
        String what = classification ? data.classes().size() + " classes" : "regression target";
        return new Table(data.toDataSet(), data.featureNames(), data.classes(), classification, data.labelColumn(),
                features.getFileName() + " (CSV, " + data.rows() + " rows x " + data.width() + " features, label '"
                        + data.labelColumn() + "', " + what + ")");
    }

    /** Header cells that are numbers: all of them is an error, some a warning. */
    private static void checkHeader(Path file, CsvLayout layout, CsvData data, PrintWriter warnings) {
        List<String> names = new ArrayList<>(data.featureNames());
        if (data.labelColumn() != null) {
            names.add(data.labelColumn());
        }
        List<String> numbers = new ArrayList<>();
        for (String name : names) {
            if (isNumber(name)) {
                numbers.add(name.trim());
            }
        }
        int line = layout.skipLines() + 1;
        String fix = "if the file has no header, give --no-header; if it starts with a count line such as "
                + "scikit-learn's (n_samples, n_features, class names), give --skip-lines " + line + " --no-header";
        if (!numbers.isEmpty() && numbers.size() == names.size()) {
            throw new UsageException(file + ": line " + line + " was read as the header, but expected column names "
                    + "there, found only numbers (" + abbreviate(numbers) + "): it looks like data; " + fix);
        }
        if (!numbers.isEmpty() && warnings != null) {
            warnings.println("warning: " + file + ": the header (line " + line + ") has numbers where column names "
                    + "are expected (" + abbreviate(numbers) + "); " + fix);
            warnings.flush();
        }
    }

    /**
     * Warns when a classification label has more classes than a label usually has for this many
     * rows (more than 10 and more than the square root of the rows), or classes that are
     * fractional numbers: signs of a feature taken as the label, or of a regression target.
     */
    private static void checkClassCount(Path file, CsvData data, PrintWriter warnings) {
        int k = data.classes().size();
        List<String> fractional = new ArrayList<>();
        for (String c : data.classes()) {
            if (isNumber(c) && !c.matches("[+-]?[0-9]+")) {
                fractional.add(c);
            }
        }
        boolean many = k > 10 && k > Math.sqrt(data.rows());
        if ((many || fractional.size() > 1) && warnings != null) {
            warnings.println("warning: " + file + ": label column '" + data.labelColumn() + "' has " + k + " classes in "
                    + data.rows() + " rows" + (fractional.isEmpty() ? "" : ", fractional numbers such as "
                    + abbreviate(new ArrayList<>(new TreeSet<>(fractional)).subList(0, Math.min(3, fractional.size()))))
                    + ": it looks like a feature or a measurement, not a class label; check the label column "
                    + "(--label-name or --label-index), or give --task regression to predict its values");
            warnings.flush();
        }
    }

    private static boolean isNumber(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(t);
            return !t.endsWith("d") && !t.endsWith("D") && !t.endsWith("f") && !t.endsWith("F");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String abbreviate(List<String> items) {
        return items.size() <= 6 ? String.join(", ", items) : String.join(", ", items.subList(0, 6)) + ", ...";
    }

    private static Table loadIdx(Path images, Path labelFile, int classes, LoadProgress progress) throws IOException {
        DataSet data;
        int k = classes;
        try (LoadProgress.Task task = progress.start(images, "IDX images, with " + labelFile.getFileName())) {
            if (k <= 0) {
                int max = 0;
                for (int label : IdxFile.readLabels(labelFile)) {
                    max = Math.max(max, label);
                }
                k = Math.max(2, max + 1);
            }
            data = IdxFile.readDataSet(images, labelFile, k);
        }
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
