package dev.vecmlp.train;

import dev.vecmlp.optim.OptimizerState;

import java.util.Objects;

/**
 * Where an interrupted run stopped: the optimiser's state, the epochs completed, the steps
 * taken, how many steps in a row had been skipped as non-finite when it stopped (so the
 * "gives up after N skips in a row" limit of {@link NonFinitePolicy#SKIP} counts across the
 * resume), and the running weight average of a run with {@link Trainer.Builder#weightAveraging}
 * (null without). Resuming from it (with the same seed, data and backend) continues exactly as
 * the uninterrupted run would have.
 *
 * @param averagedWeights the weight average, as long as the parameter vector, or null; copied
 *                        in and out
 */
public record TrainingResume(OptimizerState optimizerState, int epochsDone, long steps, long consecutiveSkips,
                             float[] averagedWeights) {
    public TrainingResume {
        Objects.requireNonNull(optimizerState, "optimizerState");
        if (epochsDone < 0 || steps < 0 || consecutiveSkips < 0) {
            throw new IllegalArgumentException("epochsDone, steps and consecutiveSkips: expected >= 0, found "
                    + epochsDone + ", " + steps + " and " + consecutiveSkips);
        }
        averagedWeights = averagedWeights == null ? null : averagedWeights.clone();
    }

    /** A resume point without a weight average. */
    public TrainingResume(OptimizerState optimizerState, int epochsDone, long steps, long consecutiveSkips) {
        this(optimizerState, epochsDone, steps, consecutiveSkips, null);
    }

    /** A resume point with no skipped steps pending and no weight average. */
    public TrainingResume(OptimizerState optimizerState, int epochsDone, long steps) {
        this(optimizerState, epochsDone, steps, 0);
    }

    /** A copy of the weight average, or null when the run kept none. */
    @Override
    public float[] averagedWeights() {
        return averagedWeights == null ? null : averagedWeights.clone();
    }
}
