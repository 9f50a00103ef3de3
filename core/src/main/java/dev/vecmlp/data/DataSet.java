package dev.vecmlp.data;

import dev.vecmlp.errors.EmptyDataException;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.LabelOutOfRangeException;
import dev.vecmlp.errors.NonFiniteValueException;
import dev.vecmlp.errors.ShapeMismatchException;

import java.util.Objects;

/**
 * An in-memory, validated data set: {@code rows} samples of {@code featureWidth} features and
 * {@code targetWidth} targets, both row-major {@code float[]}. Validation (shapes, finiteness,
 * label ranges) happens once here, so training steps need not repeat it.
 *
 * <p>A data set may carry one weight per sample ({@link #withSampleWeights}): losses then become
 * weighted means {@code sum_i w_i l_i / sum_i w_i} over each batch. Weights are checked here
 * once (finite and positive).
 *
 * <p>The arrays are used as given, not copied: do not change them while training.
 */
public final class DataSet {
    private final float[] features;
    private final float[] targets;
    private final int rows;
    private final int featureWidth;
    private final int targetWidth;
    private final float[] sampleWeights;

    private DataSet(float[] features, int featureWidth, float[] targets, int targetWidth) {
        this(features, featureWidth, targets, targetWidth, null);
    }

    private DataSet(float[] features, int featureWidth, float[] targets, int targetWidth, float[] sampleWeights) {
        this.sampleWeights = sampleWeights;
        this.features = features;
        this.targets = targets;
        this.featureWidth = featureWidth;
        this.targetWidth = targetWidth;
        this.rows = features.length / featureWidth;
    }

    /**
     * A data set with real-valued targets (regression, binary or multi-label targets, or
     * one-hot rows given directly).
     */
    public static DataSet of(float[] features, int featureWidth, float[] targets, int targetWidth) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(targets, "targets");
        InvalidConfigurationException.requirePositive("feature width", featureWidth);
        InvalidConfigurationException.requirePositive("target width", targetWidth);
        int rows = checkRows(features, featureWidth);
        if (targets.length != (long) rows * targetWidth) {
            throw new ShapeMismatchException("targets: expected " + rows + " rows x " + targetWidth + " = "
                    + ((long) rows * targetWidth) + " values to match the " + rows + " feature rows, found "
                    + targets.length);
        }
        NonFiniteValueException.requireFinite("features", features, 0, features.length, featureWidth);
        NonFiniteValueException.requireFinite("targets", targets, 0, targets.length, targetWidth);
        return new DataSet(features, featureWidth, targets, targetWidth);
    }

    /** A classification data set: integer labels in {@code [0, classes)} become one-hot target rows. */
    public static DataSet ofClasses(float[] features, int featureWidth, int[] labels, int classes) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        InvalidConfigurationException.requirePositive("feature width", featureWidth);
        InvalidConfigurationException.requirePositive("number of classes", classes);
        int rows = checkRows(features, featureWidth);
        if (labels.length != rows) {
            throw ShapeMismatchException.of("labels (one per feature row)", rows, labels.length);
        }
        return of(features, featureWidth, oneHot(labels, classes), classes);
    }

    /**
     * This data set with one weight per sample (the array is used as given, not copied), or
     * without weights when {@code weights} is null. A weight of 2 counts a sample as if it
     * appeared twice in a batch.
     *
     * @throws ShapeMismatchException      when there is not exactly one weight per row
     * @throws InvalidConfigurationException when a weight is zero, negative or not finite
     *                                     (naming the sample index)
     */
    public DataSet withSampleWeights(float[] weights) {
        if (weights != null) {
            requireSampleWeights(weights, 0, rows, rows);
        }
        return new DataSet(features, featureWidth, targets, targetWidth, weights);
    }

    /**
     * Checks that {@code weights[off, off + rows)} are finite and positive, and that the array
     * holds exactly {@code expected} weights from {@code off} when {@code expected >= 0}.
     */
    public static void requireSampleWeights(float[] weights, int off, int rows, int expected) {
        Objects.requireNonNull(weights, "sample weights");
        if (expected >= 0 && weights.length - off != expected) {
            throw ShapeMismatchException.of("sample weights (one per row)", expected, weights.length - off);
        }
        if (off < 0 || (long) off + rows > weights.length) {
            throw new ShapeMismatchException("sample weights: expected " + rows + " values from offset " + off
                    + ", found an array of length " + weights.length);
        }
        for (int i = 0; i < rows; i++) {
            float w = weights[off + i];
            if (!(w > 0) || !Float.isFinite(w)) {
                throw new InvalidConfigurationException("sample weight of sample " + i
                        + ": expected a finite value > 0, found " + w);
            }
        }
    }

    /** Whether this data set carries sample weights. */
    public boolean hasSampleWeights() {
        return sampleWeights != null;
    }

    /** The sample weights, one per row (live array), or {@code null} when there are none. */
    public float[] sampleWeights() {
        return sampleWeights;
    }

    /** One-hot rows for labels in {@code [0, classes)}. */
    public static float[] oneHot(int[] labels, int classes) {
        float[] targets = new float[Math.multiplyExact(labels.length, classes)];
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i];
            if (label < 0 || label >= classes) {
                throw new LabelOutOfRangeException("label at row " + i + ": expected a class in [0, " + classes
                        + "), found " + label);
            }
            targets[i * classes + label] = 1f;
        }
        return targets;
    }

    private static int checkRows(float[] features, int featureWidth) {
        if (features.length == 0) {
            throw new EmptyDataException("features: expected at least one row of " + featureWidth + " values, found none");
        }
        if (features.length % featureWidth != 0) {
            throw new ShapeMismatchException("features: expected a multiple of the feature width " + featureWidth
                    + " values, found " + features.length);
        }
        return features.length / featureWidth;
    }

    public int rows() {
        return rows;
    }

    public int featureWidth() {
        return featureWidth;
    }

    public int targetWidth() {
        return targetWidth;
    }

    /** The features, row-major (live array). */
    public float[] features() {
        return features;
    }

    /** The targets, row-major (live array). */
    public float[] targets() {
        return targets;
    }

    /** Index of the largest target in row {@code r} (the class of a one-hot row). */
    public int targetClass(int r) {
        ShapeMismatchException.checkIndex("row index", r, rows(), "rows");
        return argmax(targets, r * targetWidth, targetWidth);
    }

    /** Index of the largest of {@code n} values from {@code off} (first one on ties). */
    public static int argmax(float[] values, int off, int n) {
        if (n < 1 || off < 0 || (long) off + n > values.length) {
            throw new ShapeMismatchException("argmax: expected 1 or more values inside the array (length "
                    + values.length + "), found " + n + " values from offset " + off);
        }
        int best = 0;
        for (int j = 1; j < n; j++) {
            if (values[off + j] > values[off + best]) {
                best = j;
            }
        }
        return best;
    }
}
