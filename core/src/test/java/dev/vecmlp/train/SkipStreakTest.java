package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.io.Checkpoint;
import dev.vecmlp.io.Checkpoints;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Under {@link NonFinitePolicy#SKIP} the "gives up after N skips in a row" count spans epochs
 * and resumes, and a run whose last epoch applied no step does not end as a success.
 */
class SkipStreakTest {
    /** 12 rows in batches of 4: 3 steps per epoch, every one non-finite (weights of 1e38 overflow the outputs). */
    private static Mlp divergedModel() {
        Mlp model = Mlp.builder(2).hidden(3, Activation.LINEAR).output(1, Activation.LINEAR).loss(Loss.MSE)
                .seed(1).kernels(Backends.reference()).build();
        Arrays.fill(model.parameters(), 1e38f);
        return model;
    }

    private static DataSet data() {
        float[] x = new float[24];
        float[] y = new float[12];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 + i % 3;
        }
        return DataSet.of(x, 2, y, 1);
    }

    private static Trainer.Builder trainer(int epochs, int maxSkips) {
        return Trainer.builder().optimizer(new Sgd(0.01)).batchSize(4).epochs(epochs).health(null)
                .nonFinite(NonFinitePolicy.SKIP, maxSkips);
    }

    @Test
    void theCountOfSkipsInARowSpansEpochs() {
        Mlp model = divergedModel();
        float[] before = model.parameters().clone();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer(20, 10).build().fit(model, data()));
        assertTrue(e.getMessage().contains("epoch 4, step 10: 10 steps in a row"), e.getMessage());
        assertEquals(10, e.step());
        assertArrayEquals(before, model.parameters());
    }

    @Test
    void theCountSurvivesACheckpointAndResume(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run.ckpt");
        Mlp model = divergedModel();
        // Two epochs, 6 skips: under the limit of 10, so the first run ends... but its last epoch
        // applied nothing, which is not a success either.
        assertThrows(TrainingDivergedException.class,
                () -> trainer(2, 10).checkpoints(Checkpoints.to(file), 1).build().fit(model, data()));
        Checkpoint saved = Checkpoints.load(file);
        assertEquals(6, saved.resume().consecutiveSkips());
        assertEquals(2, saved.resume().epochsDone());
        Mlp resumed = saved.model();
        resumed.useKernels(Backends.reference());
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer(20, 10).build().fit(resumed, data(), saved.resume()));
        assertTrue(e.getMessage().contains("epoch 4, step 10: 10 steps in a row"), e.getMessage());
    }

    @Test
    void aCheckpointWithoutTheCountResumesFromZero(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.ckpt");
        Mlp model = divergedModel();
        Checkpoints.save(model, new TrainingResume(new Sgd(0.01).state(), 2, 0), file);
        Checkpoint saved = Checkpoints.load(file);
        assertEquals(0, saved.resume().consecutiveSkips());
        Mlp resumed = saved.model();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer(20, 10).build().fit(resumed, data(), saved.resume()));
        assertTrue(e.getMessage().contains("epoch 6, step 16: 10 steps in a row"), e.getMessage());
    }

    @Test
    void aRunWhoseLastEpochAppliedNoStepDoesNotSucceed() {
        Mlp model = divergedModel();
        float[] before = model.parameters().clone();
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> trainer(3, 1000).build().fit(model, data()));
        assertTrue(e.getMessage().contains("epoch 3, the last of the run") && e.getMessage().contains("all 3 skipped")
                && e.getMessage().contains("the last 9 steps in a row"), e.getMessage());
        assertArrayEquals(before, model.parameters());
    }

    @Test
    void aSkippedStepAmongFiniteOnesStillSucceeds() {
        Mlp model = Mlp.builder(2).hidden(3, Activation.TANH).output(1, Activation.LINEAR).loss(Loss.MSE)
                .seed(1).kernels(Backends.reference()).build();
        // A schedule that is fine: nothing skipped, the run succeeds and reports its epochs.
        TrainingResult result = trainer(3, 2).build().train(model, data());
        assertEquals(3, result.history().size());
        assertEquals(0, result.skippedSteps());
    }
}
