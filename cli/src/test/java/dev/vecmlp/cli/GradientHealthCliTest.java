package dev.vecmlp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gradient-health verdicts and the gradient-norm chart as a user of {@code train} sees them. */
class GradientHealthCliTest {
    private static final String DEEP_SIGMOID = "8:sigmoid,8:sigmoid,8:sigmoid,8:sigmoid,8:sigmoid,8:sigmoid,"
            + "8:sigmoid,8:sigmoid,8:sigmoid";

    @TempDir
    Path dir;

    @Test
    void aDeepNarrowSigmoidNetworkIsReportedAsVanishingAndTheChartIsWritten() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 80, 7);
        Path out = dir.resolve("run");
        CliRunner run = CliRunner.run("train", "--train", train.toString(), "--label-column", "kind",
                "--layers", DEEP_SIGMOID, "--epochs", "2", "--batch", "8", "--health-every", "1",
                "--out", out.toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("gradient health: VANISHING gradient at layer 0"), run.out);
        assertTrue(run.out.contains("Remedy:"), run.out);
        assertTrue(run.out.matches("(?s).*epoch 1/2 .*gradients: 1 new verdict.*"), run.out);
        assertTrue(run.out.matches("(?s).*epoch 2/2 .*gradients: still vanishing at layer 0.*"), run.out);
        TrainCommandTest.assertPng(out.resolve("gradient-norms.png"));
    }

    @Test
    void reluWithMatchedInitialisationGetsNoVerdict() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 80, 7);
        CliRunner run = CliRunner.run("train", "--train", train.toString(), "--label-column", "kind",
                "--layers", "16:relu,16:relu", "--epochs", "2", "--batch", "8", "--health-every", "1",
                "--out", dir.resolve("run").toString());
        assertEquals(0, run.exitCode, run.toString());
        assertFalse(run.out.contains("gradient health:"), run.out);
        assertTrue(run.out.contains("gradients: ok"), run.out);
    }

    @Test
    void healthChecksCanBeTurnedOff() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 40, 7);
        Path out = dir.resolve("run");
        CliRunner run = CliRunner.run("train", "--train", train.toString(), "--label-column", "kind",
                "--layers", DEEP_SIGMOID, "--epochs", "2", "--batch", "8", "--health-every", "0",
                "--out", out.toString());
        assertEquals(0, run.exitCode, run.toString());
        assertFalse(run.out.contains("VANISHING"), run.out);
        assertTrue(run.out.contains("gradients: not checked"), run.out);
        assertFalse(Files.exists(out.resolve("gradient-norms.png")));
    }
}
