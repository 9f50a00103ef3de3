package dev.vecmlp.spark;

import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.model.Mlp;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PersistenceAndPipelineTest {

    @Test
    void modelSavesAsSparkParamsPlusAVecmlpModelFile(@TempDir Path dir) throws Exception {
        Dataset<Row> df = SparkTestSession.frame(SparkTestSession.blobs(200, 4, 3, 2), 2);
        VecmlpClassificationModel model = new VecmlpClassifier().setHiddenLayers(8).setLearningRate(0.1).setEpochs(2)
                .setProbabilityCol("p").fit(df);
        String path = dir.resolve("model").toString();
        model.write().overwrite().save(path);

        VecmlpClassificationModel loaded = VecmlpClassificationModel.load(path);
        assertEquals(model.uid(), loaded.uid());
        assertEquals("p", loaded.getProbabilityCol());
        assertFalse(loaded.hasSummary());
        assertArrayEquals(model.mlp().parameters(), loaded.mlp().parameters());

        // A plain JVM service reads the same network without Spark.
        Mlp plain = ModelFiles.load(dir.resolve("model").resolve(ParamsIo.MODEL_FILE));
        assertArrayEquals(model.mlp().parameters(), plain.parameters());

        List<Row> a = model.transform(df).select("p").collectAsList();
        List<Row> b = loaded.transform(df).select("p").collectAsList();
        assertEquals(a, b);

        // And the other way round: an Mlp trained elsewhere wrapped as a Spark model.
        VecmlpClassificationModel wrapped = new VecmlpClassificationModel(plain).setProbabilityCol("p");
        assertEquals(a, wrapped.transform(df).select("p").collectAsList());

        VecmlpClassifier estimator = new VecmlpClassifier().setBatchSize(17).setOptimizer("adam");
        estimator.write().save(dir.resolve("estimator").toString());
        VecmlpClassifier back = VecmlpClassifier.load(dir.resolve("estimator").toString());
        assertEquals(17, back.getBatchSize());
        assertEquals("adam", back.getOptimizer());
        assertEquals(estimator.uid(), back.uid());
    }

    /** Raw numeric columns, assembled, standardised and fed to the regressor, saved and loaded as a pipeline. */
    @Test
    void regressorInAPipelineWithAssemblerAndScaler(@TempDir Path dir) throws Exception {
        SplittableRandom random = new SplittableRandom(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            double a = random.nextDouble(-1, 1) * 100;
            double b = random.nextDouble(-1, 1);
            rows.add(RowFactory.create(a, b, 0.02 * a + b * b + 1));
        }
        StructType schema = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                .add("y", DataTypes.DoubleType);
        Dataset<Row> df = SparkTestSession.get().createDataFrame(rows, schema).repartition(2);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[]{
                new VectorAssembler().setInputCols(new String[]{"a", "b"}).setOutputCol("raw"),
                new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true),
                new VecmlpRegressor().setLabelCol("y").setHiddenLayers(16).setHiddenActivation("tanh")
                        .setOptimizer("adam").setLearningRate(0.01).setBatchSize(8).setEpochs(20)
                        .setMode("averaging").setLocalSteps(0)});
        PipelineModel fitted = pipeline.fit(df);
        RegressionEvaluator rmse = new RegressionEvaluator().setLabelCol("y").setMetricName("rmse");
        double error = rmse.evaluate(fitted.transform(df));
        assertTrue(error < 0.4, "rmse " + error + " (the target's standard deviation is 1.19)");

        String path = dir.resolve("pipeline").toString();
        fitted.write().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertEquals(error, rmse.evaluate(loaded.transform(df)), 1e-9);
        assertTrue(loaded.stages()[2] instanceof VecmlpRegressionModel);
    }

    @Test
    void crossValidatorPicksFromAParamGrid() {
        Dataset<Row> df = SparkTestSession.frame(SparkTestSession.blobs(240, 4, 3, 8), 2);
        VecmlpClassifier classifier = new VecmlpClassifier().setHiddenLayers(8).setEpochs(2).setBatchSize(32);
        ParamMap[] grid = new ParamGridBuilder().addGrid(classifier.learningRate(), new double[]{1e-4, 0.2}).build();
        CrossValidatorModel cv = new CrossValidator().setEstimator(classifier).setEstimatorParamMaps(grid)
                .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy"))
                .setNumFolds(2).setSeed(1).fit(df);
        double[] metrics = cv.avgMetrics();
        assertEquals(2, metrics.length);
        assertTrue(metrics[1] > metrics[0], "lr 0.2 beats lr 1e-4: " + java.util.Arrays.toString(metrics));
        VecmlpClassificationModel best = (VecmlpClassificationModel) cv.bestModel();
        assertEquals(3, best.numClasses());
        Vector p = (Vector) best.transform(df).select("probability").first().get(0);
        assertEquals(3, p.size());
    }
}
