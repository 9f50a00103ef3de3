package dev.vecmlp.spark;

import dev.vecmlp.kernel.Backends;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training and scoring with executors in two separate JVMs ({@code local-cluster[2,1,1024]}: a
 * master and two workers in this JVM, each worker launching one executor process), so that the
 * model broadcast, the weight broadcasts and the aggregated gradients are serialized across
 * processes. Compared with the same run on {@code local[2]} in this JVM.
 */
class LocalClusterIT {

    @Test
    void trainsAndScoresAcrossProcesses() throws IOException {
        Files.createDirectories(Path.of(System.getenv("SPARK_HOME")));
        List<Row> rows = SparkTestSession.blobs(400, 6, 3, 21);
        VecmlpClassifier recipe = new VecmlpClassifier().setHiddenLayers(12).setOptimizer("momentum")
                .setLearningRate(0.05).setBatchSize(40).setEpochs(3).setHealthEverySteps(5);

        float[] distributed;
        double accuracy;
        SparkSession cluster = SparkSession.builder().master("local-cluster[2,1,1024]").appName("vecmlp-local-cluster")
                .config("spark.ui.enabled", "false")
                .config("spark.executor.memory", "768m")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        try {
            cluster.sparkContext().setLogLevel("WARN");
            long driverPid = ProcessHandle.current().pid();
            List<String> executors = JavaSparkContext.fromSparkContext(cluster.sparkContext())
                    .parallelize(Arrays.asList(0, 1, 2, 3), 4)
                    .map(i -> ProcessHandle.current().pid() + " " + Backends.describe().summary())
                    .collect();
            System.err.println("executor backends: " + executors);
            List<String> pids = executors.stream().map(s -> s.split(" ")[0]).distinct().collect(Collectors.toList());
            assertTrue(pids.size() >= 1 && !pids.contains(Long.toString(driverPid)), "executors run outside the driver: " + pids);

            Dataset<Row> df = twoHalves(cluster, rows);
            VecmlpClassificationModel model = recipe.fit(df);
            distributed = model.mlp().parameters();
            List<Row> scored = model.transform(df).select("label", "prediction").collectAsList();
            accuracy = scored.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count() / (double) scored.size();
            assertTrue(accuracy > 0.9, "accuracy " + accuracy);
            assertEquals(30, model.summary().jobs(), "one job per step: 10 steps in each of 3 epochs");
            // The worker directories are temporary: read the executors' logs before the cluster stops.
            printExecutorLogLines(cluster.sparkContext().applicationId());
        } finally {
            cluster.stop();
        }

        SparkSession local = SparkTestSession.get();
        Dataset<Row> df = twoHalves(local, rows);
        float[] inProcess = recipe.fit(df).mlp().parameters();
        assertEquals(inProcess.length, distributed.length);
        double maxDiff = 0;
        for (int i = 0; i < inProcess.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(inProcess[i] - distributed[i]));
        }
        assertTrue(maxDiff < 1e-3, "executors in other JVMs train the same network: max difference " + maxDiff);
        assertNotEquals(0, distributed[0]);
    }

    /** The rows in two partitions, first half and second half in list order (no shuffle: the same on both masters). */
    private static Dataset<Row> twoHalves(SparkSession spark, List<Row> rows) {
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext()).parallelize(rows, 2),
                SparkTestSession.SCHEMA);
    }

    /** The vecmlp backend line each executor logged (its stderr in the worker's temporary work directory). */
    private static void printExecutorLogLines(String appId) throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> logs;
        try (Stream<Path> files = Files.find(tmp, 5, (p, a) -> p.getFileName().toString().equals("stderr")
                && p.getParent() != null && p.getParent().getParent() != null
                && p.getParent().getParent().getFileName().toString().equals(appId))) {
            logs = files.collect(Collectors.toList());
        } catch (java.io.UncheckedIOException e) {
            logs = List.of();
        }
        if (logs.isEmpty()) {
            System.err.println("no executor logs of " + appId + " found under " + tmp);
        }
        for (Path f : logs) {
            for (String line : Files.readAllLines(f)) {
                if (line.contains("vecmlp backend") || line.contains("incubator")) {
                    System.err.println("executor log " + f + ": " + line);
                }
            }
        }
    }
}
