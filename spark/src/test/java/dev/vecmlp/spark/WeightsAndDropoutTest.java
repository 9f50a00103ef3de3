package dev.vecmlp.spark;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.train.EpochReport;
import dev.vecmlp.train.Trainer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code weightCol} and {@code dropout} params: on one partition both training modes' sync
 * path equals the single-machine {@code Trainer} with the same sample weights and dropout; a
 * weight of 2 equals the row twice in a full-batch step (exact up to float rounding), on two
 * partitions too; bad weights are refused before training, naming the column and the rows.
 */
class WeightsAndDropoutTest {
    static final StructType WEIGHTED = new StructType()
            .add("features", SQLDataTypes.VectorType(), true)
            .add("label", DataTypes.DoubleType, true)
            .add("weight", DataTypes.DoubleType, true);
    static final int WIDTH = 6;
    static final int CLASSES = 3;

    static List<Row> weighted(List<Row> rows, double[] weights) {
        List<Row> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            out.add(RowFactory.create(rows.get(r).get(0), rows.get(r).get(1), weights == null ? null : weights[r]));
        }
        return out;
    }

    static DataSet dataSet(List<Row> rows) {
        float[] x = new float[rows.size() * WIDTH];
        int[] labels = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            Vector v = (Vector) rows.get(r).get(0);
            for (int j = 0; j < WIDTH; j++) {
                x[r * WIDTH + j] = (float) v.apply(j);
            }
            labels[r] = (int) rows.get(r).getDouble(1);
        }
        return DataSet.ofClasses(x, WIDTH, labels, CLASSES);
    }

    static VecmlpClassifier classifier() {
        return new VecmlpClassifier().setHiddenLayers(10).setHiddenActivation("relu").setLearningRate(0.1)
                .setBatchSize(25).setEpochs(3).setSeed(5).setHealthEverySteps(0);
    }

    static void assertClose(float[] expected, float[] actual, double relative) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], relative * Math.max(1, Math.abs(expected[i])), "parameter " + i);
        }
    }

    @Test
    void weightedAndDropoutOnOnePartitionEqualTheTrainer() {
        List<Row> rows = SparkTestSession.blobs(200, WIDTH, CLASSES, 21);
        float[] w = new float[rows.size()];
        double[] wd = new double[rows.size()];
        for (int r = 0; r < w.length; r++) {
            w[r] = 0.25f + (r % 5) * 0.5f;
            wd[r] = w[r];
        }
        Dataset<Row> df = SparkTestSession.get().createDataFrame(weighted(rows, wd), WEIGHTED).coalesce(1);
        VecmlpClassificationModel model = classifier().setWeightCol("weight").setDropout(0.3).fit(df);

        Mlp single = Mlp.builder(WIDTH).hidden(10, Activation.RELU).dropout(0.3).output(CLASSES, Activation.SOFTMAX).seed(5)
                .build();
        List<EpochReport> history = Trainer.builder().optimizer(new Sgd(0.1)).batchSize(25).epochs(3).seed(5).health(null)
                .build().fit(single, dataSet(rows).withSampleWeights(w));

        assertClose(single.parameters(), model.mlp().parameters(), 2e-5);
        for (int e = 0; e < 3; e++) {
            assertEquals(history.get(e).loss(), model.summary().history().get(e).loss(), 1e-5, "loss of epoch " + (e + 1));
        }
        // The weights and the masks matter: without either the result is another one.
        float[] plain = classifier().setDropout(0.3).fit(df).mlp().parameters();
        float[] noDropout = classifier().setWeightCol("weight").fit(df).mlp().parameters();
        assertFalse(Arrays.equals(plain, model.mlp().parameters()));
        assertFalse(Arrays.equals(noDropout, model.mlp().parameters()));
    }

    /** Full-batch steps: a row of weight 2 counts as that row twice (the weighted mean is the mean over the copies). */
    @Test
    void weightTwoEqualsTheRowTwiceInFullBatchSteps() {
        List<Row> rows = SparkTestSession.blobs(120, WIDTH, CLASSES, 8);
        double[] w = new double[rows.size()];
        List<Row> doubled = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            w[r] = r % 3 == 0 ? 2 : 1;
            doubled.add(rows.get(r));
            if (w[r] == 2) {
                doubled.add(rows.get(r));
            }
        }
        VecmlpClassifier fullBatch = classifier().setBatchSize(1000).setEpochs(5).setShuffle(false);
        Dataset<Row> weightedDf = SparkTestSession.get().createDataFrame(weighted(rows, w), WEIGHTED).repartition(2)
                .localCheckpoint();
        VecmlpClassificationModel byWeight = fullBatch.copy(new org.apache.spark.ml.param.ParamMap()).setWeightCol("weight")
                .fit(weightedDf);
        VecmlpClassificationModel byCopies = fullBatch.fit(SparkTestSession.frame(doubled, 2));
        assertEquals(5, byWeight.summary().steps());
        assertClose(byCopies.mlp().parameters(), byWeight.mlp().parameters(), 1e-5);
        assertArrayEquals(byCopies.summary().lossHistory(), byWeight.summary().lossHistory(), 1e-6);

        // The averaging mode uses them too: its result differs from the unweighted run's.
        float[] averagedWeighted = fullBatch.copy(new org.apache.spark.ml.param.ParamMap()).setMode("averaging")
                .setBatchSize(20).setWeightCol("weight").fit(weightedDf).mlp().parameters();
        float[] averagedPlain = fullBatch.copy(new org.apache.spark.ml.param.ParamMap()).setMode("averaging")
                .setBatchSize(20).fit(weightedDf).mlp().parameters();
        assertFalse(Arrays.equals(averagedPlain, averagedWeighted));
    }

    @Test
    void badWeightsAreRefusedBeforeTrainingWithTheColumnAndRowCounts() {
        List<Row> rows = SparkTestSession.blobs(40, WIDTH, CLASSES, 2);
        Double[] w = new Double[rows.size()];
        Arrays.fill(w, 1.0);
        w[3] = null;
        w[7] = null;
        w[10] = -1.0;
        w[11] = 0.0;
        w[12] = Double.NaN;
        w[13] = 1e300;                                         // infinite as a float
        List<Row> bad = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            bad.add(RowFactory.create(rows.get(r).get(0), rows.get(r).get(1), w[r]));
        }
        Dataset<Row> df = SparkTestSession.get().createDataFrame(bad, WEIGHTED).coalesce(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> classifier().setWeightCol("weight").setNumClasses(CLASSES).fit(df));
        String m = e.getMessage();
        assertTrue(m.contains("weight column 'weight': expected a value in every row, found null in 2 rows (first: row 3 of"
                + " partition 0)"), m);
        assertTrue(m.contains("weight column 'weight': expected a finite weight > 0 (as a float), found zero, negative, NaN"
                + " or infinite ones in 4 rows (first: row 10 of partition 0 has -1.0)"), m);
        assertTrue(m.contains("nothing was trained"), m);

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> classifier().setWeightCol("w").fit(df));
        assertTrue(missing.getMessage().contains("weight column 'w' not found"), missing.getMessage());
        Dataset<Row> text = df.withColumn("wtext", df.col("weight").cast("string"));
        IllegalArgumentException typed = assertThrows(IllegalArgumentException.class,
                () -> classifier().setWeightCol("wtext").fit(text));
        assertTrue(typed.getMessage().contains("weight column 'wtext': expected a numeric type, found string"),
                typed.getMessage());
    }

    @Test
    void dropoutParamsAreChecked() {
        IllegalArgumentException rate = assertThrows(IllegalArgumentException.class, () -> classifier().setDropout(1.0));
        assertTrue(rate.getMessage().contains("VecmlpClassifier param dropout: expected one or more rates in [0, 1), found [1.0]"),
                rate.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> classifier().setHiddenLayers(4, 4, 4).setDropout(0.1, 0.2).fit(SparkTestSession.frame(
                        SparkTestSession.blobs(20, WIDTH, CLASSES, 1), 1)));
        assertTrue(count.getMessage().contains("params dropout and hiddenLayers: expected one rate or one per hidden layer (3),"
                + " found 2 [0.1, 0.2]"), count.getMessage());
    }

    /** Averaging with dropout: masks keyed by seed, partition and round, so a rerun gives the same bits. */
    @Test
    void averagingWithDropoutIsReproducible() {
        Dataset<Row> df = SparkTestSession.frame(SparkTestSession.blobs(160, WIDTH, CLASSES, 4), 2);
        VecmlpClassifier c = classifier().setMode("averaging").setLocalSteps(2).setDropout(0.25);
        float[] first = c.fit(df).mlp().parameters();
        float[] second = c.fit(df).mlp().parameters();
        assertArrayEquals(first, second);
        assertFalse(Arrays.equals(first, classifier().setMode("averaging").setLocalSteps(2).fit(df).mlp().parameters()));
    }
}
