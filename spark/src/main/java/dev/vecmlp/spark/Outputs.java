package dev.vecmlp.spark;

import dev.vecmlp.model.Activation;
import org.apache.spark.ml.linalg.Vectors;

/**
 * The appended columns of scoring, computed from the output layer's raw values (logits): for a
 * classifier the raw vector, the output activation's values (softmax probabilities; per-class
 * sigmoid values) and the arg-max class; for a regressor the activated output. Columns whose name
 * is empty are left out.
 */
final class Outputs {
    private Outputs() {
    }

    /** Applies {@code activation} to {@code n} raw values into {@code dst}. */
    static void activate(Activation activation, float[] raw, int off, int n, double[] dst) {
        switch (activation) {
            case SOFTMAX -> {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    max = Math.max(max, raw[off + j]);
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    dst[j] = Math.exp(raw[off + j] - max);
                    sum += dst[j];
                }
                for (int j = 0; j < n; j++) {
                    dst[j] /= sum;
                }
            }
            case SIGMOID -> {
                for (int j = 0; j < n; j++) {
                    dst[j] = 1 / (1 + Math.exp(-raw[off + j]));
                }
            }
            case TANH -> {
                for (int j = 0; j < n; j++) {
                    dst[j] = Math.tanh(raw[off + j]);
                }
            }
            case RELU -> {
                for (int j = 0; j < n; j++) {
                    dst[j] = Math.max(0, raw[off + j]);
                }
            }
            default -> {
                for (int j = 0; j < n; j++) {
                    dst[j] = raw[off + j];
                }
            }
        }
    }

    /** rawPrediction, probability, prediction (each when wanted). */
    record Classification(Activation activation, boolean raw, boolean probability, boolean prediction)
            implements Scoring.Output {
        @Override
        public int columns() {
            return (raw ? 1 : 0) + (probability ? 1 : 0) + (prediction ? 1 : 0);
        }

        @Override
        public void fill(float[] values, int off, int width, Object[] row, int at) {
            int c = at;
            if (raw) {
                double[] r = new double[width];
                for (int j = 0; j < width; j++) {
                    r[j] = values[off + j];
                }
                row[c++] = Vectors.dense(r);
            }
            if (probability) {
                double[] p = new double[width];
                activate(activation, values, off, width, p);
                row[c++] = Vectors.dense(p);
            }
            if (prediction) {
                int best = 0;
                for (int j = 1; j < width; j++) {
                    if (values[off + j] > values[off + best]) {
                        best = j;
                    }
                }
                row[c] = (double) best;
            }
        }
    }

    /** The one activated output as a double. */
    record Regression(Activation activation) implements Scoring.Output {
        @Override
        public int columns() {
            return 1;
        }

        @Override
        public void fill(float[] values, int off, int width, Object[] row, int at) {
            double[] v = new double[1];
            activate(activation, values, off, 1, v);
            row[at] = v[0];
        }
    }
}
