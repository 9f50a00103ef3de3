package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.io.Checkpoint;
import dev.vecmlp.io.Checkpoints;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Adam;
import dev.vecmlp.optim.LearningRateSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Stop, write a checkpoint file, read it back in a "new process", resume: the same weights as one run. */
class CheckpointFileResumeTest {

    @Test
    void resumingFromACheckpointFileIsBitIdentical(@TempDir Path dir) throws Exception {
        DataSet data = TrainerTest.rings();
        Mlp straight = model();
        trainer(6, null).fit(straight, data);

        Path file = dir.resolve("run.vmlp");
        trainer(2, Checkpoints.to(file)).fit(model(), data);
        Checkpoint checkpoint = Checkpoints.load(file);
        assertEquals(2, checkpoint.resume().epochsDone());
        assertEquals("adamw", checkpoint.resume().optimizerState().kind());

        Mlp resumed = checkpoint.model();
        resumed.useKernels(Backends.reference());
        List<EpochReport> rest = trainer(6, null).fit(resumed, data, checkpoint.resume());
        assertEquals(4, rest.size());
        assertArrayEquals(straight.parameters(), resumed.parameters(), 0f);
    }

    private static Mlp model() {
        return Mlp.builder(2).hidden(12, Activation.RELU).output(2, Activation.SOFTMAX).seed(21)
                .kernels(Backends.reference()).build();
    }

    private static Trainer trainer(int epochs, CheckpointSink sink) {
        Trainer.Builder b = Trainer.builder().optimizer(Adam.adamW(0.01, 0.01))
                .schedule(LearningRateSchedule.cosine(1, 6, 0.0)).batchSize(32).epochs(epochs).seed(4)
                .validationSplit(0.1);
        if (sink != null) {
            b.checkpoints(sink, 2);
        }
        return b.build();
    }
}
