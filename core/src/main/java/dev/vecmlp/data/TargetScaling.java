package dev.vecmlp.data;

import dev.vecmlp.errors.EmptyDataException;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.NonFiniteValueException;
import dev.vecmlp.errors.ShapeMismatchException;

import java.util.Arrays;
import java.util.Objects;

/**
 * Standardisation of regression targets: the network learns {@code t'_j = (t_j - mean_j) / std_j}
 * and predictions are mapped back with {@code t_j = t'_j * std_j + mean_j}. Fitted on the
 * training targets ({@link #standardize}), saved with the model and inverted by
 * {@link dev.vecmlp.model.Mlp#predict} and the predictor, so callers see predictions in the
 * targets' own units. It exists because raw targets far from unit scale (the diabetes data:
 * 25 to 346) make the initial MSE gradients hundreds of times larger than the weights can take:
 * plain SGD at a learning rate of 0.01 diverges on them, and trains normally on the standardised
 * ones. Immutable.
 */
public final class TargetScaling {
    private final float[] mean;
    private final float[] std;

    /** A scaling from explicit means and standard deviations (copied), one per target; deviations finite and > 0. */
    public TargetScaling(float[] mean, float[] std) {
        Objects.requireNonNull(mean, "mean");
        Objects.requireNonNull(std, "std");
        if (mean.length == 0) {
            throw new EmptyDataException("target scaling: expected at least one target, found none");
        }
        if (mean.length != std.length) {
            throw ShapeMismatchException.of("target scaling deviations (one per mean)", mean.length, std.length);
        }
        NonFiniteValueException.requireFinite("target scaling mean", mean, 0, mean.length, mean.length);
        NonFiniteValueException.requireFinite("target scaling std", std, 0, std.length, std.length);
        for (int j = 0; j < std.length; j++) {
            if (!(std[j] > 0)) {
                throw new InvalidConfigurationException("target scaling std of target " + j
                        + ": expected a value > 0, found " + std[j]);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /**
     * Zero mean and unit (population) deviation per target column, fitted on {@code targets}
     * ({@code width} per row); a constant column keeps deviation 1.
     */
    public static TargetScaling standardize(float[] targets, int width) {
        Objects.requireNonNull(targets, "targets");
        InvalidConfigurationException.requirePositive("target width", width);
        if (targets.length == 0) {
            throw new EmptyDataException("targets: expected at least one row to fit a target scaling on, found none");
        }
        if (targets.length % width != 0) {
            throw new ShapeMismatchException("targets: expected a multiple of the width " + width + " values, found "
                    + targets.length);
        }
        NonFiniteValueException.requireFinite("targets", targets, 0, targets.length, width);
        int rows = targets.length / width;
        double[] sum = new double[width];
        for (int i = 0; i < targets.length; i++) {
            sum[i % width] += targets[i];
        }
        double[] sq = new double[width];
        for (int i = 0; i < targets.length; i++) {
            double d = targets[i] - sum[i % width] / rows;
            sq[i % width] += d * d;
        }
        float[] mean = new float[width];
        float[] std = new float[width];
        for (int j = 0; j < width; j++) {
            mean[j] = (float) (sum[j] / rows);
            double s = Math.sqrt(sq[j] / rows);
            std[j] = s > 1e-12 ? (float) s : 1f;
        }
        return new TargetScaling(mean, std);
    }

    /** Fitted on the targets of {@code data}. */
    public static TargetScaling standardize(DataSet data) {
        return standardize(data.targets(), data.targetWidth());
    }

    /** Number of targets. */
    public int width() {
        return mean.length;
    }

    /** A copy of the means. */
    public float[] mean() {
        return mean.clone();
    }

    /** A copy of the standard deviations. */
    public float[] std() {
        return std.clone();
    }

    /** Scales {@code rows} target rows in place: {@code t' = (t - mean) / std}. Allocates nothing. */
    public void apply(float[] targets, int off, int rows) {
        int w = mean.length;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < w; j++) {
                int i = off + r * w + j;
                targets[i] = (targets[i] - mean[j]) / std[j];
            }
        }
    }

    /** Maps {@code rows} network outputs back to target units in place: {@code t = t' std + mean}. Allocates nothing. */
    public void invert(float[] outputs, int off, int rows) {
        int w = mean.length;
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < w; j++) {
                int i = off + r * w + j;
                outputs[i] = outputs[i] * std[j] + mean[j];
            }
        }
    }

    /**
     * A copy of {@code data} with its targets scaled (features and sample weights shared with
     * the original).
     */
    public DataSet applied(DataSet data) {
        if (data.targetWidth() != mean.length) {
            throw ShapeMismatchException.of("data target width (target scaling width)", mean.length, data.targetWidth());
        }
        float[] targets = data.targets().clone();
        apply(targets, 0, data.rows());
        return DataSet.of(data.features(), data.featureWidth(), targets, data.targetWidth())
                .withSampleWeights(data.sampleWeights());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetScaling && Arrays.equals(mean, ((TargetScaling) o).mean)
                && Arrays.equals(std, ((TargetScaling) o).std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "TargetScaling(mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + ")";
    }
}
