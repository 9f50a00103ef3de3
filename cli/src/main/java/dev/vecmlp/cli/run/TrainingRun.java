package dev.vecmlp.cli.run;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.DataSplits;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.train.EpochReport;
import dev.vecmlp.train.Evaluation;
import dev.vecmlp.train.Trainer;
import dev.vecmlp.train.TrainingListener;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Trains a model the way both {@code train} and {@code demo} do: the library's {@link Trainer}
 * with a progress bar per epoch on standard error and, after each epoch, a summary line on
 * standard output with training and held-out loss and accuracy, the epoch's time and throughput.
 *
 * <p>Training accuracy is measured after each epoch on at most {@value #ACCURACY_SAMPLE} training
 * rows (a fixed random sample when there are more), so the report costs a fraction of an epoch;
 * the training loss is the mean over the epoch's batches, as the trainer reports it.
 */
public final class TrainingRun {
    /** Rows of the training set on which training accuracy is measured each epoch. */
    public static final int ACCURACY_SAMPLE = 10_000;

    /** How to train. */
    public record Settings(Optimizer optimizer, int epochs, int batchSize, long seed, boolean progressBar) {
    }

    /** Everything the run produced. */
    public record Result(List<EpochStats> history, double trainingSeconds) {
        public Result {
            history = List.copyOf(history);
        }

        public EpochStats last() {
            return history.get(history.size() - 1);
        }

        /** Mean wall time of an epoch. */
        public double secondsPerEpoch() {
            return history.stream().mapToDouble(EpochStats::seconds).average().orElse(Double.NaN);
        }
    }

    private TrainingRun() {
    }

    /**
     * Trains {@code model} on {@code train}; reports on {@code heldOut} (may be {@code null})
     * under the name {@code heldOutName} ("validation" or "test").
     */
    public static Result run(Mlp model, DataSet train, DataSet heldOut, String heldOutName, boolean classification,
                             Settings settings, PrintWriter out, PrintWriter err) {
        DataSet accuracySample = classification && train.rows() > ACCURACY_SAMPLE
                ? DataSplits.shuffled(train, ACCURACY_SAMPLE / (double) train.rows(), settings.seed() + 1).second()
                : train;
        Reporter reporter = new Reporter(model, accuracySample, heldOut, heldOutName, classification, settings,
                train.rows(), out, err);
        Trainer trainer = Trainer.builder()
                .optimizer(settings.optimizer())
                .batchSize(settings.batchSize())
                .epochs(settings.epochs())
                .seed(settings.seed())
                .listener(reporter)
                .build();
        long start = System.nanoTime();
        try {
            trainer.fit(model, train);
        } finally {
            reporter.clearBar();
        }
        return new Result(reporter.history, (System.nanoTime() - start) / 1e9);
    }

    /** The listener that draws the bar and prints the summaries. */
    private static final class Reporter implements TrainingListener {
        private final Mlp model;
        private final DataSet accuracySample;
        private final DataSet heldOut;
        private final String heldOutName;
        private final boolean classification;
        private final int batchSize;
        private final long rows;
        private final int epochs;
        private final PrintWriter out;
        private final ProgressBar bar;
        private final List<EpochStats> history = new ArrayList<>();
        private int epoch = 1;
        private long stepsInEpoch;
        private double lossSum;

        Reporter(Mlp model, DataSet accuracySample, DataSet heldOut, String heldOutName, boolean classification,
                 Settings settings, long rows, PrintWriter out, PrintWriter err) {
            this.model = model;
            this.accuracySample = accuracySample;
            this.heldOut = heldOut;
            this.heldOutName = heldOutName;
            this.classification = classification;
            this.batchSize = Math.min(settings.batchSize(), (int) Math.min(rows, Integer.MAX_VALUE));
            this.rows = rows;
            this.epochs = settings.epochs();
            this.out = out;
            this.bar = settings.progressBar() ? new ProgressBar(err, settings.epochs()) : null;
        }

        @Override
        public void onStep(long step, double loss) {
            if (stepsInEpoch == 0 && bar != null) {
                bar.startEpoch(epoch, rows);
            }
            stepsInEpoch++;
            lossSum += loss;
            if (bar != null) {
                bar.update(Math.min(rows, stepsInEpoch * batchSize), lossSum / stepsInEpoch);
            }
        }

        @Override
        public void onEpochEnd(EpochReport report) {
            clearBar();
            double trainAccuracy = classification ? Evaluation.accuracy(model, accuracySample) : Double.NaN;
            double heldLoss = heldOut != null ? Evaluation.loss(model, heldOut) : Double.NaN;
            double heldAccuracy = heldOut != null && classification ? Evaluation.accuracy(model, heldOut) : Double.NaN;
            EpochStats stats = new EpochStats(report.epoch(), report.loss(), trainAccuracy, heldLoss, heldAccuracy,
                    report.seconds(), report.samplesPerSecond(), Collections.emptyList());
            history.add(stats);
            // Long runs of small epochs print every k-th summary (about 25 lines), plus the first,
            // the last and any epoch with a gradient verdict; the charts keep every epoch.
            int every = Math.max(1, (epochs + 24) / 25);
            if (report.epoch() == 1 || report.epoch() % every == 0 || report.epoch() == epochs
                    || !stats.verdicts().isEmpty()) {
                out.println(summary(stats));
                out.flush();
            }
            epoch = report.epoch() + 1;
            stepsInEpoch = 0;
            lossSum = 0;
        }

        void clearBar() {
            if (bar != null) {
                bar.clear();
            }
        }

        private String summary(EpochStats s) {
            int digits = Integer.toString(epochs).length();
            StringBuilder line = new StringBuilder(160);
            line.append(String.format(Locale.ROOT, "epoch %" + digits + "d/%d  train loss %.4f", s.epoch(), epochs,
                    s.trainLoss()));
            if (classification) {
                line.append(String.format(Locale.ROOT, " acc %6.2f%%", 100 * s.trainAccuracy()));
            }
            if (s.hasHeldOut()) {
                line.append(String.format(Locale.ROOT, "  |  %s loss %.4f", heldOutName, s.heldOutLoss()));
                if (classification) {
                    line.append(String.format(Locale.ROOT, " acc %6.2f%%", 100 * s.heldOutAccuracy()));
                }
            }
            line.append(String.format(Locale.ROOT, "  |  %.2f s, %.0f samples/s", s.seconds(), s.samplesPerSecond()));
            if (!s.verdicts().isEmpty()) {
                line.append("  |  gradients: ").append(String.join("; ", s.verdicts()));
            }
            return line.toString();
        }
    }
}
