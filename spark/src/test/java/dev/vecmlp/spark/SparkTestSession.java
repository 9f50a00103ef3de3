package dev.vecmlp.spark;

import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.ml.linalg.SQLDataTypes;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One in-process Spark session shared by the test classes of this module (starting one costs
 * seconds): {@code local[2,2]}, two task threads and one retry per task (so the fault test can
 * see a retry), no UI, two shuffle partitions. Also small synthetic data sets.
 */
final class SparkTestSession {
    private static SparkSession session;

    private SparkTestSession() {
    }

    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder()
                    .master("local[2,2]")
                    .appName("vecmlp-spark-tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
            session.sparkContext().setLogLevel("WARN");
        }
        return session;
    }

    static final StructType SCHEMA = new StructType()
            .add("features", SQLDataTypes.VectorType(), true)
            .add("label", DataTypes.DoubleType, true);

    /**
     * {@code rows} points of {@code width} features in {@code classes} Gaussian blobs (label =
     * blob), deterministic in {@code seed}: features as ML vectors, label as a double.
     */
    static List<Row> blobs(int rows, int width, int classes, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[classes][width];
        for (double[] c : centres) {
            for (int j = 0; j < width; j++) {
                c[j] = random.nextDouble(-2, 2);
            }
        }
        List<Row> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            int k = random.nextInt(classes);
            double[] x = new double[width];
            for (int j = 0; j < width; j++) {
                x[j] = centres[k][j] + 0.6 * gaussian(random);
            }
            out.add(RowFactory.create(Vectors.dense(x), (double) k));
        }
        return out;
    }

    static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(1e-12, 1);
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static Dataset<Row> frame(List<Row> rows, int partitions) {
        return get().createDataFrame(rows, SCHEMA).repartition(partitions).localCheckpoint();
    }

    /** The same rows in one partition, in list order. */
    static Dataset<Row> onePartition(List<Row> rows) {
        return get().createDataFrame(rows, SCHEMA).coalesce(1);
    }

    static Mlp smallNetwork(int in, int hidden, int out, long seed) {
        return Mlp.builder(in).hidden(hidden, Activation.RELU).output(out, Activation.SOFTMAX).seed(seed).build();
    }
}
