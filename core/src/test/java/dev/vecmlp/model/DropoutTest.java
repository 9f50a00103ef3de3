package dev.vecmlp.model;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.testing.AllocationMeter;
import dev.vecmlp.train.Trainer;
import dev.vecmlp.train.TrainingStep;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inverted dropout: the masks, training-only application, determinism and no allocation. */
class DropoutTest {

    @Test
    void masksDropTheRightShareAndKeepTheExpectedValue() {
        float[] mask = new float[200_001];
        double p = 0.3;
        DropoutMasks.fill(mask, mask.length, p, DropoutMasks.key(7, 1, 0));
        int dropped = 0;
        double sum = 0;
        for (float m : mask) {
            if (m == 0) {
                dropped++;
            } else {
                assertEquals((float) (1 / (1 - p)), m, "kept units are scaled by 1/(1-p)");
            }
            sum += m;
        }
        // Binomial: sd of the share is sqrt(p(1-p)/n) ~ 1e-3.
        assertEquals(p, dropped / (double) mask.length, 5e-3, "share dropped");
        assertEquals(1, sum / mask.length, 7e-3, "mean of the mask (expected value kept)");
    }

    @Test
    void masksAreAFunctionOfSeedStepAndLayer() {
        float[] a = new float[999];
        float[] b = new float[999];
        DropoutMasks.fill(a, a.length, 0.5, DropoutMasks.key(1, 10, 0));
        DropoutMasks.fill(b, b.length, 0.5, DropoutMasks.key(1, 10, 0));
        assertArrayEquals(a, b);
        for (long[] other : new long[][]{{2, 10, 0}, {1, 11, 0}, {1, 10, 1}}) {
            DropoutMasks.fill(b, b.length, 0.5, DropoutMasks.key(other[0], other[1], (int) other[2]));
            assertFalse(java.util.Arrays.equals(a, b), "a different seed, step or layer gives another mask");
        }
        // A prefix does not depend on the length.
        float[] prefix = new float[10];
        DropoutMasks.fill(prefix, 10, 0.5, DropoutMasks.key(1, 10, 0));
        assertArrayEquals(java.util.Arrays.copyOf(a, 10), prefix);
    }

    private static Mlp.Builder network(double dropout) {
        Mlp.Builder b = Mlp.builder(6).hidden(16, Activation.GELU);
        if (dropout > 0) {
            b.dropout(dropout);
        }
        b.hidden(8, Activation.LEAKY_RELU, 0.1);
        if (dropout > 0) {
            b.dropout(dropout / 2);
        }
        return b.output(3, Activation.SOFTMAX).seed(5).kernels(Backends.reference());
    }

    private static DataSet data() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 96;
        float[] x = new float[n * 6];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < 6; j++) {
                x[i * 6 + j] = (float) (r.nextDouble() * 2 - 1);
                s += x[i * 6 + j] * (j - 2.5);
            }
            labels[i] = s < -1 ? 0 : s < 1 ? 1 : 2;
        }
        return DataSet.ofClasses(x, 6, labels, 3);
    }

    @Test
    void inferenceIgnoresDropout() {
        Mlp with = network(0.5).build();
        Mlp without = network(0).build();
        assertArrayEquals(without.parameters(), with.parameters(), "dropout does not change the initial weights");
        float[] x = data().features();
        assertArrayEquals(without.predict(x, 10), with.predict(x, 10));
        float[] out = new float[3];
        Predictor.of(with).predict(x, 0, out, 0);
        assertArrayEquals(java.util.Arrays.copyOf(without.predict(x, 1), 3), out);
        // computeGradients is the deterministic (inference) network's gradient.
        float[] y = new float[10 * 3];
        for (int r = 0; r < 10; r++) {
            y[r * 3 + r % 3] = 1;
        }
        assertArrayEquals(without.gradients(x, y, 10).values(), with.gradients(x, y, 10).values());
    }

    @Test
    void trainingWithDropoutIsReproducibleAndDiffersFromTrainingWithout() {
        float[] a = train(network(0.3).build(), 11);
        float[] b = train(network(0.3).build(), 11);
        float[] c = train(network(0.3).build(), 12);
        float[] none = train(network(0).build(), 11);
        assertArrayEquals(a, b, "same seed, same weights");
        assertFalse(java.util.Arrays.equals(a, c), "another seed draws other masks");
        assertFalse(java.util.Arrays.equals(a, none), "dropout changes training");
    }

    private static float[] train(Mlp model, long seed) {
        Trainer.builder().optimizer(new Momentum(0.05, 0.9, true, 0)).batchSize(16).epochs(3).seed(seed).build()
                .fit(model, data());
        return model.parameters().clone();
    }

    @Test
    void healthStatisticsSeeTheMaskedActivations() {
        Mlp model = network(0.5).build();
        TrainingStep step = new TrainingStep(model, new Momentum(0.01, 0, false, 0), 32).dropoutSeed(4);
        DataSet d = data();
        step.step(d.features(), 0, d.targets(), 0, 32);
        float[] masked = step.workspace().activations(0);
        Workspace ws = step.workspace();
        int zeros = 0;
        for (int i = 0; i < 32 * 16; i++) {
            assertEquals(ws.unmasked[0][i] * ws.masks[0][i], masked[i], 0f);
            zeros += ws.masks[0][i] == 0 ? 1 : 0;
        }
        assertTrue(zeros > 32 * 16 / 4, "about half of layer 0's outputs are dropped, found " + zeros);
    }

    @Test
    void aTrainingStepWithDropoutAllocatesNothing() {
        Mlp model = network(0.25).build();
        TrainingStep step = new TrainingStep(model, new Momentum(0.01, 0.9, false, 0), 8).dropoutSeed(1);
        DataSet d = data();
        Runnable steps = () -> {
            for (int i = 0; i < 500; i++) {
                step.step(d.features(), 0, d.targets(), 0, 8);
            }
        };
        assertEquals(0, AllocationMeter.minBytesPerRound(steps, 20, 30), "bytes allocated by 500 dropout steps");
    }

    @Test
    void dropoutIsRefusedWhereItCannotGo() {
        assertThrows(InvalidConfigurationException.class, () -> Mlp.builder(3).dropout(0.1));
        assertThrows(InvalidConfigurationException.class, () -> Mlp.builder(3).hidden(4, Activation.RELU).dropout(1.0));
        assertThrows(InvalidConfigurationException.class, () -> Mlp.builder(3).hidden(4, Activation.RELU).dropout(-0.1));
        assertThrows(InvalidConfigurationException.class, () -> Mlp.builder(3).hidden(4, Activation.RELU).dropout(Double.NaN));
        assertThrows(InvalidConfigurationException.class,
                () -> Mlp.builder(3).hidden(4, Activation.RELU).output(2, Activation.SOFTMAX).dropout(0.1));
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> Mlp.builder(3).hidden(4, Activation.LEAKY_RELU, -1));
        assertTrue(e.getMessage().contains("negative slope") && e.getMessage().contains("-1"), e.getMessage());
        assertThrows(InvalidConfigurationException.class, () -> Mlp.builder(3).hidden(4, Activation.RELU, 0.5));
    }
}
