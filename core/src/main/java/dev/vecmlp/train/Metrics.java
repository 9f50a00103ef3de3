package dev.vecmlp.train;

/**
 * Quality figures of a model on some rows: the loss, and accuracy for classification
 * (cross-entropy or binary cross-entropy models) or MSE and MAE for regression (MSE models).
 * Figures that do not apply are NaN.
 *
 * @param loss     mean loss
 * @param accuracy share of rows classified right (see {@link Evaluation#accuracy}), or NaN
 * @param mse      mean squared error over rows and outputs, or NaN
 * @param mae      mean absolute error over rows and outputs, or NaN
 */
public record Metrics(double loss, double accuracy, double mse, double mae) {

    /** The value of one metric. */
    public double get(Metric metric) {
        switch (metric) {
            case LOSS: return loss;
            case ACCURACY: return accuracy;
            case MSE: return mse;
            case MAE: return mae;
            default: throw new AssertionError(metric);
        }
    }

    /** A metric that can be monitored (early stopping) and charted. */
    public enum Metric {
        LOSS(false),
        ACCURACY(true),
        MSE(false),
        MAE(false);

        private final boolean higherIsBetter;

        Metric(boolean higherIsBetter) {
            this.higherIsBetter = higherIsBetter;
        }

        /** Whether larger values are better (accuracy) or smaller (losses and errors). */
        public boolean higherIsBetter() {
            return higherIsBetter;
        }
    }
}
