package dev.vecmlp.cli.data;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.train.ClassWeights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code --weight-column} and {@code --class-weights} turn into: a CSV feature column
 * taken out of the features and used as per-row sample weights, and class weights parsed from
 * {@code balanced} or {@code CLASS=WEIGHT,...} with classes named as the data names them.
 */
public final class WeightOptions {
    private WeightOptions() {
    }

    /**
     * {@code table} without the feature column {@code column}, whose values become the rows'
     * sample weights (each finite and > 0).
     *
     * @throws InvalidConfigurationException when the column is not among the features, or a weight is bad
     */
    public static Table takeWeightColumn(Table table, String column, String source) {
        List<String> names = table.featureNames();
        int index = names.indexOf(column);
        if (index < 0) {
            throw new InvalidConfigurationException(source + ": --weight-column: expected one of the feature columns "
                    + names + ", found '" + column + "'");
        }
        DataSet d = table.data();
        int in = d.featureWidth();
        if (in == 1) {
            throw new InvalidConfigurationException(source + ": --weight-column '" + column
                    + "' is the only feature column; nothing would be left to learn from");
        }
        float[] x = new float[d.rows() * (in - 1)];
        float[] w = new float[d.rows()];
        for (int r = 0; r < d.rows(); r++) {
            System.arraycopy(d.features(), r * in, x, r * (in - 1), index);
            System.arraycopy(d.features(), r * in + index + 1, x, r * (in - 1) + index, in - 1 - index);
            w[r] = d.features()[r * in + index];
        }
        DataSet weighted;
        try {
            weighted = DataSet.of(x, in - 1, d.targets(), d.targetWidth()).withSampleWeights(w);
        } catch (InvalidConfigurationException e) {
            throw new InvalidConfigurationException(source + ": --weight-column '" + column + "': " + e.getMessage()
                    + " (data row " + (rowOf(e.getMessage()) + 1) + ")");
        }
        List<String> rest = new ArrayList<>(names);
        rest.remove(index);
        return new Table(weighted, rest, table.classes(), table.classification(), table.labelColumn(),
                table.description() + ", sample weights from '" + column + "'");
    }

    private static int rowOf(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("sample (\\d+)").matcher(message);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /**
     * {@code balanced}, or {@code CLASS=WEIGHT,...} where each CLASS is one of {@code classes}
     * (the names the data gives its classes; the IDX readers name them 0, 1, ...); unnamed
     * classes keep weight 1.
     */
    public static ClassWeights parseClassWeights(String spec, List<String> classes) {
        String s = spec.trim();
        if (s.equalsIgnoreCase("balanced")) {
            return ClassWeights.balanced();
        }
        Map<Integer, Double> weights = new LinkedHashMap<>();
        for (String part : s.split(",")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new InvalidConfigurationException("--class-weights: expected 'balanced' or CLASS=WEIGHT,... "
                        + "(for example 1=5,0=1), found '" + part.trim() + "' in '" + spec + "'");
            }
            String name = part.substring(0, eq).trim();
            int c = classes.indexOf(name);
            if (c < 0) {
                throw new InvalidConfigurationException("--class-weights: expected a class name, one of " + classes
                        + ", found '" + name + "'");
            }
            double w;
            try {
                w = Double.parseDouble(part.substring(eq + 1).trim());
            } catch (NumberFormatException e) {
                throw new InvalidConfigurationException("--class-weights: expected a number after '" + name + "=', found '"
                        + part.substring(eq + 1).trim() + "'");
            }
            if (weights.put(c, w) != null) {
                throw new InvalidConfigurationException("--class-weights: class '" + name + "' is given twice");
            }
        }
        return ClassWeights.of(weights);
    }
}
