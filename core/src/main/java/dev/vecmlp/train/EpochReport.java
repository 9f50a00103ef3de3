package dev.vecmlp.train;

import dev.vecmlp.health.HealthVerdict;

import java.util.List;

/**
 * What one epoch did.
 *
 * @param epoch        its number, from 1
 * @param loss         mean training loss over its applied batches (each weighted by its rows)
 * @param samples      rows seen
 * @param seconds      wall time of the epoch, validation included
 * @param training     running training metrics over the epoch's batches, measured on each batch
 *                     before its update (as Keras does; no extra pass over the data)
 * @param validation   metrics on the validation rows after the epoch, or {@code null} without
 *                     validation data
 * @param learningRate the learning rate of the epoch's last step
 * @param skippedSteps steps of this epoch rejected as non-finite
 * @param verdicts     gradient-health verdicts raised during the epoch
 */
public record EpochReport(int epoch, double loss, long samples, double seconds, Metrics training,
                          Metrics validation, double learningRate, long skippedSteps, List<HealthVerdict> verdicts) {

    public EpochReport {
        verdicts = List.copyOf(verdicts);
    }

    /** A report with only the loss, samples and time. */
    public EpochReport(int epoch, double loss, long samples, double seconds) {
        this(epoch, loss, samples, seconds, new Metrics(loss, Double.NaN, Double.NaN, Double.NaN), null,
                Double.NaN, 0, List.of());
    }

    /** Training throughput of the epoch. */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : Double.POSITIVE_INFINITY;
    }

    /** The validation metrics when there are any, else the training metrics. */
    public Metrics monitored() {
        return validation != null ? validation : training;
    }
}
