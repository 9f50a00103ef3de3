package dev.vecmlp.spark;

import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParamsAndSchemaTest {

    @Test
    void defaultsAreThoseOfTheSingleMachineTrainer() {
        VecmlpClassifier c = new VecmlpClassifier();
        assertEquals("sgd", c.getOptimizer());
        assertEquals(0.01, c.getLearningRate());
        assertEquals(32, c.getBatchSize());
        assertEquals(10, c.getEpochs());
        assertEquals(42L, c.getSeed());
        assertEquals("stop", c.getNonFinite());
        assertEquals(50, c.getHealthEverySteps());
        assertEquals("sync", c.getMode());
        assertEquals(1, c.getKernelThreads());
        assertArrayEquals(new int[]{128}, c.getHiddenLayers());
        assertEquals("softmax", c.getOutputActivation());
        assertEquals("cross_entropy", c.getLoss());
        VecmlpRegressor r = new VecmlpRegressor();
        assertEquals("linear", r.getOutputActivation());
        assertEquals("mse", r.getLoss());
        assertTrue(c.params().length > 35, "params found by Spark: " + c.params().length);
        assertTrue(c.explainParams().contains("hiddenLayers"));
    }

    @Test
    void invalidParamsNameTheParamTheExpectedAndTheFound() {
        VecmlpClassifier c = new VecmlpClassifier();
        assertMessage(() -> c.setBatchSize(0), "VecmlpClassifier param batchSize: expected an integer >= 1, found 0");
        assertMessage(() -> c.setLearningRate(-1), "param learningRate: expected a finite number > 0, found -1.0");
        assertMessage(() -> c.setOptimizer("lbfgs"), "param optimizer: expected one of");
        assertMessage(() -> c.setOptimizer("lbfgs"), "found 'lbfgs'");
        assertMessage(() -> c.setHiddenLayers(64, 0), "param hiddenLayers: expected widths >= 1, found [64, 0]");
        assertMessage(() -> c.setHiddenActivation("gelu"), "found [gelu]");
        assertMessage(() -> c.setValidationFraction(1.0), "param validationFraction: expected a number in [0, 1), found 1.0");
        assertMessage(() -> c.setMode("async"), "param mode: expected one of");
        // The same check through a ParamMap, as ParamGridBuilder and CrossValidator use.
        assertMessage(() -> c.copy(new ParamMap().put(c.epochs(), 0)), "param epochs: expected an integer >= 1, found 0");
    }

    @Test
    void combinationsAreCheckedBeforeAnyJob() {
        Dataset<Row> df = SparkTestSession.frame(SparkTestSession.blobs(20, 3, 2, 1), 1);
        assertMessage(() -> new VecmlpClassifier().setLoss("binary_cross_entropy").fit(df),
                "params loss and outputActivation: expected outputActivation 'sigmoid' for loss 'binary_cross_entropy', found outputActivation 'softmax'");
        assertMessage(() -> new VecmlpClassifier().setHiddenLayers(4, 4, 4).setHiddenActivations("relu", "tanh").fit(df),
                "expected one activation or one per hidden layer (3), found 2");
        assertMessage(() -> new VecmlpRegressor().setOutputActivation("softmax").setLoss("cross_entropy").fit(df), "found 'softmax'");
    }

    @Test
    void schemaErrorsNameTheColumn() {
        Dataset<Row> df = SparkTestSession.frame(SparkTestSession.blobs(20, 3, 2, 1), 1);
        assertMessage(() -> new VecmlpClassifier().setFeaturesCol("pixels").fit(df), "features column 'pixels' not found");
        assertMessage(() -> new VecmlpClassifier().setLabelCol("y").fit(df), "label column 'y' not found");
        assertMessage(() -> new VecmlpClassifier().setFeaturesCol("label").fit(df),
                "features column 'label': expected an ML Vector");
        Dataset<Row> stringLabels = df.withColumn("label", df.col("label").cast("string"));
        assertMessage(() -> new VecmlpClassifier().fit(stringLabels), "label column 'label': expected a numeric type, found string");
    }

    @Test
    void badRowsAreCountedAndRejectedBeforeTraining() {
        StructType schema = SparkTestSession.SCHEMA;
        List<Row> rows = new ArrayList<>(SparkTestSession.blobs(30, 3, 2, 1));
        rows.add(RowFactory.create(null, 1.0));
        rows.add(RowFactory.create(Vectors.dense(1, Double.NaN, 0), 0.0));
        rows.add(RowFactory.create(Vectors.dense(1, 2), 0.0));
        rows.add(RowFactory.create(Vectors.dense(1, 2, 3), 5.0));
        rows.add(RowFactory.create(Vectors.dense(1, 2, 3), 0.5));
        rows.add(RowFactory.create(Vectors.dense(1, 2, 3), null));
        Dataset<Row> df = SparkTestSession.get().createDataFrame(rows, schema).coalesce(1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VecmlpClassifier().setNumClasses(2).setEpochs(1).fit(df));
        String m = e.getMessage();
        assertTrue(m.contains("features column 'features': expected a vector in every row, found null in 1 row (first: row 30 of partition 0)"), m);
        assertTrue(m.contains("expected finite values, found NaN or infinity in 1 row (first: row 31"), m);
        assertTrue(m.contains("expected vectors of 3 values, found another size in 1 row (first: row 32 of partition 0 has 2 values)"), m);
        assertTrue(m.contains("label column 'label': expected a whole number in [0, 1] (numClasses 2), found other values in 2 rows (first: row 33 of partition 0 has 5.0)"), m);
        assertTrue(m.contains("label column 'label': expected a value in every row, found null in 1 row"), m);
        assertTrue(m.contains("nothing was trained"), m);

        StructType regressionSchema = new StructType().add("features", schema.apply("features").dataType())
                .add("target", DataTypes.DoubleType);
        Dataset<Row> inf = SparkTestSession.get().createDataFrame(List.of(
                RowFactory.create(Vectors.dense(1, 2), Double.POSITIVE_INFINITY),
                RowFactory.create(Vectors.dense(1, 2), 1.0)), regressionSchema);
        assertMessage(() -> new VecmlpRegressor().setLabelCol("target").fit(inf),
                "label column 'target': expected a finite number, found other values in 1 row");
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(part), "message: " + e.getMessage() + "\nexpected to contain: " + part);
    }
}
