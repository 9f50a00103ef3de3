package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.io.Checkpoint;
import dev.vecmlp.io.Checkpoints;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.optim.Lbfgs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weight averaging (EMA): the average against a computation by hand from the weights after
 * every step, what validation and the finished model see, bit-identical resumes through a
 * checkpoint file, older checkpoints, and bad decays.
 */
class WeightAveragingTest {
    private static final double DECAY = 0.9;

    @Test
    void badDecaysAreRefusedNamingTheValue() {
        for (double bad : new double[]{0, 1, -0.5, 1.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                    () -> Trainer.builder().weightAveraging(bad), "decay " + bad);
            assertTrue(e.getMessage().startsWith("weight averaging decay: expected"), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(bad)), e.getMessage());
        }
        assertEquals(0.999, WeightAveraging.withDecay(0.999).decay());
        assertThrows(InvalidConfigurationException.class,
                () -> Trainer.builder().weightAveraging(0.99).lbfgs(Lbfgs.withDefaults()).build());
    }

    @Test
    void anUpdateIsDecayTimesTheAverageAndTheRestTheWeights() {
        WeightAveraging ema = WeightAveraging.withDecay(0.75);
        float[] average = {1, -2, 0.5f, 8};
        float[] weights = {3, 2, 0.5f, -8};
        ema.update(average, weights);
        // 0.75 a + 0.25 w, by hand.
        assertArrayEquals(new float[]{1.5f, -1, 0.5f, 4}, average, 1e-6f);
        ema.update(average, weights);
        assertArrayEquals(new float[]{1.875f, -0.25f, 0.5f, 1}, average, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> ema.update(new float[3], weights));
    }

    /** The weights after each step, captured by a listener (the trained weights, not the average). */
    private static final class Recorder implements TrainingListener {
        final List<float[]> afterStep = new ArrayList<>();
        final List<Double> validationLoss = new ArrayList<>();
        float[] initial;
        Mlp model;

        @Override
        public void onTrainingStart(TrainingStart start) {
            model = start.model();
            initial = model.parameters().clone();
        }

        @Override
        public void onStepEnd(int epoch, long step, double loss, int rowsDone, int rowsTotal) {
            afterStep.add(model.parameters().clone());
        }

        @Override
        public void onEpochEnd(EpochReport report) {
            validationLoss.add(report.validation().loss());
        }
    }

    @Test
    void theModelEndsHoldingTheAverageComputedByHandAndValidationMeasuresIt() {
        DataSet data = TrainerTest.rings();
        DataSet[] parts = Trainer.split(data, 0.2, 3);
        Recorder recorder = new Recorder();
        Mlp averaged = model(Backends.reference());
        List<EpochReport> reports = trainer(3).weightAveraging(DECAY).listener(recorder).build()
                .fit(averaged, parts[0], parts[1]);

        double[] expected = new double[averaged.parameterCount()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = recorder.initial[i];
        }
        for (float[] w : recorder.afterStep) {
            for (int i = 0; i < expected.length; i++) {
                expected[i] = DECAY * expected[i] + (1 - DECAY) * w[i];
            }
        }
        assertEquals(3 * ((160 + 15) / 16), recorder.afterStep.size());
        float[] last = recorder.afterStep.get(recorder.afterStep.size() - 1);
        double maxOff = 0;
        double maxMoved = 0;
        for (int i = 0; i < expected.length; i++) {
            maxOff = Math.max(maxOff, Math.abs(averaged.parameters()[i] - expected[i]));
            maxMoved = Math.max(maxMoved, Math.abs(last[i] - expected[i]));
        }
        assertTrue(maxOff < 1e-5, "largest difference from the hand-computed average: " + maxOff);
        assertTrue(maxMoved > 1e-3, "the average must differ from the last weights, found at most " + maxMoved);

        // The training itself is unchanged: the same seed without averaging ends at the recorded weights.
        Mlp plain = model(Backends.reference());
        List<EpochReport> plainReports = trainer(3).build().fit(plain, parts[0], parts[1]);
        assertArrayEquals(last, plain.parameters(), 0f);
        assertEquals(plainReports.get(2).loss(), reports.get(2).loss(), 0.0, "training loss of the trained weights");
        // Validation measures the average: the last epoch's figure is the finished model's.
        double finalLoss = Evaluation.metrics(averaged, parts[1], averaged.newWorkspace(64)).loss();
        assertEquals(finalLoss, reports.get(2).validation().loss(), 0.0);
        assertNotEquals(plainReports.get(2).validation().loss(), reports.get(2).validation().loss());
    }

    @Test
    void theSameSeedGivesTheSameAverageOnEveryRunAndTheBackendsAgree() {
        DataSet data = TrainerTest.rings();
        Mlp a = model(Backends.reference());
        Mlp b = model(Backends.reference());
        trainer(2).weightAveraging(0.95).build().fit(a, data);
        trainer(2).weightAveraging(0.95).build().fit(b, data);
        assertArrayEquals(a.parameters(), b.parameters(), 0f);
        for (Kernels kernels : new Kernels[]{Backends.ejml(), Backends.create("ejml", 3), Backends.defaultKernels()}) {
            Mlp other = model(kernels);
            trainer(2).weightAveraging(0.95).build().fit(other, data);
            Mlp again = model(kernels);
            trainer(2).weightAveraging(0.95).build().fit(again, data);
            assertArrayEquals(other.parameters(), again.parameters(), 0f, kernels.name());
            assertArrayEquals(a.parameters(), other.parameters(), 2e-4f, kernels.name());
        }
    }

    @Test
    void resumingFromACheckpointFileIsBitIdentical(@TempDir Path dir) throws Exception {
        DataSet data = TrainerTest.rings();
        Mlp straight = model(Backends.reference());
        trainer(6).weightAveraging(DECAY).validationSplit(0.1).build().fit(straight, data);

        Path file = dir.resolve("run.vmlp");
        Mlp first = model(Backends.reference());
        trainer(6).weightAveraging(DECAY).validationSplit(0.1).epochs(2).checkpoints(Checkpoints.to(file), 2).build()
                .fit(first, data);
        Checkpoint checkpoint = Checkpoints.load(file);
        float[] average = checkpoint.resume().averagedWeights();
        assertNotNull(average);
        // The checkpoint's model holds the trained weights; the finished two-epoch model the average.
        assertArrayEquals(first.parameters(), average, 0f);
        assertNotEquals(0, maxDifference(checkpoint.model().parameters(), average));

        Mlp resumed = checkpoint.model();
        resumed.useKernels(Backends.reference());
        List<EpochReport> rest = trainer(6).weightAveraging(DECAY).validationSplit(0.1).build()
                .fit(resumed, data, checkpoint.resume());
        assertEquals(4, rest.size());
        assertArrayEquals(straight.parameters(), resumed.parameters(), 0f);
    }

    @Test
    void aCheckpointWithoutAnAverageResumesWithTheAverageStartingFromItsWeights(@TempDir Path dir) throws Exception {
        DataSet data = TrainerTest.rings();
        Path file = dir.resolve("plain.vmlp");
        trainer(2).checkpoints(Checkpoints.to(file), 2).build().fit(model(Backends.reference()), data);
        Checkpoint checkpoint = Checkpoints.load(file);
        assertNull(checkpoint.resume().averagedWeights());
        Mlp resumed = checkpoint.model();
        resumed.useKernels(Backends.reference());
        float[] start = resumed.parameters().clone();
        Recorder recorder = new Recorder();
        DataSet[] parts = {data, Trainer.split(data, 0.2, 1)[1]};
        trainer(3).weightAveraging(DECAY).listener(recorder).build().train(resumed, parts[0], parts[1],
                checkpoint.resume());
        assertEquals((200 + 15) / 16, recorder.afterStep.size());
        double[] expected = new double[resumed.parameterCount()];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = start[i];
        }
        for (float[] w : recorder.afterStep) {
            for (int i = 0; i < expected.length; i++) {
                expected[i] = DECAY * expected[i] + (1 - DECAY) * w[i];
            }
        }
        double maxOff = 0;
        for (int i = 0; i < expected.length; i++) {
            maxOff = Math.max(maxOff, Math.abs(resumed.parameters()[i] - expected[i]));
        }
        assertTrue(maxOff < 1e-5, "largest difference from the hand-computed average: " + maxOff);
    }

    private static double maxDifference(float[] a, float[] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }

    private static Mlp model(Kernels kernels) {
        return Mlp.builder(2).hidden(12, Activation.GELU).dropout(0.1).output(2, Activation.SOFTMAX).seed(21)
                .kernels(kernels).build();
    }

    private static Trainer.Builder trainer(int epochs) {
        return Trainer.builder().optimizer(new Momentum(0.05, 0.9, true, 0))
                .schedule(LearningRateSchedule.cosine(1, epochs, 0.0)).batchSize(16).epochs(epochs).seed(4);
    }
}
