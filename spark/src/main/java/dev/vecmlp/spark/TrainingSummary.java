package dev.vecmlp.spark;

import dev.vecmlp.health.HealthVerdict;
import dev.vecmlp.train.EpochReport;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a distributed training run did: one {@link EpochReport} per epoch (training loss and
 * metrics, validation metrics when a fraction was held out, learning rate, skipped steps and the
 * gradient-health verdicts of the epoch), the totals, and where the time of a step went. For
 * {@link TrainingMode#SYNC} a step is one Spark job: the broadcast of the weights, the slowest
 * task's gradient computation, and the rest of the job (scheduling, task launch, tree
 * aggregation, collecting the sum); the driver's optimiser update is timed on its own. For
 * {@link TrainingMode#AVERAGING} the same split is per round.
 */
public final class TrainingSummary {

    private final TrainingMode mode;
    private final int partitions;
    private final long trainingRows;
    private final long validationRows;
    private final List<EpochReport> history;
    private final long steps;
    private final long skippedSteps;
    private final long jobs;
    private final double broadcastSeconds;
    private final double computeSeconds;
    private final double jobSeconds;
    private final double updateSeconds;

    TrainingSummary(TrainingMode mode, int partitions, long trainingRows, long validationRows, List<EpochReport> history,
                    long steps, long skippedSteps, long jobs, double broadcastSeconds, double computeSeconds,
                    double jobSeconds, double updateSeconds) {
        this.mode = mode;
        this.partitions = partitions;
        this.trainingRows = trainingRows;
        this.validationRows = validationRows;
        this.history = Collections.unmodifiableList(new ArrayList<>(history));
        this.steps = steps;
        this.skippedSteps = skippedSteps;
        this.jobs = jobs;
        this.broadcastSeconds = broadcastSeconds;
        this.computeSeconds = computeSeconds;
        this.jobSeconds = jobSeconds;
        this.updateSeconds = updateSeconds;
    }

    public TrainingMode mode() { return mode; }
    public int partitions() { return partitions; }
    public long trainingRows() { return trainingRows; }
    public long validationRows() { return validationRows; }
    /** One report per epoch, oldest first. */
    public List<EpochReport> history() { return history; }
    public int totalEpochs() { return history.size(); }
    /** Applied optimiser steps (sync) or local steps summed over partitions (averaging). */
    public long steps() { return steps; }
    public long skippedSteps() { return skippedSteps; }
    /** Spark jobs run for training (one per step in sync mode, one per round when averaging). */
    public long jobs() { return jobs; }
    /** Time to create the weight broadcasts. */
    public double broadcastSeconds() { return broadcastSeconds; }
    /** Sum over jobs of the slowest task's compute time (gradient or local training). */
    public double computeSeconds() { return computeSeconds; }
    /** Wall time of the jobs (includes compute, task launch, aggregation and collection). */
    public double jobSeconds() { return jobSeconds; }
    /** Driver time for the optimiser update (sync) or the averaging (averaging mode). */
    public double updateSeconds() { return updateSeconds; }
    /** Job time that is neither the slowest task's compute: scheduling, shipping and aggregating. */
    public double aggregationSeconds() { return Math.max(0, jobSeconds - computeSeconds); }

    /** Every gradient-health verdict of the run, in order. */
    public List<HealthVerdict> verdicts() {
        List<HealthVerdict> all = new ArrayList<>();
        for (EpochReport r : history) {
            all.addAll(r.verdicts());
        }
        return all;
    }

    /** The training loss of each epoch. */
    public double[] lossHistory() {
        double[] losses = new double[history.size()];
        for (int i = 0; i < losses.length; i++) {
            losses[i] = history.get(i).loss();
        }
        return losses;
    }

    @Override
    public String toString() {
        return "TrainingSummary(" + mode + ", " + partitions + " partitions, " + trainingRows + " rows, "
                + history.size() + " epochs, " + steps + " steps, " + skippedSteps + " skipped, " + jobs + " jobs)";
    }
}
