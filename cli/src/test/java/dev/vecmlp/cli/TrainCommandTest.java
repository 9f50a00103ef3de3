package dev.vecmlp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G'};

    @TempDir
    Path dir;

    static void assertPng(Path file) throws IOException {
        assertTrue(Files.isRegularFile(file), file + " missing");
        byte[] head = new byte[4];
        System.arraycopy(Files.readAllBytes(file), 0, head, 0, 4);
        assertArrayEquals(PNG_MAGIC, head, file + " is not a PNG");
    }

    /** The test accuracy (in %) on the last epoch summary line. */
    static double lastTestAccuracy(String out) {
        Matcher m = Pattern.compile("(?:test|validation) loss [0-9.]+ acc +([0-9.]+)%").matcher(out);
        double last = Double.NaN;
        while (m.find()) {
            last = Double.parseDouble(m.group(1));
        }
        return last;
    }

    @Test
    void trainsOnCsvReportsEveryEpochAndWritesCharts() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 200, 1);
        Path test = TinyData.blobs(dir.resolve("test.csv"), 60, 2);
        Path out = dir.resolve("run");
        CliRunner run = CliRunner.run("train", "--train", train.toString(), "--test", test.toString(),
                "--label-column", "kind", "--layers", "8:tanh", "--epochs", "5", "--batch", "16", "--lr", "0.2",
                "--out", out.toString(), "--backend", "reference");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("train.csv (CSV, 200 rows x 3 features, label 'kind', 2 classes)"), run.out);
        assertTrue(run.out.contains("3-8-2 (tanh, softmax; loss cross entropy"), run.out);
        for (int e = 1; e <= 5; e++) {
            assertTrue(run.out.contains("epoch " + e + "/5  train loss"), run.out);
        }
        assertTrue(lastTestAccuracy(run.out) >= 95, run.out);
        assertPng(out.resolve("loss.png"));
        assertPng(out.resolve("accuracy.png"));
    }

    @Test
    void holdsOutAValidationShare() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 100, 3);
        CliRunner run = CliRunner.run("train", "--train", train.toString(), "--label-column", "3",
                "--validation-split", "0.2", "--epochs", "2", "--no-charts", "--out", dir.resolve("r").toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("80 training rows, 20 validation rows"), run.out);
        assertTrue(run.out.contains("validation loss"), run.out);
        assertTrue(!Files.exists(dir.resolve("r").resolve("loss.png")), "--no-charts wrote charts");
    }

    @Test
    void settingsComeFromAConfigFileAndTheCommandLineWins() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 40, 4);
        Path props = Files.writeString(dir.resolve("run.properties"),
                "layers=4:relu\nepochs=2\nbatch=8\nlabel-column=kind\nlr=0.05\n");
        CliRunner run = CliRunner.run("train", "--config", props.toString(), "--train", train.toString(),
                "--epochs", "3", "--no-charts", "--out", dir.resolve("r").toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("3-4-2 (relu, softmax"), run.out);
        assertTrue(run.out.contains("SGD(lr=0.05), batch 8, 3 epochs"), run.out);

        Path json = Files.writeString(dir.resolve("run.json"), "{\"layers\": \"6:tanh\", \"epochs\": 1, "
                + "\"label-column\": \"kind\"}");
        CliRunner fromJson = CliRunner.run("train", "--config", json.toString(), "--train", train.toString(),
                "--no-charts", "--out", dir.resolve("r").toString());
        assertEquals(0, fromJson.exitCode, fromJson.toString());
        assertTrue(fromJson.out.contains("3-6-2 (tanh, softmax"), fromJson.out);
        assertTrue(fromJson.out.contains("epoch 1/1"), fromJson.out);
    }

    @Test
    void anUnknownConfigKeyIsAUsageError() throws IOException {
        Path props = Files.writeString(dir.resolve("bad.properties"), "epochs=2\nlearning-rate=0.1\n");
        CliRunner run = CliRunner.run("train", "--config", props.toString());
        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.contains("unknown setting 'learning-rate'"), run.toString());
    }

    @Test
    void malformedDataFailsNamingTheLine() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "a,b,y\n1,2,x\n3,oops,y\n");
        CliRunner run = CliRunner.run("train", "--train", bad.toString(), "--label-column", "y");
        assertEquals(1, run.exitCode, run.toString());
        assertTrue(run.err.contains("line 3, column 2 'b': expected a number, found 'oops'"), run.toString());
    }

    @Test
    void badLayerSpecsAreUsageErrors() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 20, 5);
        CliRunner run = CliRunner.run("train", "--train", train.toString(), "--label-column", "kind",
                "--layers", "16:swish");
        assertEquals(2, run.exitCode, run.toString());
        assertTrue(run.err.contains("found 'swish'"), run.toString());
    }
}
