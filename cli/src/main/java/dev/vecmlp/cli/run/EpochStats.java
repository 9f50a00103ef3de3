package dev.vecmlp.cli.run;

import java.util.List;

/**
 * What the CLI reports about one epoch: training loss (the mean over the epoch's batches) and
 * accuracy, the same on the held-out set when there is one (NaN otherwise; accuracy is NaN for
 * regression), the epoch's wall time and throughput, and the gradient-health verdicts.
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double heldOutLoss,
                         double heldOutAccuracy, double seconds, double samplesPerSecond, List<String> verdicts) {
    public EpochStats {
        verdicts = List.copyOf(verdicts);
    }

    public boolean hasHeldOut() {
        return !Double.isNaN(heldOutLoss);
    }
}
