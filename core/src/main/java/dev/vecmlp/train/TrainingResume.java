package dev.vecmlp.train;

import dev.vecmlp.optim.OptimizerState;

import java.util.Objects;

/**
 * Where an interrupted run stopped: the optimiser's state, the epochs completed, the steps
 * taken, and how many steps in a row had been skipped as non-finite when it stopped (so the
 * "gives up after N skips in a row" limit of {@link NonFinitePolicy#SKIP} counts across the
 * resume). Resuming from it (with the same seed, data and backend) continues exactly as the
 * uninterrupted run would have.
 */
public record TrainingResume(OptimizerState optimizerState, int epochsDone, long steps, long consecutiveSkips) {
    public TrainingResume {
        Objects.requireNonNull(optimizerState, "optimizerState");
        if (epochsDone < 0 || steps < 0 || consecutiveSkips < 0) {
            throw new IllegalArgumentException("epochsDone, steps and consecutiveSkips: expected >= 0, found "
                    + epochsDone + ", " + steps + " and " + consecutiveSkips);
        }
    }

    /** A resume point with no skipped steps pending. */
    public TrainingResume(OptimizerState optimizerState, int epochsDone, long steps) {
        this(optimizerState, epochsDone, steps, 0);
    }
}
