package dev.vecmlp.train;

/**
 * What one epoch did: its number (from 1), the mean training loss over its batches (each batch
 * weighted by its rows), the samples seen, and the wall time it took.
 */
public record EpochReport(int epoch, double loss, long samples, double seconds) {
    /** Training throughput of the epoch. */
    public double samplesPerSecond() {
        return seconds > 0 ? samples / seconds : Double.POSITIVE_INFINITY;
    }
}
