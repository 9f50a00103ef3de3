package dev.vecmlp.train;

import dev.vecmlp.health.GradientMonitor;
import dev.vecmlp.model.Mlp;

/**
 * What a run is about to do, for listeners (progress bars need the totals).
 *
 * @param model          the model being trained
 * @param firstEpoch     the first epoch to run (1, or the one after a resumed checkpoint)
 * @param epochs         the last epoch
 * @param trainingRows   rows per epoch
 * @param validationRows validation rows (0 without validation)
 * @param batchSize      rows per step (the last batch of an epoch may be smaller)
 * @param stepsPerEpoch  steps per epoch
 * @param monitor        the gradient-health monitor (its history feeds the gradient-norm chart), or null
 */
public record TrainingStart(Mlp model, int firstEpoch, int epochs, int trainingRows, int validationRows,
                            int batchSize, int stepsPerEpoch, GradientMonitor monitor) {
}
