package dev.vecmlp.data;

import dev.vecmlp.errors.EmptyDataException;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.MalformedDataException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a table of numbers from CSV: a header row naming the columns, then one sample per line.
 * One column (chosen by name or 0-based index) may be the label; every other column is a
 * numeric feature. Labels are either class labels (integers used as class indices, or strings
 * mapped to indices in sorted order, or mapped through a given class list) or regression targets.
 *
 * <p>Cells are separated by a single character (comma by default) and may be quoted with
 * {@code "} (a doubled quote inside stands for one); blank lines are skipped. Every problem is
 * reported as a {@link MalformedDataException} naming the source, the line number (1 is the
 * header) and the column, with what was expected and what was found.
 *
 * <pre>{@code
 * CsvData train = CsvReader.builder().labelColumn("species").build().read(Path.of("iris.csv"));
 * DataSet data = train.toDataSet();
 * }</pre>
 */
public final class CsvReader {
    /** What the label column holds. */
    public enum Task {
        /** Class labels: integers {@code >= 0} used as indices, or any strings mapped to indices. */
        CLASSIFICATION,
        /** A numeric regression target. */
        REGRESSION
    }

    private final char separator;
    private final String labelName;
    private final int labelIndex;
    private final Task task;
    private final List<String> classes;
    private final boolean labelSpecMayBeIndex;
    private final Set<String> skipped;
    private final boolean header;
    private final int skipLines;
    private final int maxClasses;

    /** Default of {@link Builder#maxClasses}: the most classes integer labels may imply. */
    public static final int DEFAULT_MAX_CLASSES = 10_000;

    private CsvReader(Builder b) {
        this.maxClasses = b.maxClasses;
        this.skipped = Set.copyOf(b.skipped);
        this.header = b.header;
        this.skipLines = b.skipLines;
        this.labelSpecMayBeIndex = b.specMayBeIndex;
        this.separator = b.separator;
        this.labelName = b.labelName;
        this.labelIndex = b.labelIndex;
        this.task = b.task;
        this.classes = b.classes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a UTF-8 CSV file. Bytes that are not UTF-8 are a {@link MalformedDataException}
     * naming the line and the byte offset.
     */
    public CsvData read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /** Reads UTF-8 CSV bytes from {@code in} (not closed), as {@link #read(Path)} does. */
    CsvData read(InputStream in, String source) throws IOException {
        return read(new Utf8Lines(in, source), source);
    }

    /**
     * Reads CSV text; {@code source} names it in error messages. A decoding failure of the
     * reader (a {@link CharacterCodingException}) is a {@link MalformedDataException} naming
     * the line being read.
     */
    public CsvData read(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader ? (BufferedReader) reader : new BufferedReader(reader);
        int[] lines = {0};
        return read(() -> {
            try {
                String line = in.readLine();
                lines[0]++;
                return line;
            } catch (CharacterCodingException e) {
                throw new MalformedDataException(source + ": line " + (lines[0] + 1) + " (or the lines just after it): "
                        + "expected text in the reader's encoding, found bytes it cannot decode (" + e + ")", e);
            }
        }, source);
    }

    /** The next line without its terminator, or null at the end. */
    private interface LineSource {
        String readLine() throws IOException;
    }

    private CsvData read(LineSource in, String source) throws IOException {
        int lineNumber = 0;
        String line;
        List<String> header = null;
        List<String> firstRow = null;
        int headerLine = 0;
        while ((line = in.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1);
            }
            if (lineNumber > skipLines && !line.isBlank()) {
                header = split(line, source, lineNumber);
                headerLine = lineNumber;
                break;
            }
        }
        if (header == null) {
            throw new EmptyDataException(source + ": expected " + (this.header ? "a header row naming the columns"
                    : "a data row") + (skipLines > 0 ? " after the " + skipLines + " skipped lines" : "")
                    + ", found " + (lineNumber == 0 ? "an empty file" : "none"));
        }
        if (!this.header) {
            // Without a header the columns are named by their 0-based index, and the first row is data.
            firstRow = header;
            List<String> names = new ArrayList<>(header.size());
            for (int c = 0; c < header.size(); c++) {
                names.add(Integer.toString(c));
            }
            header = names;
        }
        int label = resolveLabel(header, source);
        boolean[] skip = new boolean[header.size()];
        int width = 0;
        for (int c = 0; c < header.size(); c++) {
            skip[c] = c != label && skipped.contains(header.get(c).trim());
            width += c != label && !skip[c] ? 1 : 0;
        }
        if (width == 0) {
            throw new EmptyDataException(source + ": expected at least one feature column besides the label, found "
                    + "only " + header);
        }
        List<String> featureNames = new ArrayList<>(width);
        for (int c = 0; c < header.size(); c++) {
            if (c != label && !skip[c]) {
                featureNames.add(header.get(c));
            }
        }

        FloatList features = new FloatList();
        FloatList targets = new FloatList();
        List<String> labelCells = new ArrayList<>();
        int[] labelLines = new int[16];
        int rows = 0;
        while (firstRow != null || (line = in.readLine()) != null) {
            List<String> cells;
            if (firstRow != null) {
                cells = firstRow;
                firstRow = null;
            } else {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                cells = split(line, source, lineNumber);
            }
            if (cells.size() != header.size()) {
                throw new MalformedDataException(source + ": line " + lineNumber + ": expected " + header.size()
                        + " cells as in " + (this.header ? "the header" : "the first row") + " (line " + headerLine
                        + "), found " + cells.size() + (rows == 0 && this.header ? "; if line " + headerLine
                        + " is not a header row, read the file with header(false) (and skipLines(n) to skip lines"
                        + " before the data)" : ""));
            }
            for (int c = 0; c < cells.size(); c++) {
                if (c == label) {
                    if (task == Task.REGRESSION) {
                        targets.add(number(cells.get(c), source, lineNumber, c, header.get(c)));
                    } else {
                        labelCells.add(cells.get(c).trim());
                    }
                } else if (!skip[c]) {
                    features.add(number(cells.get(c), source, lineNumber, c, header.get(c)));
                }
            }
            if (rows == labelLines.length) {
                labelLines = Arrays.copyOf(labelLines, rows * 2);
            }
            labelLines[rows++] = lineNumber;
        }
        if (rows == 0) {
            throw new EmptyDataException(source + ": expected at least one data row after the header, found none");
        }
        String labelColumn = label >= 0 ? header.get(label) : null;
        if (label < 0) {
            return new CsvData(featureNames, features.toArray(), rows, null, null, List.of(), null);
        }
        if (task == Task.REGRESSION) {
            return new CsvData(featureNames, features.toArray(), rows, labelColumn, null, List.of(), targets.toArray());
        }
        List<String> classList = classes != null ? classes
                : inferClasses(labelCells, labelLines, maxClasses, source, labelColumn);
        Map<String, Integer> index = new HashMap<>();
        for (int k = 0; k < classList.size(); k++) {
            index.put(classList.get(k), k);
        }
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            Integer k = index.get(labelCells.get(r));
            if (k == null) {
                throw new MalformedDataException(source + ": line " + labelLines[r] + ", column '" + labelColumn
                        + "': expected a class label among " + abbreviate(classList, "classes") + ", found '"
                        + labelCells.get(r) + "'");
            }
            labels[r] = k;
        }
        return new CsvData(featureNames, features.toArray(), rows, labelColumn, labels, classList, null);
    }

    /**
     * Classes in index order: when every label is a whole number {@code >= 0}, the numbers
     * {@code 0..max} (so label {@code k} is class {@code k}); otherwise the distinct labels sorted.
     */
    private static List<String> inferClasses(List<String> cells, int[] lines, int maxClasses, String source,
            String labelColumn) {
        int max = -1;
        int maxRow = -1;
        boolean integers = true;
        for (int r = 0; r < cells.size(); r++) {
            int value = parseClassIndex(cells.get(r));
            if (value < 0) {
                integers = false;
                break;
            }
            if (value > max) {
                max = value;
                maxRow = r;
            }
        }
        List<String> list = new ArrayList<>();
        if (integers) {
            if (max >= maxClasses) {
                throw new MalformedDataException(source + ": line " + lines[maxRow] + ", column '" + labelColumn
                        + "': expected an integer class label below " + maxClasses + " (label k implies classes 0 to k;"
                        + " raise the limit with CsvReader.Builder.maxClasses, or give the classes), found '"
                        + cells.get(maxRow) + "'");
            }
            for (int k = 0; k <= max; k++) {
                list.add(Integer.toString(k));
            }
        } else {
            list.addAll(new TreeSet<>(cells));
        }
        return Collections.unmodifiableList(list);
    }

    /** The cell as a canonical non-negative integer ("0", "7", not "07" or "+7"), or -1. */
    private static int parseClassIndex(String cell) {
        if (cell.isEmpty() || cell.length() > 9 || (cell.length() > 1 && cell.charAt(0) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < cell.length(); i++) {
            char ch = cell.charAt(i);
            if (ch < '0' || ch > '9') {
                return -1;
            }
            value = value * 10 + (ch - '0');
        }
        return value;
    }

    private static String abbreviate(List<String> list, String noun) {
        return list.size() <= 12 ? list.toString()
                : list.subList(0, 12).toString().replace("]", ", ... (" + list.size() + " " + noun + ")]");
    }

    private int resolveLabel(List<String> header, String source) {
        if (labelName != null) {
            int found = -1;
            for (int c = 0; c < header.size(); c++) {
                if (header.get(c).trim().equals(labelName)) {
                    if (found >= 0) {
                        throw new InvalidConfigurationException(source + ": label column '" + labelName
                                + "': expected one column of that name, found columns " + found + " and " + c);
                    }
                    found = c;
                }
            }
            int index = labelSpecMayBeIndex ? parseClassIndex(labelName) : -1;
            if (found < 0 && index >= 0) {
                return checkedIndex(index, header, source);
            }
            if (found >= 0 && index >= 0 && index < header.size() && index != found) {
                throw new InvalidConfigurationException(source + ": label column '" + labelName + "' is ambiguous: "
                        + "expected a header name or a 0-based index, found both: the header names column " + found
                        + " '" + labelName + "', and index " + index + " is column '" + header.get(index)
                        + "'; choose with labelColumn(String) for the name or labelColumn(int) for the index");
            }
            if (found < 0) {
                throw new InvalidConfigurationException(source + ": label column '" + labelName + "': expected a "
                        + "header column of that name" + (labelSpecMayBeIndex ? " or a 0-based index" : "")
                        + ", found none among the header's columns " + abbreviate(header, "columns"));
            }
            return found;
        }
        return labelIndex < 0 ? -1 : checkedIndex(labelIndex, header, source);
    }

    private static int checkedIndex(int labelIndex, List<String> header, String source) {
        if (labelIndex >= header.size()) {
            throw new InvalidConfigurationException(source + ": label column index: expected 0 to "
                    + (header.size() - 1) + " (the header has " + header.size() + " columns), found " + labelIndex);
        }
        return labelIndex;
    }

    private static float number(String cell, String source, int line, int column, String name) {
        String text = cell.trim();
        float value;
        try {
            if (text.isEmpty()) {
                throw new NumberFormatException();
            }
            value = Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw new MalformedDataException(source + ": line " + line + ", column " + (column + 1) + " '" + name
                    + "': expected a number, found '" + cell + "'");
        }
        if (!Float.isFinite(value)) {
            throw new MalformedDataException(source + ": line " + line + ", column " + (column + 1) + " '" + name
                    + "': expected a finite number, found '" + cell + "'");
        }
        return value;
    }

    /** Splits one line into cells, honouring double quotes. */
    List<String> split(String line, String source, int lineNumber) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (i < line.length()) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"' && cell.toString().isBlank()) {
                quoted = true;
                cell.setLength(0);
            } else if (ch == separator) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
            i++;
        }
        if (quoted) {
            throw new MalformedDataException(source + ": line " + lineNumber + ", column " + (cells.size() + 1)
                    + ": expected a closing quote, found the end of the line");
        }
        cells.add(cell.toString());
        return cells;
    }

    /** A growable float array, so reading does not box every value. */
    private static final class FloatList {
        private float[] values = new float[1024];
        private int size;

        void add(float value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, Math.multiplyExact(size, 2));
            }
            values[size++] = value;
        }

        float[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    /**
     * Lines of a UTF-8 byte stream, split at {@code \n}, {@code \r} or {@code \r\n} as
     * {@link BufferedReader#readLine} does, each decoded strictly, so a bad byte is reported with
     * its exact line and byte offset. Memory grows with the longest line read.
     */
    private static final class Utf8Lines implements LineSource {
        private final InputStream in;
        private final String source;
        private final byte[] buffer = new byte[1 << 16];
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        private byte[] line = new byte[256];
        private int start;
        private int end;
        private long offset;
        private int lineNumber;

        Utf8Lines(InputStream in, String source) {
            this.in = in;
            this.source = source;
        }

        private int next() throws IOException {
            if (start == end) {
                end = in.read(buffer, 0, buffer.length);
                start = 0;
                if (end <= 0) {
                    end = 0;
                    return -1;
                }
            }
            offset++;
            return buffer[start++] & 0xff;
        }

        @Override
        public String readLine() throws IOException {
            long lineOffset = offset;
            int length = 0;
            int b = next();
            if (b < 0) {
                return null;
            }
            while (b >= 0 && b != '\n' && b != '\r') {
                if (length == line.length) {
                    line = Arrays.copyOf(line, Math.multiplyExact(length, 2));
                }
                line[length++] = (byte) b;
                b = next();
            }
            if (b == '\r') {
                int after = next();
                if (after >= 0 && after != '\n') {
                    start--; // not part of this line's terminator: read it again
                    offset--;
                }
            }
            lineNumber++;
            try {
                return decoder.decode(java.nio.ByteBuffer.wrap(line, 0, length)).toString();
            } catch (CharacterCodingException e) {
                int bad = firstBadByte(length);
                throw new MalformedDataException(String.format("%s: line %d, byte offset %d: expected UTF-8 text, "
                        + "found byte 0x%02x that is not valid UTF-8 there", source, lineNumber, lineOffset + bad,
                        line[bad] & 0xff), e);
            }
        }

        /** Position of the first byte in {@code line} where strict UTF-8 decoding fails. */
        private int firstBadByte(int length) {
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(line, 0, length);
            java.nio.CharBuffer chars = java.nio.CharBuffer.allocate(length);
            decoder.reset();
            decoder.decode(bytes, chars, true);
            return Math.min(bytes.position(), Math.max(length - 1, 0));
        }
    }

    /** Options of a {@link CsvReader}. Defaults: comma-separated, no label column, classification. */
    public static final class Builder {
        private char separator = ',';
        private String labelName;
        private int labelIndex = -1;
        private Task task = Task.CLASSIFICATION;
        private List<String> classes;
        private boolean specMayBeIndex;
        private final Set<String> skipped = new HashSet<>();
        private boolean header = true;
        private int skipLines;
        private int maxClasses = DEFAULT_MAX_CLASSES;

        private Builder() {
        }

        /**
         * Whether the first row (after {@link #skipLines(int) skipped lines}) is a header naming
         * the columns (the default). Without one, every row is data and the columns are named
         * by their 0-based index ("0", "1", ...).
         */
        public Builder header(boolean present) {
            this.header = present;
            return this;
        }

        /** Lines to ignore at the start of the file, before the header or the data (e.g. a count line). */
        public Builder skipLines(int lines) {
            if (lines < 0) {
                throw new InvalidConfigurationException("lines to skip: expected >= 0, found " + lines);
            }
            this.skipLines = lines;
            return this;
        }

        /**
         * The most classes that integer labels may imply (label {@code k} means classes
         * {@code 0..k}); a larger label is a {@link MalformedDataException} naming its line.
         * Default {@link #DEFAULT_MAX_CLASSES}. Does not limit string labels (each distinct one
         * is a class of its own, so they are bounded by the rows read).
         */
        public Builder maxClasses(int maxClasses) {
            if (maxClasses < 1) {
                throw new InvalidConfigurationException("max classes: expected >= 1, found " + maxClasses);
            }
            this.maxClasses = maxClasses;
            return this;
        }

        public Builder separator(char separator) {
            if (separator == '"' || separator == '\n' || separator == '\r') {
                throw new InvalidConfigurationException("CSV separator: expected a character other than a quote "
                        + "or line break, found " + (int) separator);
            }
            this.separator = separator;
            return this;
        }

        /** The label column by its header name. */
        public Builder labelColumn(String name) {
            this.labelName = Objects.requireNonNull(name, "label column name");
            this.labelIndex = -1;
            this.specMayBeIndex = false;
            return this;
        }

        /** The label column by 0-based index. */
        public Builder labelColumn(int index) {
            if (index < 0) {
                throw new InvalidConfigurationException("label column index: expected >= 0, found " + index);
            }
            this.labelIndex = index;
            this.labelName = null;
            this.specMayBeIndex = false;
            return this;
        }

        /**
         * The label column given as text: a header name, or else a 0-based index when it is a
         * whole number and no column has that name. Resolved against the header when reading.
         */
        public Builder labelColumnSpec(String spec) {
            Objects.requireNonNull(spec, "label column");
            this.labelName = spec;
            this.labelIndex = -1;
            this.specMayBeIndex = true;
            return this;
        }

        /** Reads every column as a feature (for prediction inputs). */
        public Builder noLabel() {
            this.labelName = null;
            this.labelIndex = -1;
            this.specMayBeIndex = false;
            return this;
        }

        /**
         * Columns to leave out entirely (not parsed) when the header has them, e.g. a label
         * column in prediction inputs; names the header lacks are ignored.
         */
        public Builder skipColumns(Collection<String> names) {
            for (String name : names) {
                skipped.add(Objects.requireNonNull(name, "column name"));
            }
            return this;
        }

        public Builder task(Task task) {
            this.task = Objects.requireNonNull(task, "task");
            return this;
        }

        /**
         * Fixes the class list: label {@code classes.get(k)} is class {@code k}, and any other
         * label is an error. Use the training run's classes when reading a test set.
         */
        public Builder classes(List<String> classes) {
            if (classes.isEmpty()) {
                throw new InvalidConfigurationException("classes: expected at least one class, found none");
            }
            this.classes = List.copyOf(classes);
            return this;
        }

        public CsvReader build() {
            return new CsvReader(this);
        }
    }
}
