package dev.vecmlp.train;

import dev.vecmlp.optim.OptimizerState;

import java.util.Objects;

/**
 * Where an interrupted run stopped: the optimiser's state, the epochs completed and the steps
 * taken. Resuming from it (with the same seed, data and backend) continues exactly as the
 * uninterrupted run would have.
 */
public record TrainingResume(OptimizerState optimizerState, int epochsDone, long steps) {
    public TrainingResume {
        Objects.requireNonNull(optimizerState, "optimizerState");
        if (epochsDone < 0 || steps < 0) {
            throw new IllegalArgumentException("epochsDone and steps: expected >= 0, found " + epochsDone + " and " + steps);
        }
    }
}
