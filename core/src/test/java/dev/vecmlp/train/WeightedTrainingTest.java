package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Sgd;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Sample and class weights through the trainer and the metrics. */
class WeightedTrainingTest {

    /** Two overlapping Gaussian blobs in 2-D, {@code minority} of {@code rows} in class 1. */
    static DataSet imbalanced(int rows, int minority, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * 2];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            int c = r < minority ? 1 : 0;
            labels[r] = c;
            x[r * 2] = (float) (random.nextGaussian() + (c == 1 ? 1.2 : -0.3));
            x[r * 2 + 1] = (float) random.nextGaussian();
        }
        return DataSet.ofClasses(x, 2, labels, 2);
    }

    @Test
    void balancedWeightsAreScikitLearns() {
        int[] labels = {0, 0, 0, 0, 0, 0, 1, 1, 1, 2};
        DataSet data = DataSet.ofClasses(new float[10], 1, labels, 4);
        double[] w = ClassWeights.balanced().resolve(data, Loss.CROSS_ENTROPY);
        // n / (k * count): 10 rows, 3 classes present; class 3 has no rows and keeps 1.
        assertArrayEquals(new double[]{10 / 18.0, 10 / 9.0, 10 / 3.0, 1.0}, w, 1e-12);
        assertArrayEquals(new double[]{1, 2.5, 1, 1},
                ClassWeights.of(Map.of(1, 2.5)).resolve(data, Loss.CROSS_ENTROPY), 0);
        DataSet binary = DataSet.of(new float[4], 1, new float[]{0, 1, 1, 1}, 1);
        assertArrayEquals(new double[]{2, 2 / 3.0}, ClassWeights.balanced().resolve(binary, Loss.BINARY_CROSS_ENTROPY), 1e-12);
    }

    @Test
    void classWeightsAreCheckedAgainstTheModel() {
        DataSet data = DataSet.ofClasses(new float[3], 1, new int[]{0, 1, 1}, 2);
        assertThrows(InvalidConfigurationException.class, () -> ClassWeights.of(1, 2, 3).resolve(data, Loss.CROSS_ENTROPY));
        assertThrows(InvalidConfigurationException.class, () -> ClassWeights.of(1, 0));
        assertThrows(InvalidConfigurationException.class, () -> ClassWeights.of(Map.of(0, Double.NaN)));
        assertThrows(InvalidConfigurationException.class, () -> ClassWeights.of(Map.of(5, 2.0)).resolve(data, Loss.CROSS_ENTROPY));
        DataSet regression = DataSet.of(new float[3], 1, new float[3], 1);
        Mlp model = Mlp.builder(1).output(1, Activation.LINEAR).build();
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> Trainer.builder().classWeights(ClassWeights.balanced()).build().fit(model, regression));
        assertTrue(e.getMessage().contains("MSE"), e.getMessage());
    }

    @Test
    void balancedClassWeightsRaiseMinorityRecallAndBalancedAccuracy() {
        DataSet train = imbalanced(2000, 100, 1);
        DataSet test = imbalanced(2000, 100, 2);
        double[] plain = recallAfterTraining(train, test, null);
        double[] weighted = recallAfterTraining(train, test, ClassWeights.balanced());
        assertTrue(weighted[1] > plain[1] + 0.2, "minority recall: plain " + plain[1] + ", weighted " + weighted[1]);
        assertTrue((weighted[0] + weighted[1]) / 2 > (plain[0] + plain[1]) / 2 + 0.05,
                "balanced accuracy: plain " + (plain[0] + plain[1]) / 2 + ", weighted " + (weighted[0] + weighted[1]) / 2);
    }

    private static double[] recallAfterTraining(DataSet train, DataSet test, ClassWeights weights) {
        Mlp model = Mlp.builder(2).hidden(8, Activation.TANH).output(2, Activation.SOFTMAX).seed(3).build();
        Trainer.builder().optimizer(new Sgd(0.1)).batchSize(32).epochs(10).classWeights(weights).health(null)
                .build().fit(model, train);
        return Evaluation.recallPerClass(model, test);
    }

    @Test
    void sampleWeightsOfTwoTrainLikeRepeatedRows() {
        // Full-batch, unshuffled: weight 2 on every row of class 1 is the data set with those rows twice.
        DataSet data = imbalanced(40, 10, 5);
        float[] w = new float[40];
        int extra = 10;
        float[] x2 = new float[(40 + extra) * 2];
        float[] y2 = new float[(40 + extra) * 2];
        System.arraycopy(data.features(), 0, x2, 0, 80);
        System.arraycopy(data.targets(), 0, y2, 0, 80);
        for (int r = 0; r < 40; r++) {
            w[r] = r < 10 ? 2 : 1;
        }
        System.arraycopy(data.features(), 0, x2, 80, 20);
        System.arraycopy(data.targets(), 0, y2, 80, 20);
        Mlp a = Mlp.builder(2).hidden(4, Activation.TANH).output(2, Activation.SOFTMAX).seed(3)
                .kernels(Backends.reference()).build();
        Mlp b = a.copy();
        Trainer.Builder t = Trainer.builder().optimizer(new Sgd(0.5)).shuffle(false).epochs(20).health(null);
        t.batchSize(40).build().fit(a, data.withSampleWeights(w));
        t.batchSize(50).build().fit(b, DataSet.of(x2, 2, y2, 2));
        for (int i = 0; i < a.parameterCount(); i++) {
            assertEquals(b.parameters()[i], a.parameters()[i], 1e-5);
        }
        assertEquals(Evaluation.metrics(b, DataSet.of(x2, 2, y2, 2)).loss(),
                Evaluation.metrics(a, data.withSampleWeights(w)).loss(), 1e-6);
        assertEquals(Evaluation.accuracy(b, DataSet.of(x2, 2, y2, 2)),
                Evaluation.accuracy(a, data.withSampleWeights(w)), 1e-12);
    }

    @Test
    void theValidationSplitKeepsEachRowsWeight() {
        DataSet data = imbalanced(50, 10, 7);
        float[] w = new float[50];
        for (int r = 0; r < 50; r++) {
            w[r] = 1 + r;
        }
        DataSet[] parts = Trainer.split(data.withSampleWeights(w), 0.2, 9);
        for (DataSet part : parts) {
            for (int r = 0; r < part.rows(); r++) {
                int found = -1;
                for (int s = 0; s < 50; s++) {
                    if (data.features()[s * 2] == part.features()[r * 2] && data.features()[s * 2 + 1] == part.features()[r * 2 + 1]) {
                        found = s;
                    }
                }
                assertEquals(w[found], part.sampleWeights()[r]);
            }
        }
    }

    @Test
    void weightedTrainingAllocatesPerEpochNotPerStep() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        DataSet data = imbalanced(2000, 200, 3);
        float[] w = new float[2000];
        java.util.Arrays.fill(w, 1.5f);
        DataSet weighted = data.withSampleWeights(w);
        long id = Thread.currentThread().getId();
        double perStep = Double.POSITIVE_INFINITY;
        for (int round = 0; round < 6 && perStep >= 8; round++) {
            long start = threads.getThreadAllocatedBytes(id);
            run(weighted, 2);
            long two = threads.getThreadAllocatedBytes(id) - start;
            start = threads.getThreadAllocatedBytes(id);
            run(weighted, 8);
            long eight = threads.getThreadAllocatedBytes(id) - start;
            perStep = (eight - two) / (6.0 * 2000 / 4);
        }
        assertTrue(perStep < 8, "bytes per weighted step: " + perStep);
    }

    private static void run(DataSet data, int epochs) {
        Mlp model = Mlp.builder(2).hidden(8, Activation.RELU).output(2, Activation.SOFTMAX)
                .seed(1).kernels(Backends.reference()).build();
        Trainer.builder().optimizer(new Sgd(0.05)).batchSize(4).epochs(epochs).classWeights(ClassWeights.balanced())
                .listener(report -> { }).build().fit(model, data);
    }
}
