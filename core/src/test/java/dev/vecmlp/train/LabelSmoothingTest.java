package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Lbfgs;
import dev.vecmlp.optim.Momentum;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Label smoothing: the targets it makes, its use by the trainer, and what it refuses. (Its gradient: GradientCheckTest.) */
class LabelSmoothingTest {

    @Test
    void smoothedTargetsSpreadEpsOverTheClassesAndKeepSummingToOne() {
        float[] y = {0, 1, 0, 0, 9, 9, 1, 0, 0, 0, 9};
        LabelSmoothing.apply(0.2, y, 2, 2, 4);
        assertArrayEquals(new float[]{0, 1, 0.05f, 0.05f, 9 * 0.8f + 0.05f, 9 * 0.8f + 0.05f, 0.85f, 0.05f, 0.05f, 0.05f, 9},
                y, 1e-6f, "rows 1 and 2 of 4 classes from offset 2, the rest untouched");
        assertEquals(1.0, 0.85f + 3 * 0.05f, 1e-6);
        assertThrows(InvalidConfigurationException.class, () -> LabelSmoothing.apply(1.0, y, 0, 1, 4));
        assertThrows(InvalidConfigurationException.class, () -> LabelSmoothing.apply(Double.NaN, y, 0, 1, 4));
        assertThrows(InvalidConfigurationException.class, () -> LabelSmoothing.apply(0.1, y, 0, 1, 1));
    }

    /** The trainer with smoothing takes exactly the steps of a plain run on pre-smoothed targets. */
    @Test
    void trainingWithSmoothingEqualsTrainingOnSmoothedTargets() {
        DataSet data = blobs(90);
        Mlp smoothedRun = model(Loss.CROSS_ENTROPY);
        List<EpochReport> reports = trainer().labelSmoothing(0.1).build().fit(smoothedRun, data);

        float[] soft = data.targets().clone();
        LabelSmoothing.apply(0.1, soft, 0, data.rows(), 3);
        Mlp onSoftTargets = model(Loss.CROSS_ENTROPY);
        List<EpochReport> plainReports = trainer().build().fit(onSoftTargets, DataSet.of(data.features(), 5, soft, 3));
        assertArrayEquals(onSoftTargets.parameters(), smoothedRun.parameters(), 0f);
        assertEquals(plainReports.get(2).loss(), reports.get(2).loss(), 0.0, "the loss reported is on the smoothed targets");

        Mlp unsmoothed = model(Loss.CROSS_ENTROPY);
        trainer().build().fit(unsmoothed, data);
        assertFalse(java.util.Arrays.equals(unsmoothed.parameters(), smoothedRun.parameters()));
        assertTrue(reports.get(2).training().accuracy() > 0.5, "accuracy still counts the labelled class");
    }

    @Test
    void smoothingIsRefusedWhereItHasNoMeaning() {
        InvalidConfigurationException range = assertThrows(InvalidConfigurationException.class,
                () -> Trainer.builder().labelSmoothing(-0.1));
        assertTrue(range.getMessage().contains("expected a value in [0, 1), found -0.1"), range.getMessage());
        DataSet data = blobs(30);
        InvalidConfigurationException mse = assertThrows(InvalidConfigurationException.class,
                () -> trainer().labelSmoothing(0.1).build().fit(model(Loss.MSE), data));
        assertTrue(mse.getMessage().contains("softmax cross-entropy") && mse.getMessage().contains("found MSE"),
                mse.getMessage());
        assertThrows(InvalidConfigurationException.class,
                () -> Trainer.builder().lbfgs(Lbfgs.builder().build()).labelSmoothing(0.1).build());
    }

    private static Trainer.Builder trainer() {
        return Trainer.builder().optimizer(new Momentum(0.05, 0.9, true, 0)).batchSize(16).epochs(3).seed(9);
    }

    private static Mlp model(Loss loss) {
        Mlp.Builder b = Mlp.builder(5).hidden(8, Activation.TANH);
        return (loss == Loss.MSE ? b.output(3, Activation.LINEAR).loss(Loss.MSE) : b.output(3, Activation.SOFTMAX))
                .seed(4).kernels(Backends.reference()).build();
    }

    private static DataSet blobs(int rows) {
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[rows * 5];
        int[] labels = new int[rows];
        for (int r = 0; r < rows; r++) {
            labels[r] = r % 3;
            for (int j = 0; j < 5; j++) {
                x[r * 5 + j] = (float) random.nextGaussian() * 0.5f + (j == labels[r] ? 2f : 0f);
            }
        }
        return DataSet.ofClasses(x, 5, labels, 3);
    }
}
