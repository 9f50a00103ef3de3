package dev.vecmlp.io;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.train.CheckpointSink;
import dev.vecmlp.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * End to end: a run that checkpoints every epoch to files, is "killed" and resumed from the
 * file of epoch k in a fresh model, ends with exactly the weights of the uninterrupted run, for
 * every k, on the reference and on the default backend.
 */
class CheckpointResumeTest {
    private static final int EPOCHS = 5;

    @TempDir
    Path dir;

    /** Two noisy interleaved spirals' worth of points: a task that keeps the weights moving every epoch. */
    private static DataSet data() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 150;
        float[] x = new float[n * 3];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            double t = r.nextDouble() * 3;
            x[3 * i] = (float) (t * Math.cos(t + 2.1 * c) + 0.1 * r.nextGaussian());
            x[3 * i + 1] = (float) (t * Math.sin(t + 2.1 * c) + 0.1 * r.nextGaussian());
            x[3 * i + 2] = (float) r.nextGaussian();
            labels[i] = c;
        }
        return DataSet.ofClasses(x, 3, labels, 3);
    }

    private static Mlp model(Kernels kernels) {
        // Dropout too: a resumed run must draw the masks the uninterrupted one drew (keyed by the step).
        return Mlp.builder(3).hidden(16, Activation.TANH).dropout(0.2).hidden(8, Activation.RELU).output(3, Activation.SOFTMAX)
                .seed(5).kernels(kernels).build();
    }

    private static Trainer trainer(CheckpointSink sink) {
        Trainer.Builder b = Trainer.builder().optimizer(new Momentum(0.05, 0.9, true, 1e-4))
                .batchSize(16).epochs(EPOCHS).seed(99);
        if (sink != null) {
            b.checkpoints(sink, 1);
        }
        return b.build();
    }

    @Test
    void resumingFromAnyEpochsCheckpointFileEndsWithTheUninterruptedWeights() throws IOException {
        for (Kernels kernels : new Kernels[]{Backends.reference(), Backends.defaultKernels()}) {
            DataSet data = data();
            Mlp straight = model(kernels);
            // One run writes a checkpoint file after each epoch (and a plain model file at the end).
            CheckpointSink perEpoch = (m, resume) ->
                    Checkpoints.save(m, resume, dir.resolve(kernels.name() + "-epoch-" + resume.epochsDone() + ".vmlp"));
            trainer(perEpoch).fit(straight, data);

            float[] before = model(kernels).parameters();
            assertNotEquals(before[0], straight.parameters()[0], "training moved the weights");
            for (int k = 1; k < EPOCHS; k++) {
                Checkpoint checkpoint = Checkpoints.load(dir.resolve(kernels.name() + "-epoch-" + k + ".vmlp"));
                assertEquals(k, checkpoint.resume().epochsDone());
                assertEquals("momentum", checkpoint.resume().optimizerState().kind());
                Mlp resumed = checkpoint.model();
                resumed.useKernels(kernels);
                int epochsRun = trainer(null).fit(resumed, data, checkpoint.resume()).size();
                assertEquals(EPOCHS - k, epochsRun);
                assertArrayEquals(straight.parameters(), resumed.parameters(), 0f,
                        kernels.name() + ": resumed after epoch " + k);
            }
            // The last epoch's checkpoint holds the final weights, and loads as a plain model too.
            Mlp last = ModelFiles.load(dir.resolve(kernels.name() + "-epoch-" + EPOCHS + ".vmlp"));
            assertArrayEquals(straight.parameters(), last.parameters(), 0f);
        }
    }
}
