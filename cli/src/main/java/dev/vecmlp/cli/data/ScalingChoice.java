package dev.vecmlp.cli.data;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.InputScaling;

/**
 * The input scaling {@code --scale} asks for, fitted on the training features only. AUTO is
 * none for IDX images (already scaled to [0, 1] by the reader) and standardisation for CSV.
 */
public enum ScalingChoice {
    AUTO, NONE, STANDARDIZE, MINMAX;

    /** The lower-case name, as the options accept and the help lists it. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The scaling fitted on {@code train}, or {@code null} for none. */
    public InputScaling fit(DataSet train, boolean csv) {
        ScalingChoice resolved = this == AUTO ? (csv ? STANDARDIZE : NONE) : this;
        switch (resolved) {
            case STANDARDIZE:
                return InputScaling.standardize(train.features(), train.featureWidth());
            case MINMAX:
                return InputScaling.minMax(train.features(), train.featureWidth());
            default:
                return null;
        }
    }

    /** {@code data} with {@code scaling} applied to its features (the same data when scaling is null). */
    public static DataSet apply(InputScaling scaling, DataSet data) {
        if (scaling == null || data == null) {
            return data;
        }
        return DataSet.of(scaling.applied(data.features()), data.featureWidth(), data.targets(), data.targetWidth())
                .withSampleWeights(data.sampleWeights());
    }
}
