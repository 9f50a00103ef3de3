package dev.vecmlp.spark;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.train.EpochReport;
import dev.vecmlp.train.Trainer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyncTrainingTest {

    /** One partition in the same row order: the same batches as the single-machine Trainer, so the same weights. */
    @Test
    void onePartitionEqualsTheSingleMachineTrainer() {
        List<Row> rows = SparkTestSession.blobs(300, 8, 3, 11);
        Dataset<Row> df = SparkTestSession.onePartition(rows);
        VecmlpClassificationModel model = new VecmlpClassifier()
                .setHiddenLayers(16).setHiddenActivation("tanh")
                .setOptimizer("momentum").setLearningRate(0.05).setMomentum(0.9)
                .setBatchSize(32).setEpochs(3).setSeed(7).setHealthEverySteps(0)
                .fit(df);

        float[] x = new float[rows.size() * 8];
        int[] labels = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Vector v = (Vector) rows.get(r).get(0);
            for (int j = 0; j < 8; j++) {
                x[r * 8 + j] = (float) v.apply(j);
            }
            labels[r] = (int) rows.get(r).getDouble(1);
        }
        Mlp single = Mlp.builder(8).hidden(16, Activation.TANH).output(3, Activation.SOFTMAX).loss(Loss.CROSS_ENTROPY)
                .seed(7).build();
        List<EpochReport> history = Trainer.builder().optimizer(new Momentum(0.05, 0.9)).batchSize(32).epochs(3).seed(7)
                .health(null).build().fit(single, DataSet.ofClasses(x, 8, labels, 3));

        float[] expected = single.parameters();
        float[] actual = model.mlp().parameters();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 2e-5 * Math.max(1, Math.abs(expected[i])), "parameter " + i);
        }
        List<EpochReport> spark = model.summary().history();
        assertEquals(3, spark.size());
        for (int e = 0; e < 3; e++) {
            assertEquals(history.get(e).loss(), spark.get(e).loss(), 1e-5, "loss of epoch " + (e + 1));
            assertEquals(history.get(e).training().accuracy(), spark.get(e).training().accuracy(), 1e-9);
        }
        assertEquals(3L * 10, model.summary().steps());
    }

    @Test
    void twoPartitionsLearnAndScore() {
        Dataset<Row> df = SparkTestSession.frame(SparkTestSession.blobs(600, 6, 3, 5), 2);
        VecmlpClassificationModel model = new VecmlpClassifier().setHiddenLayers(12).setLearningRate(0.1)
                .setBatchSize(32).setEpochs(5).setValidationFraction(0.2).fit(df);
        TrainingSummary summary = model.summary();
        assertEquals(TrainingMode.SYNC, summary.mode());
        assertEquals(2, summary.partitions());
        assertEquals(600, summary.trainingRows() + summary.validationRows());
        assertTrue(summary.validationRows() > 60 && summary.validationRows() < 180, "held out " + summary.validationRows());
        double[] losses = summary.lossHistory();
        assertTrue(losses[4] < losses[0], "loss went down: " + java.util.Arrays.toString(losses));
        assertTrue(summary.history().get(4).validation().accuracy() > 0.9, "validation accuracy");

        Dataset<Row> scored = model.transform(df);
        List<Row> out = scored.select("label", "prediction", "probability", "rawPrediction").collectAsList();
        assertEquals(600, out.size());
        long right = out.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count();
        assertTrue(right > 540, "right " + right);
        Vector p = (Vector) out.get(0).get(2);
        assertEquals(1.0, p.apply(0) + p.apply(1) + p.apply(2), 1e-6);
        assertEquals(3, ((Vector) out.get(0).get(3)).size());
    }

    @Test
    void transformMatchesThePredictorRowForRow() {
        List<Row> rows = SparkTestSession.blobs(100, 4, 2, 3);
        Mlp mlp = SparkTestSession.smallNetwork(4, 5, 2, 9);
        VecmlpClassificationModel model = new VecmlpClassificationModel(mlp).setChunkRows(7);
        List<Row> out = model.transform(SparkTestSession.frame(rows, 2)).select("features", "probability").collectAsList();
        dev.vecmlp.inference.Predictor predictor = dev.vecmlp.inference.Predictor.of(mlp);
        for (Row r : out) {
            Vector v = (Vector) r.get(0);
            float[] x = new float[4];
            for (int j = 0; j < 4; j++) {
                x[j] = (float) v.apply(j);
            }
            float[] expected = predictor.predict(x);
            double[] actual = ((Vector) r.get(1)).toArray();
            assertArrayEquals(new double[]{expected[0], expected[1]}, actual, 1e-6);
        }
    }
}
