package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.ShapeMismatchException;
import dev.vecmlp.health.GradientMonitor;
import dev.vecmlp.health.HealthConfig;
import dev.vecmlp.health.HealthVerdict;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;
import dev.vecmlp.optim.Lbfgs;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.optim.Sgd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Mini-batch stochastic gradient descent over epochs of shuffled data, with the features a
 * training run needs: an optimiser and learning-rate schedule, a validation split or set,
 * metrics per epoch, early stopping with restore-best-weights, gradient clipping, a non-finite
 * guard, gradient-health monitoring, listeners, and checkpoints that a run can resume from.
 * Batch size 1 is pure (per-sample) SGD.
 *
 * <p><b>Reproducibility.</b> The order of epoch {@code e} is a pure function of
 * {@code (seed, e)}, the validation split of {@code seed}, and each step's learning rate of
 * {@code (step, epoch, history)} (see {@link LearningRateSchedule}). With the same seed, data,
 * model and backend two runs end with bit-identical weights, and a run resumed from a
 * checkpoint ends bit-identical to the uninterrupted one (schedules that read the loss history,
 * reduce-on-plateau, and early stopping restart their counting on resume: the checkpoint
 * contract carries no history).
 *
 * <p><b>Cost.</b> A step allocates nothing. Beyond the kernels it copies the batch rows,
 * takes one pass over the gradient (its norm: the non-finite guard, clipping and health share
 * it), and counts the batch's right answers or absolute errors from the outputs the loss
 * already produced. Health checks run every {@link HealthConfig#everySteps()} steps;
 * validation metrics once per epoch.
 *
 * <p><b>Weights.</b> A data set with sample weights ({@link DataSet#withSampleWeights}) and
 * {@link Builder#classWeights class weights} make each batch's loss the weighted mean
 * {@code sum_i w_i l_i / sum_i w_i}, with {@code w_i} the sample weight times the class
 * weight; the epoch's loss is then weighted the same way (its accuracy counts rows).
 *
 * <p><b>Input dropout.</b> With {@link Builder#inputDropout} each training batch's features are
 * masked ({@link InputDropout}, keyed by the seed and the step) after they are copied (and
 * shifted); validation data is not.
 *
 * <p><b>Weight averaging.</b> With {@link Builder#weightAveraging} the run keeps an exponential
 * moving average of the weights ({@link WeightAveraging}), updated after every applied step;
 * each epoch's validation metrics are those of the average (swapped into the model for the
 * evaluation and out again), the model ends holding it, and checkpoints carry it. The training
 * metrics, the optimiser and the steps are those of the trained weights, so the same seed
 * trains the same weights with or without it.
 *
 * <p><b>L-BFGS.</b> With {@link Builder#lbfgs} the run is full-batch: each epoch is one
 * {@link Lbfgs} iteration (a quasi-Newton direction and a strong-Wolfe line search over the
 * whole training set, evaluated in chunks of {@link #LBFGS_CHUNK_ROWS} rows), so
 * {@link Builder#epochs} is the iteration limit; the optimiser, schedule and batch size are not
 * used, clipping is refused, and the run stops early when a tolerance is met. Its history goes
 * into checkpoints like an optimiser's state.
 *
 * <pre>{@code
 * TrainingResult result = Trainer.builder()
 *         .optimizer(new Adam(1e-3)).schedule(LearningRateSchedule.cosine(1, 20, 0.01))
 *         .batchSize(64).epochs(20).seed(7).validationSplit(0.1)
 *         .earlyStopping(EarlyStopping.onLoss(3)).clipNorm(5.0)
 *         .build().train(model, data);
 * }</pre>
 */
public final class Trainer {
    private static final System.Logger LOG = System.getLogger(Trainer.class.getName());
    private static final long SPLIT_SALT = 0x5851F42D4C957F2DL;
    private static final long EPOCH_SALT = 0x9E3779B97F4A7C15L;

    private final Optimizer optimizer;
    private final LearningRateSchedule schedule;
    private final int batchSize;
    private final int epochs;
    private final long seed;
    private final boolean shuffle;
    private final TrainingListener[] listeners;
    private final double validationSplit;
    private final EarlyStopping earlyStopping;
    private final double clipNorm;
    private final double clipValue;
    private final NonFinitePolicy nonFinite;
    private final int maxConsecutiveSkips;
    private final HealthConfig health;
    private final CheckpointSink checkpoints;
    private final int checkpointEvery;
    private final ClassWeights classWeights;
    private final Lbfgs lbfgs;
    private final ImageShift imageShift;
    private final double labelSmoothing;
    private final WeightAveraging averaging;
    private final InputDropout inputDropout;

    /** Rows per loss evaluation chunk of a full-batch L-BFGS run (memory, not semantics: the loss is over all rows). */
    public static final int LBFGS_CHUNK_ROWS = 1024;

    private Trainer(Builder b) {
        this.optimizer = b.optimizer;
        this.schedule = b.schedule;
        this.batchSize = b.batchSize;
        this.epochs = b.epochs;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.listeners = b.listeners.toArray(new TrainingListener[0]);
        this.validationSplit = b.validationSplit;
        this.earlyStopping = b.earlyStopping;
        this.clipNorm = b.clipNorm;
        this.clipValue = b.clipValue;
        this.nonFinite = b.nonFinite;
        this.maxConsecutiveSkips = b.maxConsecutiveSkips;
        this.health = b.health;
        this.checkpoints = b.checkpoints;
        this.checkpointEvery = b.checkpointEvery;
        this.classWeights = b.classWeights;
        this.lbfgs = b.lbfgs;
        this.imageShift = b.imageShift;
        this.labelSmoothing = b.labelSmoothing;
        this.averaging = b.averaging;
        this.inputDropout = b.inputDropout;
        if (lbfgs != null && inputDropout != null) {
            throw new InvalidConfigurationException("input dropout: expected none with L-BFGS (full-batch, it needs the"
                    + " same objective at every iteration), found " + inputDropout);
        }
        if (lbfgs != null && averaging != null) {
            throw new InvalidConfigurationException("weight averaging: expected none with L-BFGS (full-batch, its line"
                    + " search needs the weights it steps), found " + averaging);
        }
        if (lbfgs != null && labelSmoothing > 0) {
            throw new InvalidConfigurationException("label smoothing: expected none with L-BFGS (its objective is the"
                    + " plain loss), found " + labelSmoothing);
        }
        if (lbfgs != null && imageShift != null) {
            throw new InvalidConfigurationException("image shift: expected none with L-BFGS (full-batch, it sees"
                    + " the same rows at every iteration), found " + imageShift);
        }
        if (lbfgs != null && (clipNorm > 0 || clipValue > 0)) {
            throw new InvalidConfigurationException("gradient clipping: expected none with L-BFGS (its line search"
                    + " chooses the step), found clip norm " + clipNorm + " and clip value " + clipValue);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public LearningRateSchedule schedule() {
        return schedule;
    }

    public int batchSize() {
        return batchSize;
    }

    public int epochs() {
        return epochs;
    }

    /**
     * Trains {@code model} on {@code data} in place and returns one report per epoch.
     *
     * @throws ShapeMismatchException    when the data's widths do not match the model's
     * @throws TrainingDivergedException when a step's loss or gradient is not finite under
     *                                   {@link NonFinitePolicy#STOP}, or under
     *                                   {@link NonFinitePolicy#SKIP} when too many steps in a
     *                                   row were skipped or the last epoch applied none (the
     *                                   weights keep their values from before the failed step)
     * @throws InvalidConfigurationException when the schedule gives a rate that is not finite
     *                                   and {@code > 0} as a float (before that step changes anything)
     */
    public List<EpochReport> fit(Mlp model, DataSet data) {
        return train(model, data, null, null).history();
    }

    /** As {@link #fit(Mlp, DataSet)} with explicit validation data (overrides the split). */
    public List<EpochReport> fit(Mlp model, DataSet data, DataSet validation) {
        return train(model, data, Objects.requireNonNull(validation, "validation"), null).history();
    }

    /**
     * Continues a run from a checkpoint: {@code model} holds the checkpoint's weights, and
     * {@code resume} its optimiser state and progress. Runs epochs {@code resume.epochsDone() + 1}
     * to {@link #epochs()} with the same seed, data and settings as the interrupted run.
     */
    public List<EpochReport> fit(Mlp model, DataSet data, TrainingResume resume) {
        return train(model, data, null, Objects.requireNonNull(resume, "resume")).history();
    }

    /** Trains with everything the builder set; the full outcome. */
    public TrainingResult train(Mlp model, DataSet data) {
        return train(model, data, null, null);
    }

    /**
     * The general form: {@code validation} (or null: the builder's split, if any) and
     * {@code resume} (or null: a fresh run).
     */
    public TrainingResult train(Mlp model, DataSet data, DataSet validation, TrainingResume resume) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        checkWidths(model, data, "data");
        DataSet training = data;
        if (validation != null) {
            checkWidths(model, validation, "validation data");
        } else if (validationSplit > 0) {
            DataSet[] parts = split(data, validationSplit, seed);
            training = parts[0];
            validation = parts[1];
        }
        int firstEpoch = 1;
        if (lbfgs != null) {
            lbfgs.reset();
        }
        if (resume != null) {
            if (lbfgs != null) {
                lbfgs.restore(resume.optimizerState());
            } else {
                optimizer.restore(resume.optimizerState());
            }
            firstEpoch = resume.epochsDone() + 1;
        }
        return new Run(model, training, validation, resume).execute(firstEpoch);
    }

    /** The state of one call to {@link #train}: buffers allocated once, then the epoch loop. */
    private final class Run {
        private final Mlp model;
        private final DataSet data;
        private final DataSet validation;
        private final GradientMonitor monitor;
        private final TrainingStep step;
        private final int rows;
        private final int batch;
        private final int stepsPerEpoch;
        private final float[] xBatch;
        private final float[] yBatch;
        /** Each training row's weight (class weight x sample weight), or null when unweighted. */
        private final float[] rowWeights;
        private final float[] wBatch;
        private final int[] order;
        private final List<Double> monitoredHistory = new ArrayList<>();
        private final List<Double> historyView = Collections.unmodifiableList(monitoredHistory);
        private final List<HealthVerdict> epochVerdicts = new ArrayList<>();
        private final Workspace evalWorkspace;
        private final FullBatchObjective objective;
        private Workspace trainingWorkspace;
        private Lbfgs.Status lbfgsStatus = Lbfgs.Status.CONTINUE;
        private float[] bestWeights;
        /** The weight average ({@link Builder#weightAveraging}), or null. */
        private final float[] average;
        /** The trained weights while the average is swapped in for evaluation, or null. */
        private final float[] swapped;
        /** Skipped steps in a row, across epochs (and resumes: it starts from the checkpoint's count). */
        private long consecutiveSkips;

        Run(Mlp model, DataSet data, DataSet validation, TrainingResume resume) {
            this.model = model;
            this.data = data;
            this.validation = validation;
            this.rows = data.rows();
            this.batch = Math.min(batchSize, rows);
            this.stepsPerEpoch = (rows + batch - 1) / batch;
            if (imageShift != null) {
                imageShift.checkFeatureWidth(data.featureWidth());
            }
            if (labelSmoothing > 0 && model.loss() != Loss.CROSS_ENTROPY) {
                throw new InvalidConfigurationException("label smoothing " + labelSmoothing + ": expected a model with"
                        + " the softmax cross-entropy loss, found " + model.loss());
            }
            this.monitor = health == null ? null : new GradientMonitor(health);
            if (monitor != null) {
                monitor.onVerdict(v -> {
                    epochVerdicts.add(v);
                    for (TrainingListener l : listeners) {
                        l.onHealthVerdict(v);
                    }
                });
            }
            this.step = new TrainingStep(model, optimizer, batch, new StepOptions(clipNorm, clipValue, nonFinite, monitor))
                    .dropoutSeed(seed);
            if (resume != null) {
                step.resumeAt(resume.steps());
                consecutiveSkips = resume.consecutiveSkips();
            }
            this.xBatch = new float[batch * data.featureWidth()];
            this.yBatch = new float[batch * data.targetWidth()];
            this.rowWeights = ClassWeights.rowWeights(data, model.loss(), classWeights);
            this.wBatch = rowWeights == null ? null : new float[batch];
            this.order = new int[rows];
            this.evalWorkspace = validation == null ? null : model.newWorkspace(Math.min(256, validation.rows()));
            this.objective = lbfgs == null ? null : new FullBatchObjective(model, data, rowWeights, LBFGS_CHUNK_ROWS);
            this.average = averaging == null ? null : startAverage(model, resume);
            this.swapped = average == null || validation == null ? null : new float[average.length];
        }

        /** The average a run starts from: the checkpoint's, or (fresh run, or a checkpoint without one) the weights. */
        private float[] startAverage(Mlp model, TrainingResume resume) {
            float[] saved = resume == null ? null : resume.averagedWeights();
            if (saved == null) {
                if (resume != null) {
                    LOG.log(System.Logger.Level.WARNING, "weight averaging: the checkpoint holds no weight average (it"
                            + " was written by a run without one); the average starts from its weights at epoch {0}",
                            resume.epochsDone());
                }
                return model.parameters().clone();
            }
            if (saved.length != model.parameterCount()) {
                throw new InvalidConfigurationException("weight average in the checkpoint: expected "
                        + model.parameterCount() + " values (the model's parameters), found " + saved.length);
            }
            return saved;
        }

        /** Validation metrics of the weight average (swapped in for the evaluation) or of the weights. */
        private Metrics validationMetrics() {
            if (average == null) {
                return Evaluation.metrics(model, validation, evalWorkspace);
            }
            float[] params = model.parameters();
            System.arraycopy(params, 0, swapped, 0, params.length);
            System.arraycopy(average, 0, params, 0, params.length);
            try {
                return Evaluation.metrics(model, validation, evalWorkspace);
            } finally {
                System.arraycopy(swapped, 0, params, 0, params.length);
            }
        }

        TrainingResult execute(int firstEpoch) {
            TrainingStart start = new TrainingStart(model, firstEpoch, epochs, rows,
                    validation == null ? 0 : validation.rows(), batch, stepsPerEpoch, monitor);
            for (TrainingListener l : listeners) {
                l.onTrainingStart(start);
            }
            List<EpochReport> history = new ArrayList<>();
            int bestEpoch = 0;
            double best = Double.NaN;
            int sinceBest = 0;
            boolean stoppedEarly = false;
            long skippedTotal = 0;
            for (int epoch = firstEpoch; epoch <= epochs; epoch++) {
                EpochReport report = runEpoch(epoch);
                skippedTotal += report.skippedSteps();
                history.add(report);
                Metrics monitored = report.monitored();
                monitoredHistory.add(monitored.loss());
                for (TrainingListener l : listeners) {
                    l.onEpochEnd(report);
                }
                if (checkpoints != null && epoch % checkpointEvery == 0) {
                    saveCheckpoint(epoch);
                }
                if (lbfgsStatus.converged()) {
                    stoppedEarly = epoch < epochs;
                    LOG.log(System.Logger.Level.INFO, "L-BFGS stopped after iteration {0}: {1}", lbfgs.iterations(),
                            lbfgsStatus);
                    break;
                }
                if (earlyStopping != null) {
                    double value = monitored.get(earlyStopping.metric());
                    if (earlyStopping.improves(value, best)) {
                        best = value;
                        bestEpoch = epoch;
                        sinceBest = 0;
                        if (earlyStopping.restoreBestWeights()) {
                            if (bestWeights == null) {
                                bestWeights = new float[model.parameterCount()];
                            }
                            System.arraycopy(average != null ? average : model.parameters(), 0, bestWeights, 0,
                                    bestWeights.length);
                        }
                    } else if (++sinceBest >= earlyStopping.patience()) {
                        stoppedEarly = epoch < epochs;
                        LOG.log(System.Logger.Level.INFO, "early stopping after epoch {0}: {1} has not improved for {2}"
                                + " epochs (best {3} at epoch {4})", epoch, earlyStopping.metric(), sinceBest, best, bestEpoch);
                        break;
                    }
                }
            }
            EpochReport last = history.isEmpty() ? null : history.get(history.size() - 1);
            if (last != null && last.skippedSteps() >= stepsPerEpoch) {
                throw new TrainingDivergedException("epoch " + last.epoch() + ", the last of the run: expected at least"
                        + " one step with a finite loss and gradient, found all " + stepsPerEpoch + " skipped (the last "
                        + consecutiveSkips + " steps in a row); training did not succeed and "
                        + TrainingStep.weightsState(model) + ". Lower the learning rate or clip gradients.", step.steps());
            }
            boolean restored = false;
            if (bestWeights != null && bestEpoch != history.get(history.size() - 1).epoch()) {
                System.arraycopy(bestWeights, 0, model.parameters(), 0, bestWeights.length);
                restored = true;
            } else if (average != null) {
                System.arraycopy(average, 0, model.parameters(), 0, average.length);
            }
            TrainingResult result = new TrainingResult(history, stoppedEarly, bestEpoch, best, restored,
                    lbfgs != null ? lbfgs.iterations() : step.steps(), skippedTotal, monitor);
            for (TrainingListener l : listeners) {
                l.onTrainingEnd(result);
            }
            return result;
        }

        /** One L-BFGS iteration over the whole training set, reported as an epoch. */
        private EpochReport runLbfgsEpoch(int epoch) {
            long start = System.nanoTime();
            for (TrainingListener l : listeners) {
                l.onEpochStart(epoch, rows);
            }
            epochVerdicts.clear();
            try {
                lbfgsStatus = lbfgs.iterate(objective, model.parameters());
            } catch (IllegalArgumentException e) {
                throw new TrainingDivergedException("epoch " + epoch + ": " + e.getMessage()
                        + "; the weights keep their last finite values", lbfgs.iterations());
            }
            long iteration = lbfgs.iterations();
            double loss = lbfgs.loss();
            for (TrainingListener l : listeners) {
                l.onStepEnd(epoch, iteration, loss, rows, rows);
            }
            if (trainingWorkspace == null) {
                trainingWorkspace = model.newWorkspace(Math.min(256, rows));
            }
            Metrics counted = Evaluation.metrics(model, data, trainingWorkspace);
            Metrics trainingMetrics = new Metrics(loss, counted.accuracy(), model.loss() == Loss.MSE ? loss : Double.NaN,
                    counted.mae());
            Metrics validationMetrics = validation == null ? null : Evaluation.metrics(model, validation, evalWorkspace);
            return new EpochReport(epoch, loss, rows, (System.nanoTime() - start) / 1e9, trainingMetrics,
                    validationMetrics, lbfgs.lastStep(), 0, epochVerdicts);
        }

        private EpochReport runEpoch(int epoch) {
            if (lbfgs != null) {
                return runLbfgsEpoch(epoch);
            }
            long start = System.nanoTime();
            for (TrainingListener l : listeners) {
                l.onEpochStart(epoch, rows);
            }
            epochVerdicts.clear();
            orderFor(epoch, order);
            float[] x = data.features();
            float[] y = data.targets();
            int in = data.featureWidth();
            int out = data.targetWidth();
            boolean regression = model.loss() == Loss.MSE;
            float base = optimizer.learningRate();
            long globalStep = (long) (epoch - 1) * stepsPerEpoch;
            double lossSum = 0;
            double absSum = 0;
            long right = 0;
            long appliedRows = 0;
            double lossWeight = 0;
            long skipped = 0;
            float rate = base;
            for (int from = 0; from < rows; from += batch) {
                int n = Math.min(batch, rows - from);
                for (int r = 0; r < n; r++) {
                    int src = order[from + r];
                    if (imageShift != null) {
                        imageShift.copyShifted(x, src * in, xBatch, r * in, seed, globalStep, r);
                    } else {
                        System.arraycopy(x, src * in, xBatch, r * in, in);
                    }
                    System.arraycopy(y, src * out, yBatch, r * out, out);
                    if (wBatch != null) {
                        wBatch[r] = rowWeights[src];
                    }
                }
                if (labelSmoothing > 0) {
                    LabelSmoothing.apply(labelSmoothing, yBatch, 0, n, out);
                }
                if (inputDropout != null) {
                    inputDropout.apply(xBatch, 0, n, in, seed, globalStep);
                }
                double scheduled = schedule.rate(base, globalStep, epoch - 1, stepsPerEpoch, historyView);
                rate = (float) scheduled;
                if (!(rate > 0) || rate == Float.POSITIVE_INFINITY) {
                    throw badRate(scheduled, globalStep + 1, epoch);
                }
                globalStep++;
                double loss = step.step(xBatch, 0, yBatch, 0, wBatch, 0, n, rate);
                if (step.lastStepSkipped()) {
                    skipped++;
                    for (TrainingListener l : listeners) {
                        l.onSkippedStep(epoch, globalStep, loss);
                    }
                    if (++consecutiveSkips >= maxConsecutiveSkips) {
                        throw new TrainingDivergedException("epoch " + epoch + ", step " + globalStep + ": "
                                + consecutiveSkips + " steps in a row had a non-finite loss or gradient and were skipped;"
                                + " training stopped and " + TrainingStep.weightsState(model) + ". Lower the learning"
                                + " rate or clip gradients.", globalStep);
                    }
                } else {
                    consecutiveSkips = 0;
                    if (average != null) {
                        averaging.update(average, model.parameters());
                    }
                    double share = n;
                    if (wBatch != null) {
                        share = 0;
                        for (int r = 0; r < n; r++) {
                            share += wBatch[r];
                        }
                    }
                    lossSum += loss * share;
                    lossWeight += share;
                    appliedRows += n;
                    float[] predictions = step.workspace().output();
                    if (regression) {
                        absSum += Evaluation.absoluteErrors(predictions, yBatch, 0, n, out);
                    } else {
                        right += Evaluation.correct(predictions, yBatch, 0, n, out);
                    }
                }
                for (TrainingListener l : listeners) {
                    l.onStepEnd(epoch, globalStep, loss, from + n, rows);
                }
            }
            double meanLoss = appliedRows > 0 ? lossSum / lossWeight : Double.NaN;
            Metrics trainingMetrics = Evaluation.of(model.loss(), meanLoss, right, absSum, Math.max(appliedRows, 1), out);
            Metrics validationMetrics = null;
            if (validation != null) {
                validationMetrics = validationMetrics();
                if (!Double.isFinite(validationMetrics.loss()) && nonFinite == NonFinitePolicy.STOP) {
                    throw new TrainingDivergedException("epoch " + epoch + ": expected a finite validation loss, found "
                            + validationMetrics.loss() + " (the weights are finite; the outputs overflow)", step.steps());
                }
            }
            return new EpochReport(epoch, meanLoss, rows, (System.nanoTime() - start) / 1e9, trainingMetrics,
                    validationMetrics, rate, skipped, epochVerdicts);
        }

        /** The error for a schedule's rate that is not finite and > 0 (as float32); built only on failure. */
        private InvalidConfigurationException badRate(double scheduled, long oneBasedStep, int epoch) {
            return new InvalidConfigurationException("learning rate from schedule " + schedule + " at step " + oneBasedStep
                    + " (epoch " + epoch + "): expected a finite value > 0, found " + scheduled
                    + (Double.isFinite(scheduled) && scheduled > 0 ? " (" + (float) scheduled + " as float32)" : "")
                    + "; no update was applied at this step");
        }

        private void saveCheckpoint(int epoch) {
            try {
                checkpoints.save(model, lbfgs != null
                        ? new TrainingResume(lbfgs.state(), epoch, lbfgs.iterations())
                        : new TrainingResume(optimizer.state(), epoch, step.steps(), consecutiveSkips, average));
            } catch (IOException e) {
                throw new UncheckedIOException("checkpoint after epoch " + epoch + " could not be saved: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The visiting order of epoch {@code epoch}: the identity, Fisher-Yates shuffled by a
     * generator seeded from {@code (seed, epoch)} alone (unless shuffling is off).
     */
    void orderFor(int epoch, int[] order) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            shuffle(order, new SplittableRandom(seed ^ (epoch * EPOCH_SALT)));
        }
    }

    /** Fisher-Yates shuffle in place. */
    static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /**
     * Splits {@code data} into training and validation rows: a seeded random {@code fraction}
     * (at least one row, leaving at least one) goes to validation. Rows keep their relative order.
     */
    static DataSet[] split(DataSet data, double fraction, long seed) {
        int rows = data.rows();
        if (rows < 2) {
            throw new InvalidConfigurationException("validation split: expected at least 2 rows to split, found " + rows);
        }
        int held = (int) Math.min(rows - 1, Math.max(1, Math.round(rows * fraction)));
        int[] perm = new int[rows];
        for (int i = 0; i < rows; i++) {
            perm[i] = i;
        }
        shuffle(perm, new SplittableRandom(seed ^ SPLIT_SALT));
        boolean[] toValidation = new boolean[rows];
        for (int i = 0; i < held; i++) {
            toValidation[perm[i]] = true;
        }
        int in = data.featureWidth();
        int out = data.targetWidth();
        float[] tx = new float[(rows - held) * in];
        float[] ty = new float[(rows - held) * out];
        float[] vx = new float[held * in];
        float[] vy = new float[held * out];
        float[] weights = data.sampleWeights();
        float[] tw = weights == null ? null : new float[rows - held];
        float[] vw = weights == null ? null : new float[held];
        int t = 0;
        int v = 0;
        for (int r = 0; r < rows; r++) {
            if (toValidation[r]) {
                System.arraycopy(data.features(), r * in, vx, v * in, in);
                System.arraycopy(data.targets(), r * out, vy, v * out, out);
                if (vw != null) {
                    vw[v] = weights[r];
                }
                v++;
            } else {
                System.arraycopy(data.features(), r * in, tx, t * in, in);
                System.arraycopy(data.targets(), r * out, ty, t * out, out);
                if (tw != null) {
                    tw[t] = weights[r];
                }
                t++;
            }
        }
        return new DataSet[]{DataSet.of(tx, in, ty, out).withSampleWeights(tw),
                DataSet.of(vx, in, vy, out).withSampleWeights(vw)};
    }

    private static void checkWidths(Mlp model, DataSet data, String what) {
        if (data.featureWidth() != model.inputWidth()) {
            throw ShapeMismatchException.of(what + " feature width (model input width)", model.inputWidth(), data.featureWidth());
        }
        if (data.targetWidth() != model.outputWidth()) {
            throw ShapeMismatchException.of(what + " target width (model output width)", model.outputWidth(), data.targetWidth());
        }
    }

    /**
     * Builds a {@link Trainer}. Defaults: SGD lr 0.01, constant rate, batch 32, 10 epochs,
     * seed 42, shuffled, no validation, no early stopping, no clipping, stop on a non-finite
     * step, gradient health every 50 steps ({@link HealthConfig#defaults()}), no checkpoints.
     */
    public static final class Builder {
        private Optimizer optimizer = new Sgd(0.01);
        private LearningRateSchedule schedule = LearningRateSchedule.constant();
        private int batchSize = 32;
        private int epochs = 10;
        private long seed = 42;
        private boolean shuffle = true;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private double validationSplit;
        private EarlyStopping earlyStopping;
        private double clipNorm;
        private double clipValue;
        private NonFinitePolicy nonFinite = NonFinitePolicy.STOP;
        private int maxConsecutiveSkips = 50;
        private HealthConfig health = HealthConfig.defaults();
        private CheckpointSink checkpoints;
        private int checkpointEvery;
        private ClassWeights classWeights;
        private Lbfgs lbfgs;
        private ImageShift imageShift;
        private double labelSmoothing;
        private WeightAveraging averaging;
        private InputDropout inputDropout;

        private Builder() {
        }

        /**
         * Dropout on the inputs with rate {@code p} in {@code [0, 1)} (0, the default, is off):
         * each training batch's features are masked by {@link InputDropout}; validation sees
         * them unchanged. Not with L-BFGS.
         *
         * @throws InvalidConfigurationException for a rate outside {@code [0, 1)}
         */
        public Builder inputDropout(double p) {
            if (p == 0) {
                this.inputDropout = null;
                return this;
            }
            this.inputDropout = InputDropout.of(p);
            return this;
        }

        /**
         * Weight averaging (EMA) with this {@code decay} in {@code (0, 1)} (see
         * {@link WeightAveraging}): an exponential moving average of the weights, updated after
         * every applied step, is what the validation metrics of each epoch measure and what the
         * model holds when training ends (unless early stopping restores the best epoch's
         * average); checkpoints carry it ({@link TrainingResume#averagedWeights()}) while the
         * checkpoint's model holds the weights being trained. Training itself is unchanged: the
         * training metrics are those of the trained weights. Off by default; not with L-BFGS.
         *
         * @throws InvalidConfigurationException for a decay outside {@code (0, 1)}
         */
        public Builder weightAveraging(double decay) {
            this.averaging = WeightAveraging.withDecay(decay);
            return this;
        }

        /** Turns weight averaging off (the default). */
        public Builder noWeightAveraging() {
            this.averaging = null;
            return this;
        }

        /**
         * Label smoothing {@code eps} in {@code [0, 1)} (0, the default, is off) for the softmax
         * cross-entropy loss: each training batch's targets are smoothed by
         * {@link LabelSmoothing#apply}. The training loss reported is the loss on the smoothed
         * targets; validation and evaluation use the data's own targets.
         */
        public Builder labelSmoothing(double eps) {
            if (!(eps >= 0 && eps < 1)) {
                throw new InvalidConfigurationException("label smoothing: expected a value in [0, 1), found " + eps);
            }
            this.labelSmoothing = eps;
            return this;
        }

        /**
         * Data augmentation by random image translation (null: off, the default): every training
         * row is copied into its batch shifted by a seeded random offset of up to
         * {@link ImageShift#maxShift()} pixels; validation data is not shifted. See {@link ImageShift}.
         */
        public Builder imageShift(ImageShift shift) {
            this.imageShift = shift;
            return this;
        }

        /**
         * Full-batch L-BFGS instead of mini-batch steps (null: off, the default): each epoch is one
         * iteration over the whole training set, and the run stops when the solver's tolerances
         * are met. See the class comment.
         */
        public Builder lbfgs(Lbfgs solver) {
            this.lbfgs = solver;
            return this;
        }

        /**
         * Class weights multiplied into each training sample's weight (null = none, the default);
         * see {@link ClassWeights}. Balanced weights are fitted on the training rows (after any
         * validation split).
         */
        public Builder classWeights(ClassWeights weights) {
            this.classWeights = weights;
            return this;
        }

        /** Plain SGD with this learning rate. */
        public Builder learningRate(double learningRate) {
            this.optimizer = new Sgd(learningRate);
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** How the optimiser's base learning rate changes over training (default constant). */
        public Builder schedule(LearningRateSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        /** Rows per step; 1 is per-sample SGD. */
        public Builder batchSize(int batchSize) {
            this.batchSize = InvalidConfigurationException.requirePositive("batch size", batchSize);
            return this;
        }

        /** The last epoch to run (a resumed run continues up to it). */
        public Builder epochs(int epochs) {
            this.epochs = InvalidConfigurationException.requirePositive("epochs", epochs);
            return this;
        }

        /** Seed of the shuffling order and the validation split. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether each epoch visits the rows in a fresh random order (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Holds out a seeded random {@code fraction} of the rows (in {@code [0, 1)}; 0 = none) for
         * validation, unless validation data is passed to {@code fit}/{@code train}.
         */
        public Builder validationSplit(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new InvalidConfigurationException("validation split: expected a fraction in [0, 1), found " + fraction);
            }
            this.validationSplit = fraction;
            return this;
        }

        /** Early stopping (null = off). */
        public Builder earlyStopping(EarlyStopping earlyStopping) {
            this.earlyStopping = earlyStopping;
            return this;
        }

        /** Clip the gradient to this global L2 norm (0 = off). */
        public Builder clipNorm(double maxNorm) {
            this.clipNorm = StepOptions.clipLimit("gradient clipping norm", maxNorm);
            return this;
        }

        /** Clamp each gradient element to {@code [-limit, limit]} (0 = off). */
        public Builder clipValue(double limit) {
            this.clipValue = StepOptions.clipLimit("gradient clipping value", limit);
            return this;
        }

        /**
         * What a non-finite step does (default {@link NonFinitePolicy#STOP}). Under
         * {@link NonFinitePolicy#SKIP} training still stops, with
         * {@link TrainingDivergedException}, after 50 skipped steps in a row, counted across
         * epochs and across a resume (the checkpoint carries the count), and when the last
         * epoch of the run applied no step at all.
         */
        public Builder nonFinite(NonFinitePolicy policy) {
            this.nonFinite = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** As {@link #nonFinite(NonFinitePolicy)} with the number of consecutive skips that stops training. */
        public Builder nonFinite(NonFinitePolicy policy, int maxConsecutiveSkips) {
            this.maxConsecutiveSkips = InvalidConfigurationException.requirePositive("max consecutive skipped steps",
                    maxConsecutiveSkips);
            return nonFinite(policy);
        }

        /** Gradient-health monitoring with these settings, or {@code null} to turn it off. */
        public Builder health(HealthConfig config) {
            this.health = config;
            return this;
        }

        /**
         * Hands a checkpoint (model and {@link TrainingResume}) to {@code sink} after every
         * {@code everyEpochs} epochs.
         */
        public Builder checkpoints(CheckpointSink sink, int everyEpochs) {
            this.checkpoints = Objects.requireNonNull(sink, "sink");
            this.checkpointEvery = InvalidConfigurationException.requirePositive("checkpoint period (epochs)", everyEpochs);
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
