package dev.vecmlp.train;

/** Receives training progress. Called on the training thread; keep it quick. */
@FunctionalInterface
public interface TrainingListener {
    /** After each epoch. */
    void onEpochEnd(EpochReport report);

    /** After each step, with the batch's loss; nothing by default. */
    default void onStep(long step, double loss) {
    }
}
