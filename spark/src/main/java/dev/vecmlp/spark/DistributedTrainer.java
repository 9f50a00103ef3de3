package dev.vecmlp.spark;

import dev.vecmlp.health.GradientMonitor;
import dev.vecmlp.health.HealthConfig;
import dev.vecmlp.health.HealthVerdict;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.train.EpochReport;
import dev.vecmlp.train.Evaluation;
import dev.vecmlp.train.Metrics;
import dev.vecmlp.train.NonFinitePolicy;
import dev.vecmlp.train.TrainingDivergedException;
import dev.vecmlp.train.TrainingStep;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjIntConsumer;

/**
 * The driver's training loop over cached {@link Block}s, in either {@link TrainingMode}.
 *
 * <p><b>Sync.</b> Per step: broadcast the weights, one {@code treeAggregate} job in which every
 * partition computes the gradient of its slice of the global batch ({@link BatchPlan}) with
 * {@link Mlp#computeTrainingGradients} (dropout masks keyed by the seed, the partition and the
 * driver's step count; the sample-weighted mean loss when there is a weight column) and returns it
 * multiplied by what the slice counts for (its rows, or the sum of its sample weights), then the
 * driver divides by the batch's total and hands the mean to a {@link TrainingStep} (non-finite guard, clipping,
 * health monitor, optimiser with its state on the driver). A non-finite gradient from any
 * partition makes the sum non-finite, so the step is skipped or training stops exactly as on one
 * machine; it is never applied.
 *
 * <p><b>Averaging.</b> Per round: broadcast the weights; every partition runs vecmlp's
 * {@link TrainingStep} on its own rows for {@code localSteps} batches (0: one local epoch) with a
 * fresh optimiser (its state is reset each round: only weights are averaged), and returns its
 * weights multiplied by the rows it trained on (the sum of their sample weights with a weight
 * column); the driver divides by the total. Dropout masks are keyed by the seed, the partition
 * and the round. A local step that
 * is not finite is skipped or stops training in its task, as on one machine, so no non-finite
 * weights reach the average.
 *
 * <p>Determinism: batches depend only on seed, epoch and partition sizes, and every task's
 * result only on its inputs, so a retried task returns the same bits. The sums are exact
 * functions of the partial sums' merge order; Spark merges partial results in arrival order,
 * which cannot change a sum of two partial results (float addition is commutative) but can
 * change the last bit of a sum of three or more. Runs with at most two partitions per merge
 * (two partitions, or {@code aggregationDepth} making the tree binary) are bit-reproducible;
 * others agree to float rounding.
 */
final class DistributedTrainer {
    private static final Logger LOG = LoggerFactory.getLogger(DistributedTrainer.class);
    private static final int HEALTH_SAMPLE_ROWS = 256;
    private static final int EVAL_CHUNK = 256;

    /**
     * Test hook: the global step (1-based; in averaging mode the round) at which the task of
     * partition 0 fails once, or -1. In local mode tasks run in this JVM, so tests can set it.
     */
    static final AtomicLong FAIL_ONCE_AT_STEP = new AtomicLong(-1);

    /**
     * Benchmark hook: when set, called on the driver after each epoch with the epoch (1-based)
     * and the live network (the benchmark harness scores it on held-out data, off the clock).
     */
    static volatile ObjIntConsumer<Mlp> epochEndHook;

    private final JavaSparkContext jsc;
    private final DataBlocks.Prepared data;
    private final Mlp model;
    private final TrainingConfig config;
    private final String runId = UUID.randomUUID().toString();
    private final int in;
    private final int out;
    private final BatchPlan plan;

    private long jobs;
    private long broadcastNanos;
    private long computeNanos;
    private long jobNanos;
    private long updateNanos;

    DistributedTrainer(SparkContext sc, DataBlocks.Prepared data, Mlp model, TrainingConfig config) {
        this.jsc = JavaSparkContext.fromSparkContext(sc);
        this.data = data;
        this.model = model;
        this.config = config;
        this.in = model.inputWidth();
        this.out = model.outputWidth();
        this.plan = new BatchPlan(config.seed(), config.shuffle(), data.rows(), config.batchSize());
    }

    TrainingSummary run() {
        String previous = jsc.getLocalProperty("spark.job.description");
        try {
            return config.mode() == TrainingMode.SYNC ? runSync() : runAveraging();
        } finally {
            jsc.setJobDescription(previous);
        }
    }

    // ------------------------------------------------------------ sync

    private TrainingSummary runSync() {
        HealthConfig healthConfig = config.health();
        GradientMonitor monitor = healthConfig == null ? null : new GradientMonitor(healthConfig);
        List<HealthVerdict> epochVerdicts = new ArrayList<>();
        if (monitor != null) {
            monitor.onVerdict(epochVerdicts::add);
        }
        float[] sample = monitor == null ? null : healthSample();
        int sampleRows = sample == null ? 0 : sample.length / in;
        Optimizer optimizer = config.newOptimizer();
        LearningRateSchedule schedule = config.newSchedule();
        TrainingStep step = new TrainingStep(model, optimizer, Math.max(plan.batch(), Math.max(1, sampleRows)),
                config.stepOptions(monitor));
        int steps = plan.stepsPerEpoch();
        float base = optimizer.learningRate();
        List<Double> monitored = new ArrayList<>();
        List<Double> historyView = Collections.unmodifiableList(monitored);
        List<EpochReport> history = new ArrayList<>();
        long skippedTotal = 0;
        LOG.info("vecmlp sync training: {} rows in {} partitions, global batch {}, {} steps per epoch, {} epochs, "
                        + "optimizer {}, {} parameters", data.rows(), data.summaries().size(), plan.batch(), steps,
                config.epochs(), optimizer, model.parameterCount());
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            epochVerdicts.clear();
            PartialSum totals = new PartialSum();
            long skipped = 0;
            int consecutive = 0;
            float rate = base;
            for (int s = 0; s < steps; s++) {
                long globalStep = (long) (epoch - 1) * steps + s;
                rate = (float) schedule.rate(base, globalStep, epoch - 1, steps, historyView);
                jsc.setJobDescription("vecmlp sync: epoch " + epoch + "/" + config.epochs() + ", step " + (s + 1) + "/"
                        + steps + " (global step " + (globalStep + 1) + ")");
                PartialSum sum = aggregate(new SyncTask(runId, config, plan, in, out, null, epoch, s, globalStep + 1,
                        step.steps() + 1));
                long t0 = System.nanoTime();
                if (sum.rows == 0) {
                    continue;
                }
                float[] g = step.gradients().values();
                float n = (float) sum.weight;
                for (int i = 0; i < g.length; i++) {
                    g[i] = sum.values[i] / n;
                }
                double loss = sum.loss / sum.weight;
                int monitorRows = sum.rows > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum.rows;
                if (monitor != null && monitor.due(step.steps() + 1) && sampleRows > 0) {
                    model.forward(step.workspace(), sample, 0, sampleRows);
                    monitorRows = sampleRows;
                }
                step.apply(loss, monitorRows, rate);
                updateNanos += System.nanoTime() - t0;
                if (step.lastStepSkipped()) {
                    skipped++;
                    if (++consecutive >= config.maxConsecutiveSkips()) {
                        throw new TrainingDivergedException("epoch " + epoch + ", step " + (globalStep + 1) + ": "
                                + consecutive + " steps in a row had a non-finite loss or gradient and were skipped;"
                                + " training stopped (the weights keep their last finite values)", globalStep + 1);
                    }
                } else {
                    consecutive = 0;
                    sum.values = null;
                    PartialSum.merge(totals, sum);
                }
            }
            skippedTotal += skipped;
            EpochReport report = epochReport(epoch, start, totals, rate, skipped, epochVerdicts);
            monitored.add(report.monitored().loss());
            history.add(report);
            epochEnded(epoch);
        }
        return summary(history, step.steps(), skippedTotal);
    }

    /** A few training rows on the driver, for the health monitor's activation statistics. */
    private float[] healthSample() {
        int width = in;
        int rows = Math.min(HEALTH_SAMPLE_ROWS, plan.batch());
        jsc.setJobDescription("vecmlp: sample rows for gradient-health checks");
        List<float[]> firsts = data.blocks().filter(b -> b.rows > 0)
                .map(b -> Arrays.copyOf(b.x, Math.min(rows, b.rows) * width)).take(1);
        return firsts.isEmpty() ? null : firsts.get(0);
    }

    /** One treeAggregate job of {@code task} over the blocks, with the weights broadcast; timed. */
    private PartialSum aggregate(BlockTask task) {
        long t0 = System.nanoTime();
        Broadcast<float[]> weights = jsc.broadcast(model.parameters().clone());
        long t1 = System.nanoTime();
        PartialSum sum;
        try {
            sum = data.blocks().treeAggregate(new PartialSum(), task.with(weights), PartialSum::merge,
                    config.aggregationDepth());
        } finally {
            weights.destroy();
        }
        long t2 = System.nanoTime();
        jobs++;
        broadcastNanos += t1 - t0;
        jobNanos += t2 - t1;
        computeNanos += sum.computeNanos;
        return sum;
    }

    // ------------------------------------------------------------ averaging

    private TrainingSummary runAveraging() {
        int batch = plan.batch();
        int maxLocalSteps = 0;
        for (Block.Summary s : data.summaries()) {
            maxLocalSteps = Math.max(maxLocalSteps, (s.rows() + batch - 1) / batch);
        }
        int k = config.localSteps() == 0 ? maxLocalSteps : config.localSteps();
        int rounds = (maxLocalSteps + k - 1) / k;
        List<EpochReport> history = new ArrayList<>();
        long stepsTotal = 0;
        long skippedTotal = 0;
        LOG.info("vecmlp averaging training: {} rows in {} partitions, local batch {}, {} local steps per round, "
                        + "{} rounds per epoch, {} epochs, optimizer {} (state reset every round)", data.rows(),
                data.summaries().size(), batch, k, rounds, config.epochs(), config.optimizer());
        float[] params = model.parameters();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            PartialSum totals = new PartialSum();
            double[] monitoredHistory = history.stream().mapToDouble(r -> r.monitored().loss()).toArray();
            for (int round = 0; round < rounds; round++) {
                jsc.setJobDescription("vecmlp averaging: epoch " + epoch + "/" + config.epochs() + ", round "
                        + (round + 1) + "/" + rounds + " (" + k + " local steps)");
                long globalRound = (long) (epoch - 1) * rounds + round + 1;
                PartialSum sum = aggregate(new AveragingTask(runId, config, plan, in, out, null, epoch, round, k,
                        maxLocalSteps, monitoredHistory, globalRound));
                long t0 = System.nanoTime();
                if (sum.rows > 0) {
                    float n = (float) sum.weight;
                    for (int i = 0; i < params.length; i++) {
                        params[i] = sum.values[i] / n;
                    }
                }
                updateNanos += System.nanoTime() - t0;
                stepsTotal += sum.steps;
                skippedTotal += sum.skipped;
                sum.values = null;
                PartialSum.merge(totals, sum);
            }
            double lastRate = config.newSchedule().rate(config.learningRate(), (long) epoch * maxLocalSteps - 1, epoch - 1,
                    maxLocalSteps, monitoredHistoryList(monitoredHistory));
            history.add(epochReport(epoch, start, totals, lastRate, totals.skipped, List.of()));
            epochEnded(epoch);
        }
        return summary(history, stepsTotal, skippedTotal);
    }

    private void epochEnded(int epoch) {
        ObjIntConsumer<Mlp> hook = epochEndHook;
        if (hook != null) {
            hook.accept(model, epoch);
        }
    }

    private static List<Double> monitoredHistoryList(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    // ------------------------------------------------------------ epochs

    private EpochReport epochReport(int epoch, long start, PartialSum totals, double rate, long skipped,
                                    List<HealthVerdict> verdicts) {
        Loss loss = model.loss();
        double meanLoss = totals.rows > 0 ? totals.loss / totals.weight : Double.NaN;
        Metrics training = Evaluation.of(loss, meanLoss, totals.right, totals.absErrors, Math.max(totals.rows, 1), out);
        double seconds = (System.nanoTime() - start) / 1e9;
        Metrics validation = null;
        if (data.validationRows() > 0) {
            jsc.setJobDescription("vecmlp: validation after epoch " + epoch);
            PartialSum v = aggregate(new EvaluationTask(runId, config, in, out, null));
            validation = data.weighted() ? weightedMetrics(loss, v, out)
                    : Evaluation.of(loss, v.loss / Math.max(v.rows, 1), v.right, v.absErrors, Math.max(v.rows, 1), out);
            if (!Double.isFinite(validation.loss()) && config.nonFinite() == NonFinitePolicy.STOP) {
                throw new TrainingDivergedException("epoch " + epoch + ": expected a finite validation loss, found "
                        + validation.loss(), 0);
            }
        }
        EpochReport report = new EpochReport(epoch, meanLoss, totals.rows, seconds, training, validation, rate, skipped,
                verdicts);
        LOG.info("vecmlp epoch {}/{}: loss {}, {} {}{}, {} samples/s, {} skipped steps{}", epoch, config.epochs(),
                String.format("%.4f", meanLoss), loss == Loss.MSE ? "mae" : "accuracy",
                String.format("%.4f", loss == Loss.MSE ? training.mae() : training.accuracy()),
                validation == null ? "" : String.format(", validation loss %.4f, validation %s %.4f", validation.loss(),
                        loss == Loss.MSE ? "mae" : "accuracy", loss == Loss.MSE ? validation.mae() : validation.accuracy()),
                String.format("%.0f", totals.rows / seconds), skipped,
                verdicts.isEmpty() ? "" : ", health: " + verdicts);
        return report;
    }

    /** Validation metrics with each row counted by its sample weight (as {@code Evaluation.metrics} with weights). */
    private static Metrics weightedMetrics(Loss loss, PartialSum v, int out) {
        double total = Math.max(v.weight, Double.MIN_NORMAL);
        double mean = v.loss / total;
        if (loss == Loss.MSE) {
            return new Metrics(mean, Double.NaN, mean, v.weightedAbsErrors / (total * out));
        }
        return new Metrics(mean, v.weightedRight / total, Double.NaN, Double.NaN);
    }

    private TrainingSummary summary(List<EpochReport> history, long steps, long skipped) {
        if (jobs > 0) {
            LOG.info("vecmlp training done: {} jobs; per job {} ms broadcast, {} ms slowest task's compute, {} ms rest of"
                            + " the job (scheduling, aggregation), {} ms driver update", jobs,
                    String.format("%.2f", broadcastNanos / 1e6 / jobs), String.format("%.2f", computeNanos / 1e6 / jobs),
                    String.format("%.2f", Math.max(0, jobNanos - computeNanos) / 1e6 / jobs),
                    String.format("%.2f", updateNanos / 1e6 / jobs));
        }
        return new TrainingSummary(config.mode(), data.summaries().size(), data.rows(), data.validationRows(), history,
                steps, skipped, jobs, broadcastNanos / 1e9, computeNanos / 1e9, jobNanos / 1e9, updateNanos / 1e9);
    }

    // ------------------------------------------------------------ tasks (run on executors)

    /** A per-block computation that reads the broadcast weights; {@link #with} binds them. */
    abstract static class BlockTask implements Function2<PartialSum, Block, PartialSum> {
        private static final long serialVersionUID = 1L;
        final String runId;
        final TrainingConfig config;
        final BatchPlan plan;
        final int in;
        final int out;
        final Broadcast<float[]> weights;

        BlockTask(String runId, TrainingConfig config, BatchPlan plan, int in, int out, Broadcast<float[]> weights) {
            this.runId = runId;
            this.config = config;
            this.plan = plan;
            this.in = in;
            this.out = out;
            this.weights = weights;
        }

        abstract BlockTask with(Broadcast<float[]> weights);

        abstract void compute(ExecutorState.Worker worker, Block block, PartialSum result);

        int capacity() {
            return plan == null ? EVAL_CHUNK : plan.maxSlice();
        }

        @Override
        public PartialSum call(PartialSum acc, Block block) {
            long t0 = System.nanoTime();
            ExecutorState.Worker worker = ExecutorState.acquire(runId, config, in, out, capacity());
            PartialSum result = new PartialSum();
            try {
                float[] w = weights.value();
                System.arraycopy(w, 0, worker.model.parameters(), 0, w.length);
                compute(worker, block, result);
            } finally {
                ExecutorState.release(worker);
            }
            result.computeNanos = System.nanoTime() - t0;
            return PartialSum.merge(acc, result);
        }

        static void failOnceAt(long step, Block block) {
            if (block.partition == 0 && FAIL_ONCE_AT_STEP.get() == step && FAIL_ONCE_AT_STEP.compareAndSet(step, -1)) {
                throw new IllegalStateException("vecmlp test hook: task of partition 0 fails once at step " + step);
            }
        }
    }

    /** Sync mode: the summed gradient of this partition's slice of one global batch. */
    static final class SyncTask extends BlockTask {
        private static final long serialVersionUID = 1L;
        private final int epoch;
        private final int step;
        private final long globalStep;
        private final long dropoutStep;

        /**
         * {@code dropoutStep} keys the dropout masks as the {@code Trainer}'s step counter does
         * (updates applied so far + 1), so one partition draws the {@code Trainer}'s masks.
         */
        SyncTask(String runId, TrainingConfig config, BatchPlan plan, int in, int out, Broadcast<float[]> weights,
                 int epoch, int step, long globalStep, long dropoutStep) {
            super(runId, config, plan, in, out, weights);
            this.epoch = epoch;
            this.step = step;
            this.globalStep = globalStep;
            this.dropoutStep = dropoutStep;
        }

        @Override
        BlockTask with(Broadcast<float[]> w) {
            return new SyncTask(runId, config, plan, in, out, w, epoch, step, globalStep, dropoutStep);
        }

        @Override
        void compute(ExecutorState.Worker worker, Block block, PartialSum result) {
            failOnceAt(globalStep, block);
            int from = (int) plan.sliceStart(step, block.rows);
            int to = (int) plan.sliceStart(step + 1, block.rows);
            if (to <= from) {
                return;
            }
            int[] order = worker.order(block, epoch, plan);
            int n = worker.gather(block, order, from, to);
            Mlp m = worker.model;
            // The (weighted) mean loss's gradient over the slice, times what the slice counts for.
            double loss = m.computeTrainingGradients(worker.workspace, worker.xBatch, 0, worker.yBatch, 0,
                    worker.batchWeights(block), 0, n, worker.gradients, config.dropoutSeed(block.partition, 0), dropoutStep);
            double share = worker.batchShare(block, n);
            float[] g = worker.gradients.values();
            float[] sum = new float[g.length];
            float scale = (float) share;
            for (int i = 0; i < g.length; i++) {
                sum[i] = g[i] * scale;
            }
            result.values = sum;
            result.loss = loss * share;
            result.rows = n;
            result.weight = share;
            count(m, worker.workspace.output(), worker.yBatch, n, result);
        }
    }

    static void count(Mlp m, float[] predictions, float[] y, int n, PartialSum result) {
        int k = m.outputWidth();
        if (m.loss() == Loss.MSE) {
            result.absErrors += Evaluation.absoluteErrors(predictions, y, 0, n, k);
        }
        result.right += Evaluation.correct(predictions, y, 0, n, k);
    }

    /** Averaging mode: this partition's local training for one round; its weights times its rows. */
    static final class AveragingTask extends BlockTask {
        private static final long serialVersionUID = 1L;
        private final int epoch;
        private final int round;
        private final int localSteps;
        private final int stepsPerEpoch;
        private final double[] history;
        private final long globalRound;

        AveragingTask(String runId, TrainingConfig config, BatchPlan plan, int in, int out, Broadcast<float[]> weights,
                      int epoch, int round, int localSteps, int stepsPerEpoch, double[] history, long globalRound) {
            super(runId, config, plan, in, out, weights);
            this.epoch = epoch;
            this.round = round;
            this.localSteps = localSteps;
            this.stepsPerEpoch = stepsPerEpoch;
            this.history = history;
            this.globalRound = globalRound;
        }

        @Override
        BlockTask with(Broadcast<float[]> w) {
            return new AveragingTask(runId, config, plan, in, out, w, epoch, round, localSteps, stepsPerEpoch, history,
                    globalRound);
        }

        @Override
        int capacity() {
            return plan.batch();
        }

        @Override
        void compute(ExecutorState.Worker worker, Block block, PartialSum result) {
            failOnceAt(globalRound, block);
            int batch = plan.batch();
            int blockSteps = (block.rows + batch - 1) / batch;
            int first = round * localSteps;
            int last = Math.min(first + localSteps, blockSteps);
            if (first >= last) {
                return;
            }
            Mlp m = worker.model;
            Optimizer optimizer = config.newOptimizer();
            TrainingStep step = new TrainingStep(m, optimizer, batch, config.stepOptions(null))
                    .dropoutSeed(config.dropoutSeed(block.partition, globalRound));
            LearningRateSchedule schedule = config.newSchedule();
            List<Double> past = monitoredHistoryList(history);
            float base = optimizer.learningRate();
            int[] order = worker.order(block, epoch, plan);
            int consecutive = 0;
            for (int j = first; j < last; j++) {
                int from = j * batch;
                int n = worker.gather(block, order, from, Math.min(from + batch, block.rows));
                long globalStep = (long) (epoch - 1) * stepsPerEpoch + j;
                float rate = (float) schedule.rate(base, globalStep, epoch - 1, stepsPerEpoch, past);
                double loss = step.step(worker.xBatch, 0, worker.yBatch, 0, worker.batchWeights(block), 0, n, rate);
                result.steps++;
                if (step.lastStepSkipped()) {
                    result.skipped++;
                    if (++consecutive >= config.maxConsecutiveSkips()) {
                        throw new TrainingDivergedException("partition " + block.partition + ", epoch " + epoch
                                + ", local step " + (j + 1) + ": " + consecutive + " steps in a row had a non-finite loss"
                                + " or gradient and were skipped; training stopped", globalStep + 1);
                    }
                } else {
                    consecutive = 0;
                    double share = worker.batchShare(block, n);
                    result.loss += loss * share;
                    result.rows += n;
                    result.weight += share;
                    count(m, step.workspace().output(), worker.yBatch, n, result);
                }
            }
            if (result.rows > 0) {
                float[] w = m.parameters();
                float[] weighted = new float[w.length];
                float scale = (float) result.weight;
                for (int i = 0; i < w.length; i++) {
                    weighted[i] = w[i] * scale;
                }
                result.values = weighted;
            }
        }
    }

    /** Loss and metrics of the held-out validation rows with the broadcast weights. */
    static final class EvaluationTask extends BlockTask {
        private static final long serialVersionUID = 1L;

        EvaluationTask(String runId, TrainingConfig config, int in, int out, Broadcast<float[]> weights) {
            super(runId, config, null, in, out, weights);
        }

        @Override
        BlockTask with(Broadcast<float[]> w) {
            return new EvaluationTask(runId, config, in, out, w);
        }

        @Override
        void compute(ExecutorState.Worker worker, Block block, PartialSum result) {
            Mlp m = worker.model;
            int capacity = worker.workspace.capacity();
            for (int from = 0; from < block.validationRows; from += capacity) {
                int n = Math.min(capacity, block.validationRows - from);
                float[] vw = block.validationW;
                double loss = m.loss(worker.workspace, block.validationX, from * in, block.validationY, from * out, vw, from, n);
                int k = out;
                float[] predictions = worker.workspace.output();
                double share = n;
                if (vw != null) {
                    share = 0;
                    for (int r = 0; r < n; r++) {
                        double w = vw[from + r];
                        share += w;
                        int yOff = (from + r) * k;
                        if (m.loss() == Loss.MSE) {
                            double e = 0;
                            for (int j = 0; j < k; j++) {
                                e += Math.abs(predictions[r * k + j] - block.validationY[yOff + j]);
                            }
                            result.weightedAbsErrors += w * e;
                        } else if (Evaluation.rowCorrect(predictions, r * k, block.validationY, yOff, k)) {
                            result.weightedRight += w;
                        }
                    }
                }
                result.loss += loss * share;
                result.rows += n;
                result.weight += share;
                if (m.loss() == Loss.MSE) {
                    result.absErrors += Evaluation.absoluteErrors(predictions, block.validationY, from * k, n, k);
                }
                result.right += Evaluation.correct(predictions, block.validationY, from * k, n, k);
            }
        }
    }
}
