package dev.vecmlp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimiser, schedule, clipping and early-stopping options reach the trainer. */
class OptimizerOptionsTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
            "sgd, constant, SGD",
            "momentum, step, Momentum",
            "nesterov, exponential, Nesterov",
            "adam, cosine, Adam",
            "adamw, plateau, AdamW"})
    void everyOptimiserAndScheduleTrains(String optimizer, String schedule, String shown) throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 100, 1);
        Path test = TinyData.blobs(dir.resolve("test.csv"), 40, 2);
        String lr = optimizer.startsWith("adam") ? "0.01" : "0.05";
        CliRunner run = CliRunner.run("train", "--train", train.toString(), "--test", test.toString(),
                "--label-column", "kind", "--layers", "8:relu", "--optimizer", optimizer, "--lr", lr,
                "--schedule", schedule, "--weight-decay", "0.0001", "--epochs", "6", "--batch", "10",
                "--no-charts", "--out", dir.resolve("run").toString());
        assertEquals(0, run.exitCode, run.toString());
        String trainingLine = run.out.lines().filter(l -> l.startsWith("training:")).findFirst().orElseThrow();
        assertTrue(trainingLine.toLowerCase().contains(shown.toLowerCase()), trainingLine);
        if (!schedule.equals("constant")) {
            assertTrue(trainingLine.contains("schedule"), trainingLine);
        }
        assertTrue(TrainCommandTest.lastTestAccuracy(run.out) >= 90, run.out);
    }

    @Test
    void earlyStoppingWatchesAValidationSplitOnly() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 100, 1);
        CliRunner refused = CliRunner.run("train", "--train", train.toString(), "--label-column", "kind",
                "--early-stopping", "2");
        assertEquals(2, refused.exitCode, refused.toString());
        assertTrue(refused.err.contains("--early-stopping needs --validation-split"), refused.toString());

        // Labels that are pure noise: the validation loss stops improving within a few epochs.
        Path noise = TinyData.noise(dir.resolve("noise.csv"), 200, 3);
        CliRunner run = CliRunner.run("train", "--train", noise.toString(), "--label-column", "kind",
                "--layers", "32:relu", "--validation-split", "0.3", "--early-stopping", "2", "--clip-norm", "1",
                "--lr", "0.5", "--batch", "8", "--epochs", "100", "--no-charts", "--out", dir.resolve("run").toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("gradient clipped to norm 1.0"), run.out);
        assertTrue(run.out.contains("early stopping after 2 epochs without progress"), run.out);
        assertTrue(run.out.matches("(?s).*stopped early after epoch \\d+; kept the weights of epoch \\d+.*"), run.out);
        assertTrue(!run.out.contains("epoch 100/100"), run.out);
    }
}
