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
 * {@code train --shift}, {@code --label-smoothing}, {@code --input-dropout} and {@code --ema}: they reach the trainer, and are refused
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

    @Test
    void emaComesFromTheCommandLineOrAConfigFileAndTheSavedModelIsTheAverage() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 120, 1);
        Path test = TinyData.blobs(dir.resolve("test.csv"), 60, 2);
        String[] common = {"train", "--train", train.toString(), "--test", test.toString(), "--label-name", "kind",
                "--layers", "8:gelu", "--epochs", "3", "--batch", "10", "--lr", "0.2", "--no-charts"};
        CliRunner plain = CliRunner.run(concat(common, "--out", dir.resolve("plain").toString()));
        assertEquals(0, plain.exitCode, plain.toString());
        CliRunner averaged = CliRunner.run(concat(common, "--ema", "0.8", "--out", dir.resolve("ema").toString()));
        assertEquals(0, averaged.exitCode, averaged.toString());
        assertTrue(averaged.out.lines().anyMatch(l -> l.startsWith("training:")
                && l.contains("weight averaging (EMA) decay 0.8")), averaged.out);
        // Same training (the average only reads the weights), different held-out figures (they measure the average).
        assertEquals(epochLine(plain.out, 3).split("\\|")[0], epochLine(averaged.out, 3).split("\\|")[0]);
        assertTrue(!epochLine(plain.out, 3).split("\\|")[1].equals(epochLine(averaged.out, 3).split("\\|")[1]),
                plain.out + averaged.out);
        // The saved model is the average: evaluate reproduces the last epoch's test loss.
        CliRunner evaluated = CliRunner.run("evaluate", "--model", dir.resolve("ema").resolve("model.vmlp").toString(),
                "--test", test.toString(), "--label-name", "kind");
        assertEquals(0, evaluated.exitCode, evaluated.toString());
        String testLoss = epochLine(averaged.out, 3).replaceAll(".*test loss ([0-9.]+).*", "$1");
        assertTrue(evaluated.out.contains("loss:     " + testLoss), testLoss + " in " + evaluated.out);

        Path json = Files.writeString(dir.resolve("run.json"), "{\"ema\": 0.8}");
        CliRunner fromJson = CliRunner.run(concat(common, "--config", json.toString(), "--out",
                dir.resolve("json").toString()));
        assertEquals(0, fromJson.exitCode, fromJson.toString());
        assertEquals(figures(averaged.out), figures(fromJson.out));

        for (String bad : new String[]{"1", "-0.1", "1.5", "NaN"}) {
            CliRunner refused = CliRunner.run("train", "--train", train.toString(), "--label-name", "kind", "--ema", bad);
            assertEquals(2, refused.exitCode, refused.toString());
            assertTrue(refused.err.contains("--ema: expected a decay in (0, 1)"), refused.err);
        }
        CliRunner lbfgs = CliRunner.run("train", "--train", train.toString(), "--label-name", "kind", "--ema", "0.9",
                "--optimizer", "lbfgs");
        assertEquals(2, lbfgs.exitCode, lbfgs.toString());
        assertTrue(lbfgs.err.contains("--ema") && lbfgs.err.contains("lbfgs"), lbfgs.err);
    }

    @Test
    void inputDropoutReachesTheTrainerAndBadRatesAreRefused() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 100, 1);
        String[] common = {"train", "--train", train.toString(), "--label-name", "kind", "--layers", "8:relu",
                "--epochs", "2", "--batch", "10", "--lr", "0.05", "--no-charts"};
        CliRunner plain = CliRunner.run(concat(common, "--out", dir.resolve("plain").toString()));
        CliRunner run = CliRunner.run(concat(common, "--input-dropout", "0.2", "--out", dir.resolve("run").toString()));
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.lines().anyMatch(l -> l.startsWith("training:") && l.contains("input dropout 0.2")), run.out);
        assertTrue(!epochLine(plain.out, 2).split("\\|")[0].equals(epochLine(run.out, 2).split("\\|")[0]),
                "the masked batches train differently: " + plain.out + run.out);
        for (String bad : new String[]{"1", "-0.1", "NaN"}) {
            CliRunner refused = CliRunner.run("train", "--train", train.toString(), "--label-name", "kind",
                    "--input-dropout", bad);
            assertEquals(2, refused.exitCode, refused.toString());
            assertTrue(refused.err.contains("--input-dropout: expected a rate in [0, 1)"), refused.err);
        }
    }

    private static String epochLine(String out, int epoch) {
        return out.lines().filter(l -> l.startsWith("epoch " + epoch + "/")).findFirst().orElseThrow(() ->
                new AssertionError("no epoch " + epoch + " line in " + out));
    }

    /** The last epoch's training and held-out figures (not its time). */
    private static String figures(String out) {
        String[] parts = epochLine(out, 3).split("\\|");
        return parts[0] + "|" + parts[1];
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
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
