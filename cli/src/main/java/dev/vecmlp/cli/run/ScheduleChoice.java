package dev.vecmlp.cli.run;

import dev.vecmlp.optim.LearningRateSchedule;

/**
 * The learning-rate schedules {@code --schedule} accepts, each with settings that suit a run of
 * {@code epochs} epochs: step decay by 10x at a third and two thirds of the run, exponential
 * decay by 0.95 per epoch, cosine annealing to 1% after one warm-up epoch, and halving on a
 * plateau of two epochs.
 */
public enum ScheduleChoice {
    CONSTANT, STEP, EXPONENTIAL, COSINE, PLATEAU;

    /** The lower-case name, as the options accept and the help lists it. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The schedule for a run of {@code epochs} epochs. */
    public LearningRateSchedule create(int epochs) {
        switch (this) {
            case CONSTANT:
                return LearningRateSchedule.constant();
            case STEP:
                return LearningRateSchedule.stepDecay(Math.max(1, epochs / 3), 0.1);
            case EXPONENTIAL:
                return LearningRateSchedule.exponential(0.95);
            case COSINE:
                return LearningRateSchedule.cosine(Math.min(1, epochs - 1), epochs, 0.01);
            case PLATEAU:
                return LearningRateSchedule.reduceOnPlateau(0.5, 2, 0, 1e-6);
            default:
                throw new AssertionError(this);
        }
    }
}
