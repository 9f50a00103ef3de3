package dev.vecmlp.train;

/** What a training step does when its loss or gradient is NaN or infinite. */
public enum NonFinitePolicy {
    /** Skip the update, count and report it, go on with the next batch. */
    SKIP,
    /** Throw {@link TrainingDivergedException}; the weights keep their last finite values. */
    STOP
}
