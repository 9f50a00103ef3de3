package dev.vecmlp.spark;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.IdxFile;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.train.Evaluation;
import dev.vecmlp.train.Trainer;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code mnist} network (784-256-128-10 ReLU, softmax and cross-entropy) with the README's Nesterov
 * recipe (momentum 0.9, lr 0.05, cosine schedule, batch 64, seed 42) on a Fashion-MNIST subset, trained by vecmlp's single-machine {@code Trainer} and by
 * {@link VecmlpClassifier} on two partitions in the same test: the synchronous mode must reach
 * the single-machine test accuracy within 0.5 points. Skipped when the Debian package
 * {@code dataset-fashion-mnist} is not installed (CI installs it).
 */
class FashionMnistTest {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    static final int TRAIN_ROWS = 8000;
    static final int EPOCHS = 3;

    @Test
    void syncModeMatchesTheSingleMachineRecipe() throws IOException {
        Assumptions.assumeTrue(Files.exists(DIR.resolve("train-images-idx3-ubyte.gz")), "Fashion-MNIST not installed");
        DataSet train = subset(IdxFile.readDataSet(DIR.resolve("train-images-idx3-ubyte.gz"),
                DIR.resolve("train-labels-idx1-ubyte.gz"), 10), TRAIN_ROWS);
        DataSet test = IdxFile.readDataSet(DIR.resolve("t10k-images-idx3-ubyte.gz"), DIR.resolve("t10k-labels-idx1-ubyte.gz"), 10);

        Mlp single = Mlp.builder(784).hidden(256, Activation.RELU).hidden(128, Activation.RELU)
                .output(10, Activation.SOFTMAX).seed(42).build();
        Trainer.builder().optimizer(new Momentum(0.05, 0.9, true, 0)).schedule(LearningRateSchedule.cosine(0, EPOCHS, 0))
                .batchSize(64).epochs(EPOCHS).seed(42).build().fit(single, train);
        double singleAccuracy = Evaluation.accuracy(single, test);

        Dataset<Row> trainDf = SparkTestSession.get().createDataFrame(rows(train), SparkTestSession.SCHEMA)
                .repartition(2).localCheckpoint();
        Dataset<Row> testDf = SparkTestSession.get().createDataFrame(rows(test), SparkTestSession.SCHEMA)
                .repartition(2).localCheckpoint();
        VecmlpClassifier recipe = new VecmlpClassifier().setHiddenLayers(256, 128).setHiddenActivation("relu")
                .setOptimizer("nesterov").setLearningRate(0.05).setMomentum(0.9).setSchedule("cosine")
                .setBatchSize(64).setEpochs(EPOCHS).setSeed(42);
        VecmlpClassificationModel sync = recipe.fit(trainDf);
        MulticlassClassificationEvaluator accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        double syncAccuracy = accuracy.evaluate(sync.transform(testDf));

        VecmlpClassificationModel averaged = recipe.copy(new org.apache.spark.ml.param.ParamMap())
                .setMode("averaging").setLocalSteps(8).fit(trainDf);
        double averagedAccuracy = accuracy.evaluate(averaged.transform(testDf));
        TrainingSummary s = sync.summary();
        System.err.printf("Fashion-MNIST %d rows, %d epochs: single-machine %.4f, sync %.4f (%.1f samples/s, %d jobs,"
                        + " per job %.1f ms broadcast, %.1f ms compute, %.1f ms rest), averaging every 8 local steps %.4f%n",
                TRAIN_ROWS, EPOCHS, singleAccuracy, syncAccuracy, s.history().get(EPOCHS - 1).samplesPerSecond(), s.jobs(),
                1e3 * s.broadcastSeconds() / s.jobs(), 1e3 * s.computeSeconds() / s.jobs(),
                1e3 * s.aggregationSeconds() / s.jobs(), averagedAccuracy);
        assertTrue(singleAccuracy > 0.80, "single-machine accuracy " + singleAccuracy);
        assertEquals(singleAccuracy, syncAccuracy, 0.005, "sync mode within 0.5 points of the single-machine recipe");
        assertTrue(averagedAccuracy > 0.75, "averaging accuracy " + averagedAccuracy);
    }

    static DataSet subset(DataSet data, int rows) {
        float[] x = java.util.Arrays.copyOf(data.features(), rows * data.featureWidth());
        float[] y = java.util.Arrays.copyOf(data.targets(), rows * data.targetWidth());
        return DataSet.of(x, data.featureWidth(), y, data.targetWidth());
    }

    static List<Row> rows(DataSet data) {
        List<Row> rows = new ArrayList<>(data.rows());
        int in = data.featureWidth();
        for (int r = 0; r < data.rows(); r++) {
            double[] v = new double[in];
            for (int j = 0; j < in; j++) {
                v[j] = data.features()[r * in + j];
            }
            rows.add(RowFactory.create(Vectors.dense(v), (double) data.targetClass(r)));
        }
        return rows;
    }
}
