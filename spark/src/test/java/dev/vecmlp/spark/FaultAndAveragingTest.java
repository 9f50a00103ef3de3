package dev.vecmlp.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultAndAveragingTest {

    private static VecmlpClassifier recipe() {
        return new VecmlpClassifier().setHiddenLayers(10).setOptimizer("adam").setLearningRate(0.01)
                .setBatchSize(25).setEpochs(2).setSeed(3);
    }

    /** A task that fails once is retried by Spark; training is deterministic, so the weights are the same bits. */
    @Test
    void aRetriedTaskLeavesTheWeightsBitIdentical() {
        Dataset<Row> df = SparkTestSession.frame(SparkTestSession.blobs(300, 5, 3, 4), 2);
        float[] undisturbed = recipe().fit(df).mlp().parameters();
        DistributedTrainer.FAIL_ONCE_AT_STEP.set(7);
        float[] retried;
        try {
            retried = recipe().fit(df).mlp().parameters();
        } finally {
            assertEquals(-1, DistributedTrainer.FAIL_ONCE_AT_STEP.getAndSet(-1), "the hook fired");
        }
        assertArrayEquals(undisturbed, retried);

        DistributedTrainer.FAIL_ONCE_AT_STEP.set(2);
        float[] averagedRetried;
        try {
            averagedRetried = recipe().setMode("averaging").setLocalSteps(3).fit(df).mlp().parameters();
        } finally {
            assertEquals(-1, DistributedTrainer.FAIL_ONCE_AT_STEP.getAndSet(-1), "the hook fired");
        }
        assertArrayEquals(recipe().setMode("averaging").setLocalSteps(3).fit(df).mlp().parameters(), averagedRetried);
    }

    @Test
    void averagingLearnsAboutAsWellAsSync() {
        Dataset<Row> df = SparkTestSession.frame(SparkTestSession.blobs(600, 6, 4, 12), 2);
        VecmlpClassificationModel sync = recipe().setEpochs(4).fit(df);
        VecmlpClassificationModel averaged = recipe().setEpochs(4).setMode("averaging").setLocalSteps(0).fit(df);
        TrainingSummary s = averaged.summary();
        assertEquals(TrainingMode.AVERAGING, s.mode());
        assertEquals(4, s.jobs(), "one round per epoch with localSteps 0");
        double syncAccuracy = sync.summary().history().get(3).training().accuracy();
        double averagedAccuracy = s.history().get(3).training().accuracy();
        assertTrue(averagedAccuracy > 0.85 && averagedAccuracy > syncAccuracy - 0.1,
                "averaging " + averagedAccuracy + ", sync " + syncAccuracy);
    }

    /** A gradient that is not finite on any partition is never applied: skipped under "skip", fatal under "stop". */
    @Test
    void nonFiniteGradientsAreNeverApplied() {
        Dataset<Row> df = SparkTestSession.frame(SparkTestSession.blobs(100, 3, 2, 6), 2);
        VecmlpRegressor exploding = new VecmlpRegressor().setHiddenLayers(4).setLearningRate(1e30).setEpochs(1)
                .setBatchSize(10).setHealthEverySteps(0).setNonFinite("skip").setMaxConsecutiveSkips(1000);
        VecmlpRegressionModel model = exploding.fit(df);
        for (float w : model.mlp().parameters()) {
            assertTrue(Float.isFinite(w));
        }
        assertTrue(model.summary().skippedSteps() > 0, "skipped " + model.summary().skippedSteps());
        org.junit.jupiter.api.Assertions.assertThrows(dev.vecmlp.train.TrainingDivergedException.class,
                () -> exploding.setNonFinite("stop").fit(df));
    }
}
