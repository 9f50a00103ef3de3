package dev.vecmlp.cli.run;

import java.util.List;

/**
 * What the CLI reports about one epoch: training loss and accuracy (running figures over the
 * epoch's batches), the same on the held-out set when there is one (NaN otherwise; accuracy is
 * NaN for regression), the epoch's wall time and throughput, the gradient-health verdicts
 * raised during the epoch, and a short account of the gradients' state at its end ("ok",
 * "still vanishing at layer 0"), and the global step the epoch ended on (for the charts' epoch marks).
 */
public record EpochStats(int epoch, double trainLoss, double trainAccuracy, double heldOutLoss,
                         double heldOutAccuracy, double seconds, double samplesPerSecond, List<String> verdicts,
                         String gradientState, long lastStep) {
    public EpochStats {
        verdicts = List.copyOf(verdicts);
    }

    public boolean hasHeldOut() {
        return !Double.isNaN(heldOutLoss);
    }
}
