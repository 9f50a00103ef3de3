package dev.vecmlp.data;

import dev.vecmlp.errors.InvalidConfigurationException;

import java.util.SplittableRandom;

/**
 * Splits a data set in two, e.g. training and validation rows. The split is a seeded random
 * permutation, so the same seed gives the same split, and neither part shares arrays with
 * the source.
 */
public final class DataSplits {
    private DataSplits() {
    }

    /** The two parts of a split. */
    public record Split(DataSet first, DataSet second) {
    }

    /**
     * Shuffles the rows with {@code seed} and puts {@code round(rows * secondShare)} of them
     * (at least 1 and at most rows - 1) into the second part.
     */
    public static Split shuffled(DataSet data, double secondShare, long seed) {
        if (!(secondShare > 0 && secondShare < 1)) {
            throw new InvalidConfigurationException("split share: expected a value strictly between 0 and 1, found "
                    + secondShare);
        }
        int rows = data.rows();
        if (rows < 2) {
            throw new InvalidConfigurationException("split: expected at least 2 rows to split, found " + rows);
        }
        int second = (int) Math.max(1, Math.min(rows - 1, Math.round(rows * secondShare)));
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return new Split(gather(data, order, 0, rows - second), gather(data, order, rows - second, rows));
    }

    /** The first {@code count} rows, copied. */
    public static DataSet head(DataSet data, int count) {
        InvalidConfigurationException.requirePositive("row count", count);
        int n = Math.min(count, data.rows());
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return gather(data, order, 0, n);
    }

    private static DataSet gather(DataSet data, int[] order, int from, int to) {
        int in = data.featureWidth();
        int out = data.targetWidth();
        float[] x = new float[(to - from) * in];
        float[] y = new float[(to - from) * out];
        float[] weights = data.sampleWeights();
        float[] w = weights == null ? null : new float[to - from];
        for (int r = from; r < to; r++) {
            System.arraycopy(data.features(), order[r] * in, x, (r - from) * in, in);
            System.arraycopy(data.targets(), order[r] * out, y, (r - from) * out, out);
            if (w != null) {
                w[r - from] = weights[order[r]];
            }
        }
        return DataSet.of(x, in, y, out).withSampleWeights(w);
    }
}
