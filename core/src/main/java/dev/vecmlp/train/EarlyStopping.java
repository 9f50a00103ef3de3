package dev.vecmlp.train;

import dev.vecmlp.errors.InvalidConfigurationException;

import java.util.Objects;

/**
 * Stop training when the monitored metric (on the validation data when there is some, else on
 * the training batches) has not improved by more than {@code minDelta} for {@code patience}
 * epochs in a row (Keras' {@code EarlyStopping}). With {@code restoreBestWeights} the model ends
 * with the weights of its best epoch, whether training stopped early or ran to the end.
 */
public record EarlyStopping(Metrics.Metric metric, int patience, double minDelta, boolean restoreBestWeights) {
    public EarlyStopping {
        Objects.requireNonNull(metric, "metric");
        InvalidConfigurationException.requirePositive("early stopping patience (epochs)", patience);
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new InvalidConfigurationException("early stopping minDelta: expected a finite value >= 0, found " + minDelta);
        }
    }

    /** Loss monitored, the given patience, no minimum delta, best weights restored. */
    public static EarlyStopping onLoss(int patience) {
        return new EarlyStopping(Metrics.Metric.LOSS, patience, 0, true);
    }

    /** Whether {@code value} improves on {@code best} by more than {@code minDelta}. */
    boolean improves(double value, double best) {
        if (Double.isNaN(value)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        return metric.higherIsBetter() ? value > best + minDelta : value < best - minDelta;
    }
}
