package dev.vecmlp.model;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.train.Evaluation;
import dev.vecmlp.train.Trainer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End-to-end learning on the reference backend: XOR, a noisy regression, and reproducibility. */
class LearningTest {

    private static final float[] XOR_X = {0, 0, 0, 1, 1, 0, 1, 1};
    private static final float[] XOR_Y = {0, 1, 1, 0};

    private static Mlp xorModel(Activation hidden, long seed) {
        return Mlp.builder(2).hidden(8, hidden).output(1, Activation.SIGMOID)
                .seed(seed).kernels(Backends.reference()).build();
    }

    @Test
    void pureSgdSolvesXorWithTanh() {
        Mlp model = xorModel(Activation.TANH, 7);
        DataSet data = DataSet.of(XOR_X, 2, XOR_Y, 1);
        Trainer.builder().learningRate(0.1).batchSize(1).epochs(1000).seed(7).build().fit(model, data);
        assertEquals(1.0, Evaluation.accuracy(model, data));
        assertTrue(Evaluation.loss(model, data) < 0.05, "BCE after training: " + Evaluation.loss(model, data));
    }

    @Test
    void fullBatchGradientDescentSolvesXorWithSigmoid() {
        Mlp model = xorModel(Activation.SIGMOID, 3);
        DataSet data = DataSet.of(XOR_X, 2, XOR_Y, 1);
        Trainer.builder().learningRate(2.0).batchSize(4).epochs(3000).seed(3).build().fit(model, data);
        assertEquals(1.0, Evaluation.accuracy(model, data));
    }

    /** y = sin(2x) + N(0, 0.1^2) on [-2, 2]: the noise floor is MSE 0.01, the fit must reach 0.02. */
    @Test
    void noisyRegressionReachesTheStatedMse() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 400;
        float[] x = new float[n];
        float[] y = new float[n];
        float[] clean = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (random.nextDouble() * 4 - 2);
            clean[i] = (float) Math.sin(2 * x[i]);
            y[i] = clean[i] + (float) (random.nextGaussian() * 0.1);
        }
        Mlp model = Mlp.builder(1).hidden(32, Activation.TANH).hidden(32, Activation.TANH)
                .output(1, Activation.LINEAR).loss(Loss.MSE).seed(5).kernels(Backends.reference()).build();
        DataSet data = DataSet.of(x, 1, y, 1);
        double before = Evaluation.loss(model, data);
        Trainer.builder().learningRate(0.05).batchSize(16).epochs(300).seed(5).build().fit(model, data);
        double mse = Evaluation.loss(model, data);
        double mseToClean = Evaluation.loss(model, DataSet.of(x, 1, clean, 1));
        assertTrue(before > 0.3, "untrained MSE " + before);
        assertTrue(mse < 0.02, "training MSE " + mse + " should be under 0.02");
        assertTrue(mseToClean < 0.01, "MSE to the noise-free curve " + mseToClean + " should be under 0.01");
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        float[] first = trainSpirals(17);
        float[] second = trainSpirals(17);
        float[] other = trainSpirals(18);
        assertArrayEquals(first, second, 0f);
        assertFalse(java.util.Arrays.equals(first, other), "another seed should give other weights");
    }

    private static float[] trainSpirals(long seed) {
        SplittableRandom random = new SplittableRandom(1);
        int n = 200;
        float[] x = new float[n * 2];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = random.nextDouble() * 3 * Math.PI;
            double sign = c == 0 ? 1 : -1;
            x[2 * i] = (float) (sign * t * Math.cos(t) / 10);
            x[2 * i + 1] = (float) (sign * t * Math.sin(t) / 10);
            labels[i] = c;
        }
        Mlp model = Mlp.builder(2).hidden(16, Activation.RELU).hidden(16, Activation.TANH)
                .output(2, Activation.SOFTMAX).seed(seed).kernels(Backends.reference()).build();
        Trainer.builder().learningRate(0.05).batchSize(8).epochs(20).seed(seed).build()
                .fit(model, DataSet.ofClasses(x, 2, labels, 2));
        return model.parameters().clone();
    }
}
