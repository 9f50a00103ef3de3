package dev.vecmlp.data;

import dev.vecmlp.errors.EmptyDataException;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.NonFiniteValueException;
import dev.vecmlp.errors.ShapeMismatchException;

import java.util.Arrays;
import java.util.Objects;

/**
 * A per-feature affine map applied to inputs before the network: {@code x'_j = (x_j - shift_j) * scale_j}.
 * Fitted on training data ({@link #standardize} or {@link #minMax}), saved with the model and
 * applied automatically by the predictor, so a served model sees inputs as it did in training.
 * Immutable.
 */
public final class InputScaling {
    private final float[] shift;
    private final float[] scale;

    /** A scaling from explicit shifts and scales (copied), one per feature, all finite. */
    public InputScaling(float[] shift, float[] scale) {
        Objects.requireNonNull(shift, "shift");
        Objects.requireNonNull(scale, "scale");
        if (shift.length == 0) {
            throw new EmptyDataException("input scaling: expected at least one feature, found none");
        }
        if (shift.length != scale.length) {
            throw ShapeMismatchException.of("input scaling scales (one per shift)", shift.length, scale.length);
        }
        NonFiniteValueException.requireFinite("input scaling shift", shift, 0, shift.length, shift.length);
        NonFiniteValueException.requireFinite("input scaling scale", scale, 0, scale.length, scale.length);
        this.shift = shift.clone();
        this.scale = scale.clone();
    }

    /** Standardisation fitted on {@code data}: zero mean, unit variance per feature (constant features keep scale 1). */
    public static InputScaling standardize(float[] features, int width) {
        int rows = checkData(features, width);
        double[] mean = new double[width];
        double[] sq = new double[width];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                mean[j] += features[r * width + j];
            }
        }
        for (int j = 0; j < width; j++) {
            mean[j] /= rows;
        }
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                double d = features[r * width + j] - mean[j];
                sq[j] += d * d;
            }
        }
        float[] shift = new float[width];
        float[] scale = new float[width];
        for (int j = 0; j < width; j++) {
            double std = Math.sqrt(sq[j] / rows);
            shift[j] = (float) mean[j];
            scale[j] = std > 1e-12 ? (float) (1 / std) : 1f;
        }
        return new InputScaling(shift, scale);
    }

    /** Min-max scaling to {@code [0, 1]} per feature fitted on {@code data} (constant features keep scale 1). */
    public static InputScaling minMax(float[] features, int width) {
        int rows = checkData(features, width);
        float[] min = new float[width];
        float[] max = new float[width];
        Arrays.fill(min, Float.POSITIVE_INFINITY);
        Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                float v = features[r * width + j];
                min[j] = Math.min(min[j], v);
                max[j] = Math.max(max[j], v);
            }
        }
        float[] scale = new float[width];
        for (int j = 0; j < width; j++) {
            float range = max[j] - min[j];
            scale[j] = range > 0 ? 1f / range : 1f;
        }
        return new InputScaling(min, scale);
    }

    private static int checkData(float[] features, int width) {
        Objects.requireNonNull(features, "features");
        InvalidConfigurationException.requirePositive("feature width", width);
        if (features.length == 0) {
            throw new EmptyDataException("features: expected at least one row to fit a scaling on, found none");
        }
        if (features.length % width != 0) {
            throw new ShapeMismatchException("features: expected a multiple of the width " + width + " values, found "
                    + features.length);
        }
        NonFiniteValueException.requireFinite("features", features, 0, features.length, width);
        return features.length / width;
    }

    /** Number of features. */
    public int width() {
        return shift.length;
    }

    /** A copy of the shifts. */
    public float[] shift() {
        return shift.clone();
    }

    /** A copy of the scales. */
    public float[] scale() {
        return scale.clone();
    }

    /**
     * Scales {@code rows} rows from {@code in[inOff]} into {@code out[outOff]} (which may be the
     * same place). Allocates nothing.
     *
     * @throws ShapeMismatchException when {@code rows} is negative or either array is too short
     *                                for {@code rows} rows from its offset (nothing is written then)
     */
    public void apply(float[] in, int inOff, int rows, float[] out, int outOff) {
        int w = shift.length;
        Objects.requireNonNull(in, "inputs");
        Objects.requireNonNull(out, "outputs");
        if (rows < 0) {
            throw new ShapeMismatchException("input scaling rows: expected >= 0, found " + rows);
        }
        long need = (long) rows * w;
        if (inOff < 0 || inOff + need > in.length) {
            throw new ShapeMismatchException("input scaling inputs: expected " + rows + " rows x " + w + " = " + need
                    + " values from offset " + inOff + ", found an array of length " + in.length);
        }
        if (outOff < 0 || outOff + need > out.length) {
            throw new ShapeMismatchException("input scaling outputs: expected room for " + rows + " rows x " + w + " = "
                    + need + " values from offset " + outOff + ", found an array of length " + out.length);
        }
        for (int r = 0; r < rows; r++) {
            int base = r * w;
            for (int j = 0; j < w; j++) {
                out[outOff + base + j] = (in[inOff + base + j] - shift[j]) * scale[j];
            }
        }
    }

    /** A new array holding {@code features} scaled (all rows). */
    public float[] applied(float[] features) {
        if (features.length % shift.length != 0) {
            throw new ShapeMismatchException("features: expected a multiple of the scaling width " + shift.length
                    + " values, found " + features.length);
        }
        float[] out = new float[features.length];
        apply(features, 0, features.length / shift.length, out, 0);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputScaling && Arrays.equals(shift, ((InputScaling) o).shift)
                && Arrays.equals(scale, ((InputScaling) o).scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shift) + Arrays.hashCode(scale);
    }
}
