package dev.vecmlp.train;

import dev.vecmlp.health.HealthVerdict;

/**
 * Receives training progress. Called on the training thread; keep it quick, and do not
 * allocate in {@link #onStepEnd} if the run should stay allocation-free. Every method but
 * {@link #onEpochEnd} does nothing by default, so a lambda is an epoch-end listener.
 */
@FunctionalInterface
public interface TrainingListener {

    /** Before the first epoch of a run. */
    default void onTrainingStart(TrainingStart start) {
    }

    /** Before epoch {@code epoch} (from 1) of {@code rows} training rows. */
    default void onEpochStart(int epoch, int rows) {
    }

    /**
     * After each step of an epoch (also a skipped one): the global step number (1-based,
     * counting every batch of every epoch), the batch's loss, and the rows of the epoch done so
     * far out of its total. By default calls {@link #onStep(long, double)}.
     */
    default void onStepEnd(int epoch, long step, double loss, int rowsDone, int rowsTotal) {
        onStep(step, loss);
    }

    /** After each step, with the batch's loss; nothing by default. */
    default void onStep(long step, double loss) {
    }

    /** A step rejected as non-finite under {@link NonFinitePolicy#SKIP} (its update not applied). */
    default void onSkippedStep(int epoch, long step, double loss) {
    }

    /** A gradient-health verdict, as soon as the monitor raises it. */
    default void onHealthVerdict(HealthVerdict verdict) {
    }

    /** After each epoch. */
    void onEpochEnd(EpochReport report);

    /** After the last epoch (or early stop), with the whole outcome. */
    default void onTrainingEnd(TrainingResult result) {
    }
}
