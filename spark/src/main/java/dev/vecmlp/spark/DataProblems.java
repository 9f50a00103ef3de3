package dev.vecmlp.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts of unusable input rows by kind (null features, non-finite features, wrong vector width,
 * null or invalid labels, null or invalid sample weights), each with its first example, gathered while a partition is converted
 * and merged on the driver into one message that names the column, the count and an example.
 */
final class DataProblems implements Serializable {
    private static final long serialVersionUID = 1L;

    enum Kind {
        NULL_FEATURES, NON_FINITE_FEATURES, WRONG_WIDTH, NULL_LABEL, BAD_LABEL, NULL_WEIGHT, BAD_WEIGHT
    }

    private final long[] counts = new long[Kind.values().length];
    private final String[] firsts = new String[Kind.values().length];

    void add(Kind kind, String example) {
        if (counts[kind.ordinal()]++ == 0) {
            firsts[kind.ordinal()] = example;
        }
    }

    boolean isEmpty() {
        for (long c : counts) {
            if (c != 0) {
                return false;
            }
        }
        return true;
    }

    long count(Kind kind) {
        return counts[kind.ordinal()];
    }

    /** Adds {@code other}'s counts; this block's examples stay when both have one. */
    void merge(DataProblems other) {
        for (int k = 0; k < counts.length; k++) {
            if (counts[k] == 0) {
                firsts[k] = other.firsts[k];
            }
            counts[k] += other.counts[k];
        }
    }

    /** One message for all problems, naming the columns and what was expected. */
    String describe(String featuresCol, String labelCol, String weightCol, int width, String labelExpectation) {
        List<String> parts = new ArrayList<>();
        add(parts, Kind.NULL_FEATURES, "features column '" + featuresCol + "': expected a vector in every row, found null in");
        add(parts, Kind.NON_FINITE_FEATURES, "features column '" + featuresCol + "': expected finite values, found NaN or infinity in");
        add(parts, Kind.WRONG_WIDTH, "features column '" + featuresCol + "': expected vectors of " + width + " values, found another size in");
        add(parts, Kind.NULL_LABEL, "label column '" + labelCol + "': expected a value in every row, found null in");
        add(parts, Kind.BAD_LABEL, "label column '" + labelCol + "': expected " + labelExpectation + ", found other values in");
        add(parts, Kind.NULL_WEIGHT, "weight column '" + weightCol + "': expected a value in every row, found null in");
        add(parts, Kind.BAD_WEIGHT, "weight column '" + weightCol + "': expected a finite weight > 0 (as a float), found"
                + " zero, negative, NaN or infinite ones in");
        return String.join("; ", parts) + " (nothing was trained)";
    }

    private void add(List<String> parts, Kind kind, String text) {
        long c = counts[kind.ordinal()];
        if (c > 0) {
            parts.add(text + " " + c + (c == 1 ? " row" : " rows") + " (first: " + firsts[kind.ordinal()] + ")");
        }
    }
}
