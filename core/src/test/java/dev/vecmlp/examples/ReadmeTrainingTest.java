package dev.vecmlp.examples;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.health.HealthConfig;
import dev.vecmlp.io.Checkpoints;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Adam;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.train.EarlyStopping;
import dev.vecmlp.train.Metrics;
import dev.vecmlp.train.NonFinitePolicy;
import dev.vecmlp.train.Trainer;
import dev.vecmlp.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's training section, kept compiling and working: keep the two in step. */
class ReadmeTrainingTest {
    @TempDir
    Path dir;

    @Test
    void trainingSectionRuns() {
        SplittableRandom random = new SplittableRandom(3);
        int rows = 300;
        float[] x = new float[rows * 2];
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = (float) random.nextGaussian();
            x[2 * i + 1] = (float) random.nextGaussian();
            labels[i] = x[2 * i] * x[2 * i + 1] > 0 ? 1 : 0;
        }
        DataSet data = DataSet.ofClasses(x, 2, labels, 2);
        Mlp model = Mlp.builder(2).hidden(16, Activation.RELU).output(2, Activation.SOFTMAX).seed(7).build();
        List<String> lines = new ArrayList<>();
        Path checkpoint = dir.resolve("run.ckpt");

        // --- README training section begins (Path.of("run.ckpt") there; printing there)
        TrainingResult result = Trainer.builder()
                .optimizer(Adam.adamW(1e-3, 0.01))
                .schedule(LearningRateSchedule.cosine(1, 20, 0.01))
                .batchSize(64).epochs(20).seed(7)
                .validationSplit(0.1)
                .earlyStopping(new EarlyStopping(Metrics.Metric.LOSS, 3, 1e-4, true))
                .clipNorm(5.0)
                .nonFinite(NonFinitePolicy.SKIP)
                .health(HealthConfig.defaults())
                .checkpoints(Checkpoints.to(checkpoint), 1)
                .listener(report -> lines.add(report.epoch() + " " + report.training() + " " + report.validation()))
                .build()
                .train(model, data);
        // --- README training section ends

        assertFalse(result.history().isEmpty());
        assertTrue(Files.exists(checkpoint), "a checkpoint was written");
        assertTrue(lines.size() == result.history().size(), "one listener line per epoch");
        assertTrue(result.monitor() != null, "the gradient monitor is returned");
    }
}
