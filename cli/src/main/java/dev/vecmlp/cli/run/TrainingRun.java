package dev.vecmlp.cli.run;

import dev.vecmlp.cli.text.CliRemedies;
import dev.vecmlp.cli.text.Durations;
import dev.vecmlp.data.DataSet;
import dev.vecmlp.health.GradientMonitor;
import dev.vecmlp.health.HealthConfig;
import dev.vecmlp.health.HealthVerdict;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Lbfgs;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.train.ClassWeights;
import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.train.EarlyStopping;
import dev.vecmlp.train.EpochReport;
import dev.vecmlp.train.ImageShift;
import dev.vecmlp.train.Metrics;
import dev.vecmlp.train.Trainer;
import dev.vecmlp.train.TrainingDivergedException;
import dev.vecmlp.train.TrainingListener;
import dev.vecmlp.train.TrainingResult;
import dev.vecmlp.train.TrainingStart;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a model the way both {@code train} and {@code demo} do: the library's {@link Trainer}
 * with gradient-health monitoring on, a progress bar per epoch on standard error and, after each
 * epoch, a summary line on standard output: training loss and accuracy (running figures over
 * the epoch's batches, measured by the trainer at no extra cost), held-out loss and accuracy,
 * the epoch's time and throughput, and any gradient-health verdicts with their cause and remedy.
 */
public final class TrainingRun {

    /**
     * How to train. {@code schedule} and {@code earlyStopping} may be null; {@code clipNorm} and
     * {@code clipValue} 0 are off; gradient health is checked every {@code healthEvery} steps (0: not at all);
     * {@code imageShift} (may be null) augments the training images; {@code labelSmoothing} 0 is off;
     * {@code inputDropout} 0 is off, otherwise the dropout rate of the inputs in training;
     * {@code averagingDecay} 0 is off, otherwise the decay of the weight average (EMA) that the held-out
     * figures measure and the trained model keeps.
     */
    public record Settings(Optimizer optimizer, LearningRateSchedule schedule, int epochs, int batchSize, long seed,
                           double clipNorm, EarlyStopping earlyStopping, int healthEvery, boolean progressBar,
                           double clipValue, Lbfgs lbfgs, ClassWeights classWeights, ImageShift imageShift,
                           double labelSmoothing, double averagingDecay, double inputDropout) {
        /** Settings without L-BFGS or class weights. */
        public Settings(Optimizer optimizer, LearningRateSchedule schedule, int epochs, int batchSize, long seed,
                        double clipNorm, EarlyStopping earlyStopping, int healthEvery, boolean progressBar,
                        double clipValue) {
            this(optimizer, schedule, epochs, batchSize, seed, clipNorm, earlyStopping, healthEvery, progressBar,
                    clipValue, null, null, null, 0, 0, 0);
        }

        /** These settings with full-batch L-BFGS ({@code null}: the optimiser) and class weights ({@code null}: none). */
        public Settings with(Lbfgs solver, ClassWeights weights) {
            return new Settings(optimizer, schedule, epochs, batchSize, seed, clipNorm, earlyStopping, healthEvery,
                    progressBar, clipValue, solver, weights, imageShift, labelSmoothing, averagingDecay, inputDropout);
        }

        /** These settings with random image shifts of the training rows ({@code null}: none) and label smoothing (0: none). */
        public Settings withRegularisation(ImageShift shift, double smoothing) {
            return new Settings(optimizer, schedule, epochs, batchSize, seed, clipNorm, earlyStopping, healthEvery,
                    progressBar, clipValue, lbfgs, classWeights, shift, smoothing, averagingDecay, inputDropout);
        }

        /** These settings with weight averaging of this decay (0: none). */
        public Settings withWeightAveraging(double decay) {
            return new Settings(optimizer, schedule, epochs, batchSize, seed, clipNorm, earlyStopping, healthEvery,
                    progressBar, clipValue, lbfgs, classWeights, imageShift, labelSmoothing, decay, inputDropout);
        }

        /** These settings with dropout of this rate on the inputs (0: none). */
        public Settings withInputDropout(double rate) {
            return new Settings(optimizer, schedule, epochs, batchSize, seed, clipNorm, earlyStopping, healthEvery,
                    progressBar, clipValue, lbfgs, classWeights, imageShift, labelSmoothing, averagingDecay, rate);
        }

        /** Plain settings: constant rate, no clipping, no early stopping, the default health checks. */
        public static Settings of(Optimizer optimizer, int epochs, int batchSize, long seed, boolean progressBar) {
            return new Settings(optimizer, null, epochs, batchSize, seed, 0, null,
                    HealthConfig.defaults().everySteps(), progressBar, 0);
        }

        /** These settings with a learning-rate schedule. */
        public Settings withSchedule(LearningRateSchedule s) {
            return new Settings(optimizer, s, epochs, batchSize, seed, clipNorm, earlyStopping, healthEvery,
                    progressBar, clipValue, lbfgs, classWeights, imageShift, labelSmoothing, averagingDecay, inputDropout);
        }

        /** "SGD(lr=0.1), batch 64, 10 epochs, seed 42" and the extras that are on. */
        public String describe() {
            StringBuilder sb = lbfgs != null
                    ? new StringBuilder().append(lbfgs).append(", full batch, at most ").append(epochs)
                            .append(" iterations (one per epoch), seed ").append(seed)
                    : new StringBuilder().append(optimizer).append(", batch ").append(batchSize).append(", ")
                            .append(epochs).append(epochs == 1 ? " epoch" : " epochs").append(", seed ").append(seed);
            if (classWeights != null) {
                sb.append(", class weights ").append(classWeights);
            }
            if (schedule != null) {
                sb.append(", schedule ").append(schedule);
            }
            if (imageShift != null) {
                sb.append(", images shifted by up to ").append(imageShift.maxShift()).append(" pixels");
            }
            if (labelSmoothing > 0) {
                sb.append(", label smoothing ").append(labelSmoothing);
            }
            if (inputDropout > 0) {
                sb.append(", input dropout ").append(inputDropout);
            }
            if (averagingDecay > 0) {
                sb.append(", weight averaging (EMA) decay ").append(averagingDecay);
            }
            if (clipValue > 0) {
                sb.append(", gradient elements clipped to +-").append(clipValue);
            }
            if (clipNorm > 0) {
                sb.append(", gradient clipped to norm ").append(clipNorm);
            }
            if (earlyStopping != null) {
                sb.append(", early stopping after ").append(earlyStopping.patience())
                        .append(earlyStopping.patience() == 1 ? " epoch" : " epochs").append(" without progress");
            }
            return sb.toString();
        }
    }

    /** Everything the run produced. */
    public record Result(List<EpochStats> history, double trainingSeconds, GradientMonitor monitor,
                         TrainingResult training) {
        public Result {
            history = List.copyOf(history);
        }

        public EpochStats last() {
            return history.get(history.size() - 1);
        }

        /** Median wall time of an epoch (held-out evaluation included): less swayed by the first epoch's JIT warm-up and by noise. */
        public double medianSecondsPerEpoch() {
            double[] seconds = history.stream().mapToDouble(EpochStats::seconds).sorted().toArray();
            int n = seconds.length;
            return n == 0 ? Double.NaN : n % 2 == 1 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2;
        }
    }

    /**
     * Training diverged ({@link TrainingDivergedException}); carries what the run produced up to
     * then, so the charts can still show where it went wrong.
     */
    public static final class Diverged extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Result partial;

        Diverged(TrainingDivergedException cause, Result partial) {
            super(cause.getMessage(), cause);
            this.partial = partial;
        }

        /** The epochs completed and the monitor's checks so far ({@code training()} is null). */
        public Result partial() {
            return partial;
        }

        public TrainingDivergedException divergence() {
            return (TrainingDivergedException) getCause();
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
        Reporter reporter = new Reporter(heldOutName, classification, settings, out, err);
        Trainer.Builder builder = Trainer.builder()
                .optimizer(settings.optimizer())
                .batchSize(settings.batchSize())
                .epochs(settings.epochs())
                .seed(settings.seed())
                .health(settings.healthEvery() > 0 ? HealthConfig.defaults().withEverySteps(settings.healthEvery()) : null)
                .listener(reporter);
        if (settings.schedule() != null) {
            builder.schedule(settings.schedule());
        }
        if (settings.clipNorm() > 0) {
            builder.clipNorm(settings.clipNorm());
        }
        if (settings.clipValue() > 0) {
            builder.clipValue(settings.clipValue());
        }
        if (settings.earlyStopping() != null) {
            builder.earlyStopping(settings.earlyStopping());
        }
        builder.lbfgs(settings.lbfgs()).classWeights(settings.classWeights()).imageShift(settings.imageShift())
                .labelSmoothing(settings.labelSmoothing());
        builder.inputDropout(settings.inputDropout());
        if (settings.averagingDecay() > 0) {
            builder.weightAveraging(settings.averagingDecay());
        }
        long start = System.nanoTime();
        TrainingResult result;
        try {
            result = builder.build().train(model, train, heldOut, null);
        } catch (TrainingDivergedException e) {
            reporter.clearBar();
            reporter.printUnreportedVerdicts();
            throw new Diverged(e, new Result(reporter.history, (System.nanoTime() - start) / 1e9, reporter.monitor, null));
        } finally {
            reporter.clearBar();
        }
        return new Result(reporter.history, (System.nanoTime() - start) / 1e9, result.monitor(), result);
    }

    /** The listener that draws the bar and prints the summaries. */
    private static final class Reporter implements TrainingListener {
        private final String heldOutName;
        private final boolean classification;
        private final int epochs;
        private final PrintWriter out;
        private final ProgressBar bar;
        private final List<EpochStats> history = new ArrayList<>();
        private long stepsInEpoch;
        private long lastStep;
        private double lossSum;
        private int lastPrinted;
        private GradientMonitor monitor;

        Reporter(String heldOutName, boolean classification, Settings settings, PrintWriter out, PrintWriter err) {
            this.heldOutName = heldOutName;
            this.classification = classification;
            this.epochs = settings.epochs();
            this.out = out;
            this.bar = settings.progressBar() ? new ProgressBar(err, settings.epochs()) : null;
        }

        @Override
        public void onTrainingStart(TrainingStart start) {
            monitor = start.monitor();
        }

        @Override
        public void onEpochStart(int epoch, int rows) {
            stepsInEpoch = 0;
            lossSum = 0;
            if (bar != null) {
                bar.startEpoch(epoch, rows);
            }
        }

        @Override
        public void onStepEnd(int epoch, long step, double loss, int rowsDone, int rowsTotal) {
            stepsInEpoch++;
            lastStep = step;
            lossSum += loss;
            if (bar != null) {
                bar.update(rowsDone, lossSum / stepsInEpoch);
            }
        }

        @Override
        public void onEpochEnd(EpochReport report) {
            clearBar();
            Metrics held = report.validation();
            List<String> verdicts = new ArrayList<>();
            for (HealthVerdict verdict : report.verdicts()) {
                verdicts.add(CliRemedies.translate(verdict.message()));
            }
            EpochStats stats = new EpochStats(report.epoch(), report.loss(),
                    classification ? report.training().accuracy() : Double.NaN,
                    held != null ? held.loss() : Double.NaN,
                    held != null && classification ? held.accuracy() : Double.NaN,
                    report.seconds(), report.samplesPerSecond(), verdicts, gradientState(verdicts.size()), lastStep);
            history.add(stats);
            // Long runs of small epochs print every k-th summary (about 25 lines), plus the first,
            // the last and any epoch with a gradient verdict; the charts keep every epoch.
            int every = Math.max(1, (epochs + 24) / 25);
            if (report.epoch() == 1 || report.epoch() % every == 0 || report.epoch() == epochs || !verdicts.isEmpty()) {
                print(stats);
            }
        }

        /** An early stop ends on an epoch the thinning above may have skipped: show it. */
        @Override
        public void onTrainingEnd(TrainingResult result) {
            if (!history.isEmpty() && history.get(history.size() - 1).epoch() > lastPrinted) {
                print(history.get(history.size() - 1));
            }
        }

        private void print(EpochStats stats) {
            out.println(summary(stats));
            for (String verdict : stats.verdicts()) {
                out.println("    gradient health: " + verdict);
            }
            out.flush();
            lastPrinted = stats.epoch();
        }

        /** Verdicts raised in an epoch that did not end (training diverged in it): shown before the error. */
        void printUnreportedVerdicts() {
            if (monitor == null) {
                return;
            }
            int reported = history.stream().mapToInt(s -> s.verdicts().size()).sum();
            List<HealthVerdict> all = monitor.verdicts();
            for (int i = reported; i < all.size(); i++) {
                out.println("    gradient health: " + CliRemedies.translate(all.get(i).message()));
            }
            out.flush();
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
            line.append("  |  ").append(Durations.seconds(s.seconds()))
                    .append(String.format(Locale.ROOT, ", %.0f samples/s", s.samplesPerSecond()));
            line.append("  |  gradients: ").append(s.gradientState());
            return line.toString();
        }

        /**
         * "ok", "unchecked", the number of new verdicts, or the conditions still active from
         * earlier verdicts (a verdict is raised once, when its condition starts).
         */
        private String gradientState(int newVerdicts) {
            if (monitor == null || monitor.checkCount() == 0) {
                return "not checked";
            }
            if (newVerdicts > 0) {
                return newVerdicts + (newVerdicts == 1 ? " new verdict" : " new verdicts");
            }
            List<HealthVerdict> active = monitor.activeVerdicts();
            if (active.isEmpty()) {
                return "ok";
            }
            StringBuilder state = new StringBuilder("still ");
            for (int i = 0; i < active.size(); i++) {
                HealthVerdict v = active.get(i);
                state.append(i > 0 ? ", " : "").append(v.kind().name().toLowerCase(Locale.ROOT)).append(" at layer ")
                        .append(v.layer());
            }
            return state.toString();
        }
    }
}
