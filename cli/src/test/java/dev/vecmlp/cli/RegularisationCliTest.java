package dev.vecmlp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code train --shift} and {@code --label-smoothing}: they reach the trainer, and are refused
 * with the option named where they cannot apply.
 */
class RegularisationCliTest {
    @TempDir
    Path dir;

    @Test
    void shiftTrainsOnSquareUnscaledImagesAndIsRefusedWhereItCannotApply() throws IOException {
        Path images = squares(dir.resolve("images.csv"), 120);
        CliRunner run = CliRunner.run("train", "--train", images.toString(), "--label-name", "kind", "--scale", "none",
                "--shift", "1", "--layers", "16:relu", "--epochs", "3", "--batch", "10", "--lr", "0.05", "--no-charts",
                "--out", dir.resolve("run").toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.lines().anyMatch(l -> l.startsWith("training:") && l.contains("images shifted by up to 1 pixels")),
                run.out);

        CliRunner scaled = CliRunner.run("train", "--train", images.toString(), "--label-name", "kind", "--shift", "1",
                "--epochs", "1", "--no-charts", "--out", dir.resolve("scaled").toString());
        assertEquals(2, scaled.exitCode, scaled.toString());
        assertTrue(scaled.err.contains("--shift") && scaled.err.contains("--scale none")
                && scaled.err.contains("found --scale auto"), scaled.err);

        Path blobs = TinyData.blobs(dir.resolve("blobs.csv"), 40, 1);
        CliRunner notSquare = CliRunner.run("train", "--train", blobs.toString(), "--label-name", "kind", "--scale", "none",
                "--shift", "1", "--epochs", "1", "--no-charts", "--out", dir.resolve("blobs").toString());
        assertEquals(2, notSquare.exitCode, notSquare.toString());
        assertTrue(notSquare.err.contains("square") && notSquare.err.contains("found 3"), notSquare.err);

        CliRunner tooFar = CliRunner.run("train", "--train", images.toString(), "--label-name", "kind", "--scale", "none",
                "--shift", "4", "--epochs", "1", "--no-charts", "--out", dir.resolve("far").toString());
        assertEquals(2, tooFar.exitCode, tooFar.toString());
        assertTrue(tooFar.err.contains("at most 3 pixels") && tooFar.err.contains("found 4"), tooFar.err);

        CliRunner negative = CliRunner.run("train", "--train", images.toString(), "--label-name", "kind", "--shift", "-1");
        assertEquals(2, negative.exitCode, negative.toString());
        assertTrue(negative.err.contains("--shift: expected a number of pixels >= 0, found -1"), negative.err);
    }

    @Test
    void labelSmoothingReachesTheTrainerForClassificationOnly() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 100, 1);
        CliRunner run = CliRunner.run("train", "--train", train.toString(), "--label-name", "kind", "--layers", "8:relu",
                "--label-smoothing", "0.1", "--epochs", "4", "--batch", "10", "--lr", "0.05", "--no-charts",
                "--out", dir.resolve("run").toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.lines().anyMatch(l -> l.startsWith("training:") && l.contains("label smoothing 0.1")), run.out);

        CliRunner bad = CliRunner.run("train", "--train", train.toString(), "--label-name", "kind", "--label-smoothing", "1");
        assertEquals(2, bad.exitCode, bad.toString());
        assertTrue(bad.err.contains("--label-smoothing: expected a value in [0, 1), found 1.0"), bad.err);

        StringBuilder numbers = new StringBuilder("a,b,target\n");
        for (int r = 0; r < 20; r++) {
            numbers.append(r).append(',').append(r % 3).append(',').append(2 * r + 1).append('\n');
        }
        Path numeric = Files.writeString(dir.resolve("numeric.csv"), numbers);
        CliRunner regression = CliRunner.run("train", "--train", numeric.toString(), "--label-name", "target", "--task",
                "regression", "--label-smoothing", "0.1", "--epochs", "1", "--no-charts", "--out",
                dir.resolve("reg").toString());
        assertEquals(2, regression.exitCode, regression.toString());
        assertTrue(regression.err.contains("--label-smoothing needs a classification task"), regression.err);
    }

    /** 4 x 4 "images" p0..p15: class "top" is bright in the upper half, "bottom" in the lower half. */
    private static Path squares(Path file, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(4);
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < 16; j++) {
            csv.append('p').append(j).append(',');
        }
        csv.append("kind\n");
        for (int r = 0; r < rows; r++) {
            boolean top = r % 2 == 0;
            for (int j = 0; j < 16; j++) {
                boolean upper = j < 8;
                csv.append(random.nextDouble() * 0.3 + (upper == top ? 0.7 : 0)).append(',');
            }
            csv.append(top ? "top" : "bottom").append('\n');
        }
        return Files.writeString(file, csv);
    }
}
