package dev.vecmlp.train;

import dev.vecmlp.health.GradientMonitor;

import java.util.List;

/**
 * The outcome of {@link Trainer#train}.
 *
 * @param history       one report per epoch run (resumed runs: the epochs of this call)
 * @param stoppedEarly  whether early stopping ended the run before the last epoch
 * @param bestEpoch     the epoch with the best monitored metric (0 without early stopping)
 * @param bestValue     that metric's value (NaN without early stopping)
 * @param restoredBest  whether the model's weights were set back to the best epoch's
 * @param steps         updates applied in total (resumed runs include the earlier ones)
 * @param skippedSteps  steps rejected as non-finite in this call
 * @param monitor       the gradient-health monitor with its history, or null when health was off
 */
public record TrainingResult(List<EpochReport> history, boolean stoppedEarly, int bestEpoch, double bestValue,
                             boolean restoredBest, long steps, long skippedSteps, GradientMonitor monitor) {
    public TrainingResult {
        history = List.copyOf(history);
    }
}
