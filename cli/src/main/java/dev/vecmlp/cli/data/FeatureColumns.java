package dev.vecmlp.cli.data;

import dev.vecmlp.errors.ShapeMismatchException;

import java.util.ArrayList;
import java.util.List;

/**
 * Picks a model's input columns out of a CSV table: by name when the model knows its feature
 * names (so column order and extra columns do not matter), otherwise every column but the label.
 */
public final class FeatureColumns {
    private FeatureColumns() {
    }

    /**
     * The rows of a table ({@code rows x header.size()} values) restricted to the model's
     * features, row-major.
     *
     * @param wanted      the model's feature names, or empty when unknown
     * @param labelColumn a column to leave out when present (may be {@code null})
     * @param inputWidth  the model's input width
     */
    public static float[] select(List<String> header, float[] values, int rows, List<String> wanted, String labelColumn,
                                 int inputWidth, String source) {
        List<Integer> columns = new ArrayList<>(inputWidth);
        if (!wanted.isEmpty()) {
            List<String> missing = new ArrayList<>();
            for (String name : wanted) {
                int c = header.indexOf(name);
                if (c < 0) {
                    missing.add(name);
                }
                columns.add(c);
            }
            if (!missing.isEmpty()) {
                throw new ShapeMismatchException(source + ": expected the model's feature columns " + abbreviate(wanted)
                        + ", found no column named " + abbreviate(missing));
            }
        } else {
            for (int c = 0; c < header.size(); c++) {
                if (!header.get(c).equals(labelColumn)) {
                    columns.add(c);
                }
            }
        }
        if (columns.size() != inputWidth) {
            throw new ShapeMismatchException(source + ": expected " + inputWidth + " feature columns for the model, found "
                    + columns.size() + (labelColumn != null ? " (besides the label column '" + labelColumn + "')" : ""));
        }
        int width = header.size();
        float[] out = new float[rows * inputWidth];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < inputWidth; j++) {
                out[r * inputWidth + j] = values[r * width + columns.get(j)];
            }
        }
        return out;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 8 ? names.toString() : names.subList(0, 8) + " and " + (names.size() - 8) + " more";
    }
}
