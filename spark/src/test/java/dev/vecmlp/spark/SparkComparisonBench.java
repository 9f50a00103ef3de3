package dev.vecmlp.spark;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.IdxFile;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.train.EpochReport;
import dev.vecmlp.train.Evaluation;
import dev.vecmlp.train.Trainer;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The benchmark harness of the spark module (run by {@code spark/bench.sh}, not by {@code verify}):
 * Spark's own {@code MultilayerPerceptronClassifier} (L-BFGS, sigmoid hidden layers, double
 * precision) and vecmlp, on the same Fashion-MNIST rows, the same layers and in the same JVM.
 *
 * <p>It measures Spark's MLP on {@code local[2]} (wall time, passes over the data counted as its
 * {@code treeAggregate} jobs, samples/s, final test accuracy, {@code transform} rows/s), then
 * vecmlp's {@link VecmlpClassifier} in the averaging mode and the sync mode on {@code local[2]},
 * the sync mode on {@code local[1]}, and the single-machine {@link Trainer}, each with the
 * {@code mnist} recipe (ReLU) and with Spark's sigmoid layers: samples/s per pass, test accuracy
 * after every epoch with the wall time at which the epoch ended (scoring the test set is done
 * off the clock through {@link DistributedTrainer#epochEndHook}), scoring rows/s and, for the sync
 * mode, the time per step split into broadcast, slowest task, rest of the job and driver update.
 * From those it states, per vecmlp run, the ratios the issue sets as targets: samples/s, time to
 * Spark's final accuracy, accuracy at Spark's wall time, scoring rows/s. A markdown table and the
 * raw figures are printed and written to the results file.
 *
 * <p>Arguments: {@code --rows N} (training rows, default all 60,000), {@code --quick} (6,000 rows,
 * 5 L-BFGS iterations, 2 epochs: a check that everything runs), {@code --iterations N} (L-BFGS,
 * default 20), {@code --epochs N} (vecmlp, default 8), {@code --data DIR}, {@code --out FILE}.
 */
public final class SparkComparisonBench {
    private static final int SCORING_REPEATS = 3;

    private final Path dataDir;
    private final int rows;
    private final int iterations;
    private final int epochs;
    private final Path out;
    private final boolean quick;
    private final List<Run> runs = new ArrayList<>();
    private final StringBuilder raw = new StringBuilder();
    private DataSet train;
    private DataSet test;
    private SparkRun spark;

    private SparkComparisonBench(Path dataDir, int rows, int iterations, int epochs, Path out, boolean quick) {
        this.dataDir = dataDir;
        this.rows = rows;
        this.iterations = iterations;
        this.epochs = epochs;
        this.out = out;
        this.quick = quick;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of("/usr/share/datasets/fashion-mnist");
        Path out = Path.of("spark/target/bench-results.md");
        int rows = 60_000;
        int iterations = 20;
        int epochs = 8;
        boolean quick = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rows" -> rows = Integer.parseInt(value(args, ++i, "--rows"));
                case "--iterations" -> iterations = Integer.parseInt(value(args, ++i, "--iterations"));
                case "--epochs" -> epochs = Integer.parseInt(value(args, ++i, "--epochs"));
                case "--data" -> dir = Path.of(value(args, ++i, "--data"));
                case "--out" -> out = Path.of(value(args, ++i, "--out"));
                case "--quick" -> {
                    quick = true;
                    rows = 6_000;
                    iterations = 5;
                    epochs = 2;
                }
                default -> throw new IllegalArgumentException("unknown argument '" + args[i]
                        + "'; expected --rows N, --quick, --iterations N, --epochs N, --data DIR or --out FILE");
            }
        }
        if (rows < 1000 || rows > 60_000 || iterations < 1 || epochs < 1) {
            throw new IllegalArgumentException("expected --rows in [1000, 60000], --iterations >= 1 and --epochs >= 1,"
                    + " found " + rows + ", " + iterations + ", " + epochs);
        }
        new SparkComparisonBench(dir, rows, iterations, epochs, out, quick).run();
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + ": expected a value after it, found the end of the arguments");
        }
        return args[i];
    }

    // ------------------------------------------------------------ the runs

    private void run() throws IOException {
        long t0 = System.nanoTime();
        DataSet all = IdxFile.readDataSet(dataDir.resolve("train-images-idx3-ubyte.gz"),
                dataDir.resolve("train-labels-idx1-ubyte.gz"), 10);
        train = FashionMnistTest.subset(all, rows);
        test = IdxFile.readDataSet(dataDir.resolve("t10k-images-idx3-ubyte.gz"),
                dataDir.resolve("t10k-labels-idx1-ubyte.gz"), 10);
        List<Row> trainRows = FashionMnistTest.rows(train);
        List<Row> testRows = FashionMnistTest.rows(test);
        log("loaded %d training and %d test rows; vecmlp backend %s; OPENBLAS_NUM_THREADS=%s", train.rows(), test.rows(),
                Backends.describe(), System.getenv("OPENBLAS_NUM_THREADS"));

        // Spark's MLP first, on a JVM where vecmlp's kernels have not run yet (no JIT help either way).
        try (Session s = new Session("local[2]", trainRows, testRows)) {
            log("Spark BLAS: %s", sparkBlas());
            spark = sparkMlp(s);
            warmUp(s);
            runs.add(estimator(s, "averaging, local[2], batch 64, 1 round per local epoch", relu(), "averaging", 64, 0.05));
            runs.add(estimator(s, "averaging, local[2], batch 64, sigmoid", sigmoid(), "averaging", 64, 0.2));
            runs.add(estimator(s, "sync, local[2], global batch 1024", relu(), "sync", 1024, 0.2));
            runs.add(estimator(s, "sync, local[2], global batch 1024, sigmoid", sigmoid(), "sync", 1024, 0.4));
            runs.add(stepSplit(s, 64));
        }
        try (Session s = new Session("local[1]", trainRows, testRows)) {
            runs.add(estimator(s, "sync, local[1], global batch 1024", relu(), "sync", 1024, 0.2));
        }
        runs.add(trainer("Trainer, 1 kernel thread, batch 64", relu(), 64, 0.05, 1));
        runs.add(trainer("Trainer, 1 kernel thread, batch 64, sigmoid", sigmoid(), 64, 0.2, 1));
        runs.add(trainer("Trainer, 2 kernel threads, batch 64", relu(), 64, 0.05, 2));
        write((System.nanoTime() - t0) / 1e9);
    }

    private static String sparkBlas() {
        String java = dev.ludovic.netlib.blas.BLAS.getInstance().getClass().getName();
        try {
            return "native " + dev.ludovic.netlib.blas.NativeBLAS.getInstance().getClass().getName() + " (Java: " + java + ")";
        } catch (Throwable e) {
            return "no native BLAS (" + e.getClass().getSimpleName() + "); Java: " + java;
        }
    }

    /** A local session with the training and test rows cached (localCheckpoint: tasks do not ship the rows). */
    private final class Session implements AutoCloseable {
        final String master;
        final SparkSession session;
        final Dataset<Row> trainDf;
        final Dataset<Row> testDf;
        final JobTimes jobs = new JobTimes();

        Session(String master, List<Row> trainRows, List<Row> testRows) {
            this.master = master;
            int partitions = master.equals("local[1]") ? 1 : 2;
            session = SparkSession.builder().master(master).appName("vecmlp-bench")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", String.valueOf(partitions))
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
            session.sparkContext().addSparkListener(jobs);
            long t = System.nanoTime();
            trainDf = session.createDataFrame(trainRows, SparkTestSession.SCHEMA).repartition(partitions).localCheckpoint();
            testDf = session.createDataFrame(testRows, SparkTestSession.SCHEMA).repartition(partitions).localCheckpoint();
            log("%s: session and cached data frames in %.1f s", master, (System.nanoTime() - t) / 1e9);
        }

        @Override
        public void close() {
            session.stop();
        }
    }

    /** Counts jobs and their durations (all of them, and those with a treeAggregate stage). */
    static final class JobTimes extends SparkListener {
        private final Map<Integer, Long> starts = new ConcurrentHashMap<>();
        private final Map<Integer, Boolean> aggregate = new ConcurrentHashMap<>();
        final List<Double> aggregateSeconds = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile int jobs;

        @Override
        public void onJobStart(SparkListenerJobStart start) {
            boolean tree = false;
            for (StageInfo stage : scala.jdk.javaapi.CollectionConverters.asJava(start.stageInfos())) {
                tree |= stage.name().startsWith("treeAggregate");
            }
            starts.put(start.jobId(), start.time());
            aggregate.put(start.jobId(), tree);
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd end) {
            jobs++;
            Long start = starts.remove(end.jobId());
            if (Boolean.TRUE.equals(aggregate.remove(end.jobId())) && start != null) {
                aggregateSeconds.add((end.time() - start) / 1e3);
            }
        }

        void reset() {
            jobs = 0;
            aggregateSeconds.clear();
        }
    }

    /** What Spark's MLP did. */
    record SparkRun(double seconds, int passes, int jobs, double medianPassSeconds, double accuracy, double scoringRowsPerSecond,
                    int iterations) {
    }

    private SparkRun sparkMlp(Session s) {
        int[] layers = {784, 256, 128, 10};
        MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(layers).setMaxIter(iterations)
                .setSolver("l-bfgs").setSeed(42L).setBlockSize(128);
        s.jobs.reset();
        long t0 = System.nanoTime();
        MultilayerPerceptronClassificationModel model = mlp.fit(s.trainDf);
        double seconds = (System.nanoTime() - t0) / 1e9;
        int passes = s.jobs.aggregateSeconds.size();
        double median = median(s.jobs.aggregateSeconds);
        int done = model.summary().totalIterations();
        double accuracy = accuracy(model, s.testDf);
        double scoring = scoringRowsPerSecond(model, s.testDf);
        log("Spark MLP %s, L-BFGS %d iterations (ran %d): %.1f s, %d passes (treeAggregate jobs; %d jobs in all), median pass"
                        + " %.3f s, test accuracy %.4f, transform %.0f rows/s", Arrays.toString(layers), iterations, done, seconds,
                passes, s.jobs.jobs, median, accuracy, scoring);
        raw.append(String.format(Locale.ROOT, "- Spark MLP: fit %.2f s, %d iterations, %d passes, %d jobs, pass times %s,"
                        + " accuracy %.4f, scoring %.0f rows/s%n", seconds, done, passes, s.jobs.jobs,
                seconds(s.jobs.aggregateSeconds), accuracy, scoring));
        return new SparkRun(seconds, passes, s.jobs.jobs, median, accuracy, scoring, done);
    }

    /** The vecmlp network: hidden activations and widths. */
    record Net(String activation, Activation hidden) {
    }

    private static Net relu() {
        return new Net("relu", Activation.RELU);
    }

    private static Net sigmoid() {
        return new Net("sigmoid", Activation.SIGMOID);
    }

    /** One vecmlp run: its per-epoch curve (seconds since the start of fit, test accuracy) and figures. */
    record Run(String name, String network, double fitSeconds, long samples, double trainingSeconds, double[] epochEnd,
               double[] epochAccuracy, double scoringRowsPerSecond, String stepSplit) {
        double samplesPerSecond() {
            return samples / trainingSeconds;
        }

        double finalAccuracy() {
            return epochAccuracy.length == 0 ? Double.NaN : epochAccuracy[epochAccuracy.length - 1];
        }

        /** Seconds from the start until an epoch first reached {@code target}, or NaN. */
        double secondsTo(double target) {
            for (int e = 0; e < epochAccuracy.length; e++) {
                if (epochAccuracy[e] >= target) {
                    return epochEnd[e];
                }
            }
            return Double.NaN;
        }

        /** Test accuracy of the last epoch that ended by {@code seconds} (the final one if the run ended before), or NaN. */
        double accuracyAt(double seconds) {
            double best = Double.NaN;
            for (int e = 0; e < epochAccuracy.length; e++) {
                if (epochEnd[e] <= seconds) {
                    best = epochAccuracy[e];
                }
            }
            return best;
        }
    }

    /** Records (epoch end time, test accuracy) with the scoring done off the clock. */
    private final class Curve {
        final long start = System.nanoTime();
        long paused;
        final List<double[]> points = new ArrayList<>();

        void epochEnded(Mlp model) {
            long t = System.nanoTime();
            double accuracy = Evaluation.accuracy(model, test);
            points.add(new double[]{(t - start - paused) / 1e9, accuracy});
            paused += System.nanoTime() - t;
        }

        double elapsed() {
            return (System.nanoTime() - start - paused) / 1e9;
        }

        double[] column(int c) {
            return points.stream().mapToDouble(p -> p[c]).toArray();
        }
    }

    private Run estimator(Session s, String name, Net net, String mode, int batch, double lr) {
        VecmlpClassifier classifier = new VecmlpClassifier().setHiddenLayers(256, 128).setHiddenActivation(net.activation)
                .setOptimizer("nesterov").setLearningRate(lr).setMomentum(0.9).setSchedule("cosine")
                .setBatchSize(batch).setEpochs(epochs).setSeed(42).setMode(mode).setLocalSteps(0).setNumClasses(10);
        Curve curve = new Curve();
        DistributedTrainer.epochEndHook = (model, epoch) -> curve.epochEnded(model);
        VecmlpClassificationModel model;
        try {
            model = classifier.fit(s.trainDf);
        } finally {
            DistributedTrainer.epochEndHook = null;
        }
        double fit = curve.elapsed();
        return finish(name + " (lr " + lr + ")", net, model, s, curve, fit);
    }

    /**
     * Unrecorded runs of each mode and activation on 12,000 rows (its time is logged), so that the first measured vecmlp run does
     * not carry the JIT compilation of the kernels alone (under load the first 12,000-row
     * averaging epoch ran 7x slower than the third) (Spark's MLP amortises its own over its
     * iterations; it runs first, in a JVM where nothing is compiled yet).
     */
    private void warmUp(Session s) {
        long t = System.nanoTime();
        Dataset<Row> few = s.trainDf.limit(Math.min(train.rows(), 12_000)).repartition(2).localCheckpoint();
        for (String mode : new String[]{"averaging", "sync"}) {
            for (String activation : new String[]{"relu", "sigmoid"}) {
                new VecmlpClassifier().setHiddenLayers(256, 128).setHiddenActivation(activation)
                        .setBatchSize(mode.equals("sync") ? 1024 : 64).setEpochs(mode.equals("sync") ? 1 : 2).setMode(mode)
                        .setNumClasses(10).fit(few);
            }
        }
        log("warm-up (unrecorded): %.1f s", (System.nanoTime() - t) / 1e9);
    }

    /** The sync mode at the recipe's batch on a subset of 100 steps: the time split of one step. */
    private Run stepSplit(Session s, int batch) {
        int subsetRows = Math.min(train.rows(), 100 * batch);
        Dataset<Row> subset = s.trainDf.limit(subsetRows).repartition(2).localCheckpoint();
        VecmlpClassifier classifier = new VecmlpClassifier().setHiddenLayers(256, 128).setHiddenActivation("relu")
                .setOptimizer("nesterov").setLearningRate(0.05).setMomentum(0.9).setSchedule("cosine").setBatchSize(batch)
                .setEpochs(1).setSeed(42).setNumClasses(10);
        Curve curve = new Curve();
        DistributedTrainer.epochEndHook = (model, epoch) -> curve.epochEnded(model);
        VecmlpClassificationModel model;
        try {
            model = classifier.fit(subset);
        } finally {
            DistributedTrainer.epochEndHook = null;
        }
        return finish("sync, local[2], batch " + batch + " (" + subsetRows + " rows, 1 epoch: step split only)", relu(), model,
                s, curve, curve.elapsed());
    }

    private Run finish(String name, Net net, VecmlpClassificationModel model, Session s, Curve curve, double fit) {
        TrainingSummary summary = model.summary();
        long samples = 0;
        double seconds = 0;
        for (EpochReport r : summary.history()) {
            samples += r.samples();
            seconds += r.seconds();
        }
        long jobs = Math.max(1, summary.jobs());
        String split = summary.mode() == TrainingMode.SYNC ? String.format(Locale.ROOT,
                "%d steps: per step %.1f ms broadcast, %.1f ms slowest task, %.1f ms rest of the job, %.1f ms driver update",
                summary.jobs(), 1e3 * summary.broadcastSeconds() / jobs, 1e3 * summary.computeSeconds() / jobs,
                1e3 * summary.aggregationSeconds() / jobs, 1e3 * summary.updateSeconds() / jobs) : String.format(Locale.ROOT,
                "%d rounds: per round %.1f ms broadcast, %.1f ms slowest task, %.1f ms rest of the job", summary.jobs(),
                1e3 * summary.broadcastSeconds() / jobs, 1e3 * summary.computeSeconds() / jobs,
                1e3 * summary.aggregationSeconds() / jobs);
        double scoring = scoringRowsPerSecond(model, s.testDf);
        Run run = new Run(name + " [" + s.master + "]", net.activation, fit, samples, seconds, curve.column(0), curve.column(1),
                scoring, split);
        report(run);
        return run;
    }

    private Run trainer(String name, Net net, int batch, double lr, int threads) {
        Kernels kernels = Backends.create(Backends.describe().name(), threads);
        Mlp model = Mlp.builder(784).hidden(256, net.hidden).hidden(128, net.hidden).output(10, Activation.SOFTMAX).seed(42)
                .kernels(kernels).build();
        Curve curve = new Curve();
        List<EpochReport> reports = new ArrayList<>();
        Trainer.builder().optimizer(new Momentum(lr, 0.9, true, 0)).schedule(LearningRateSchedule.cosine(0, epochs, 0))
                .batchSize(batch).epochs(epochs).seed(42)
                .listener(r -> {
                    reports.add(r);
                    curve.epochEnded(model);
                })
                .build().fit(model, train);
        double fit = curve.elapsed();
        long samples = reports.stream().mapToLong(EpochReport::samples).sum();
        double seconds = reports.stream().mapToDouble(EpochReport::seconds).sum();
        Run run = new Run(name + " (lr " + lr + ")", net.activation, fit, samples, seconds, curve.column(0), curve.column(1),
                Double.NaN, "");
        report(run);
        return run;
    }

    // ------------------------------------------------------------ measuring

    private static double accuracy(Model<?> model, Dataset<Row> testDf) {
        return new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(model.transform(testDf));
    }

    /** Rows per second of transform + evaluation over the test frame: one warm-up, then the best of a few. */
    private double scoringRowsPerSecond(Model<?> model, Dataset<Row> testDf) {
        long n = test.rows();
        accuracy(model, testDf);
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < SCORING_REPEATS; i++) {
            long t = System.nanoTime();
            accuracy(model, testDf);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return n / best;
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String seconds(List<Double> values) {
        StringBuilder b = new StringBuilder("[");
        synchronized (values) {
            for (double v : values) {
                b.append(b.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", v));
            }
        }
        return b.append("]").toString();
    }

    private void report(Run run) {
        StringBuilder curve = new StringBuilder();
        for (int e = 0; e < run.epochAccuracy.length; e++) {
            curve.append(String.format(Locale.ROOT, "%s%.1f s: %.4f", e == 0 ? "" : ", ", run.epochEnd[e], run.epochAccuracy[e]));
        }
        log("%s: fit %.1f s, %.0f samples/s per pass, test accuracy per epoch [%s], scoring %.0f rows/s%s", run.name,
                run.fitSeconds, run.samplesPerSecond(), curve, run.scoringRowsPerSecond,
                run.stepSplit.isEmpty() ? "" : "; " + run.stepSplit);
        raw.append(String.format(Locale.ROOT, "- %s: fit %.2f s, %d samples in %.2f s of epochs, accuracy per epoch (s: acc)"
                        + " [%s], scoring %.0f rows/s%s%n", run.name, run.fitSeconds, run.samples, run.trainingSeconds, curve,
                run.scoringRowsPerSecond, run.stepSplit.isEmpty() ? "" : "; " + run.stepSplit));
    }

    // ------------------------------------------------------------ the table

    static String table(SparkRun spark, int rows, List<Run> runs) {
        double sparkSamples = (double) rows * spark.passes / spark.seconds;
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Spark MLP (784-256-128-10 sigmoid, L-BFGS, %d iterations, local[2]): %.1f s,"
                        + " %d passes over %d rows (%.0f samples/s per pass over the data; median pass %.3f s = %.0f samples/s),"
                        + " test accuracy %.2f%%, transform %.0f rows/s.%n%n", spark.iterations, spark.seconds, spark.passes,
                rows, sparkSamples, spark.medianPassSeconds, rows / spark.medianPassSeconds, 100 * spark.accuracy,
                spark.scoringRowsPerSecond));
        b.append("| vecmlp run | hidden | samples/s per pass (x Spark) | test accuracy, final | time to Spark's ")
                .append(String.format(Locale.ROOT, "%.2f%%", 100 * spark.accuracy))
                .append(" (x shorter) | accuracy at Spark's ")
                .append(String.format(Locale.ROOT, "%.1f s", spark.seconds))
                .append(" (points above) | scoring rows/s (x Spark) |\n|---|---|---|---|---|---|---|\n");
        for (Run r : runs) {
            double to = r.secondsTo(spark.accuracy);
            double at = r.accuracyAt(spark.seconds);
            b.append(String.format(Locale.ROOT, "| %s | %s | %.0f (%.1fx%s) | %.2f%% | %s | %s | %s |%n", r.name, r.network,
                    r.samplesPerSecond(), r.samplesPerSecond() / sparkSamples, mark(r.samplesPerSecond() / sparkSamples >= 3),
                    100 * r.finalAccuracy(),
                    Double.isNaN(to) ? "not reached" : String.format(Locale.ROOT, "%.2f s (%.1fx%s)", to, spark.seconds / to,
                            mark(spark.seconds / to >= 10)),
                    Double.isNaN(at) ? "no epoch ended" : String.format(Locale.ROOT, "%.2f%% (%+.1f%s)", 100 * at,
                            100 * (at - spark.accuracy), mark(100 * (at - spark.accuracy) >= 15)),
                    Double.isNaN(r.scoringRowsPerSecond) ? "(no Spark model)" : String.format(Locale.ROOT, "%.0f (%.1fx%s)",
                            r.scoringRowsPerSecond, r.scoringRowsPerSecond / spark.scoringRowsPerSecond,
                            mark(r.scoringRowsPerSecond / spark.scoringRowsPerSecond >= 3))));
        }
        b.append("\nTargets (issue 12): samples/s >= 3x, time to Spark's final accuracy >= 10x shorter, >= 15 points more"
                + " accuracy at Spark's wall time, scoring >= 3x; `ok` marks a figure that meets its target.\n");
        for (Run r : runs) {
            if (!r.stepSplit.isEmpty()) {
                b.append("\n- ").append(r.name).append(": ").append(r.stepSplit);
            }
        }
        return b.append('\n').toString();
    }

    private static String mark(boolean met) {
        return met ? ", ok" : "";
    }

    private void write(double totalSeconds) throws IOException {
        String text = "# vecmlp vs Spark's MultilayerPerceptronClassifier on Fashion-MNIST\n\n"
                + String.format(Locale.ROOT, "%s, Java %s (%s), %d cores, vecmlp backend %s, OPENBLAS_NUM_THREADS=%s, %d training"
                        + " rows, %d test rows, vecmlp %d epochs%s; whole run %.0f s; load average at the end %.1f.%n%n",
                Instant.now(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().availableProcessors(), Backends.describe(), System.getenv("OPENBLAS_NUM_THREADS"),
                train.rows(), test.rows(), epochs, quick ? " (--quick: a check that it runs, not a measurement)" : "",
                totalSeconds, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                + table(spark, train.rows(), runs) + "\n## Raw figures\n\n" + raw;
        System.out.println(text);
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, "." + out.getFileName(), ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log("results written to %s", out.toAbsolutePath());
    }

    private static void log(String format, Object... args) {
        System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
    }
}
