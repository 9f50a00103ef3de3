package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Lbfgs;
import dev.vecmlp.optim.Sgd;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Input dropout: the masks' statistics and determinism, and that the trainer's steps see the masked batch. */
class InputDropoutTest {

    @Test
    void aboutPOfTheInputsAreZeroedAndTheRestScaled() {
        for (double p : new double[]{0.1, 0.25, 0.5}) {
            InputDropout dropout = InputDropout.of(p);
            int rows = 64;
            int width = 783; // odd: the last draw of a batch uses one half of a 64-bit value
            float[] x = new float[rows * width + 3];
            Arrays.fill(x, 2f);
            dropout.apply(x, 3, rows, width, 42, 7);
            int zeros = 0;
            float kept = (float) (1 / (1 - p)) * 2f;
            for (int i = 3; i < x.length; i++) {
                if (x[i] == 0f) {
                    zeros++;
                } else {
                    assertEquals(kept, x[i], 0f, "index " + i);
                }
            }
            assertEquals(2f, x[0]);
            double share = zeros / (double) (rows * width);
            // Binomial: 5 standard deviations of the share over 50,112 draws.
            double sd = Math.sqrt(p * (1 - p) / (rows * width));
            assertTrue(Math.abs(share - p) < 5 * sd, "share dropped " + share + " for p " + p);
        }
    }

    @Test
    void theMaskIsAFunctionOfSeedAndStepAlone() {
        InputDropout dropout = InputDropout.of(0.3);
        float[] a = ones(1000);
        float[] b = ones(1000);
        dropout.apply(a, 0, 10, 100, 5, 11);
        dropout.apply(b, 0, 10, 100, 5, 11);
        assertArrayEquals(a, b, 0f);
        float[] otherStep = ones(1000);
        dropout.apply(otherStep, 0, 10, 100, 5, 12);
        float[] otherSeed = ones(1000);
        dropout.apply(otherSeed, 0, 10, 100, 6, 11);
        assertFalse(Arrays.equals(a, otherStep));
        assertFalse(Arrays.equals(a, otherSeed));
    }

    @Test
    void badRatesAreRefused() {
        for (double bad : new double[]{-0.1, 1, 1.5, Double.NaN}) {
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                    () -> Trainer.builder().inputDropout(bad));
            assertTrue(e.getMessage().contains("input dropout: expected a rate in (0, 1), found " + bad), e.getMessage());
        }
        assertThrows(InvalidConfigurationException.class, () -> InputDropout.of(0));
        assertThrows(InvalidConfigurationException.class,
                () -> Trainer.builder().inputDropout(0.2).lbfgs(Lbfgs.withDefaults()).build());
    }

    /** One full-batch epoch in order: the trainer's step equals a step on the batch masked by hand. */
    @Test
    void theTrainersStepSeesTheMaskedBatch() {
        DataSet data = TrainerTest.rings();
        Mlp viaTrainer = model();
        Trainer.builder().optimizer(new Sgd(0.1)).batchSize(data.rows()).epochs(1).shuffle(false).seed(9)
                .inputDropout(0.4).health(null).build().fit(viaTrainer, data);

        Mlp byHand = model();
        float[] x = data.features().clone();
        InputDropout.of(0.4).apply(x, 0, data.rows(), 2, 9, 0);
        TrainingStep step = new TrainingStep(byHand, new Sgd(0.1), data.rows()).dropoutSeed(9);
        step.step(x, 0, data.targets(), 0, data.rows(), 0.1f);
        assertArrayEquals(byHand.parameters(), viaTrainer.parameters(), 0f);

        Mlp unmasked = model();
        Trainer.builder().optimizer(new Sgd(0.1)).batchSize(data.rows()).epochs(1).shuffle(false).seed(9)
                .health(null).build().fit(unmasked, data);
        assertFalse(Arrays.equals(unmasked.parameters(), viaTrainer.parameters()));
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }

    private static Mlp model() {
        return Mlp.builder(2).hidden(8, Activation.TANH).output(2, Activation.SOFTMAX).seed(3)
                .kernels(Backends.reference()).build();
    }
}
