package dev.vecmlp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** train -> model file -> evaluate -> predict, in-process, on CSV and on IDX files made here. */
class RoundTripTest {
    @TempDir
    Path dir;

    @Test
    void csvTrainEvaluatePredict() throws IOException {
        Path train = TinyData.blobs(dir.resolve("train.csv"), 200, 11);
        Path test = TinyData.blobs(dir.resolve("test.csv"), 40, 12);
        Path model = dir.resolve("blobs.vmlp");
        CliRunner trained = CliRunner.run("train", "--train", train.toString(), "--label-column", "kind",
                "--layers", "8:tanh", "--epochs", "8", "--batch", "16", "--lr", "0.2", "--model", model.toString(),
                "--out", dir.resolve("run").toString(), "--no-charts");
        assertEquals(0, trained.exitCode, trained.toString());
        assertTrue(Files.size(model) > 0);
        assertTrue(trained.out.contains("model:     " + model), trained.out);

        CliRunner evaluated = CliRunner.run("evaluate", "--model", model.toString(), "--test", test.toString());
        assertEquals(0, evaluated.exitCode, evaluated.toString());
        assertTrue(evaluated.out.contains("samples:  40"), evaluated.out);
        assertTrue(evaluated.out.contains("accuracy: 100.00% (40 of 40)"), evaluated.out);
        assertTrue(evaluated.out.contains("confusion matrix"), evaluated.out);
        // Classes are the string labels in sorted order: left (index 0), right (index 1); 20 of each.
        assertTrue(evaluated.out.matches("(?s).*\\[0] left +20 +0 .*"), evaluated.out);
        assertTrue(evaluated.out.matches("(?s).*\\[1] right +0 +20 .*"), evaluated.out);

        // Prediction input: columns in another order, with the label column still there (ignored).
        Path input = Files.writeString(dir.resolve("input.csv"), "kind,f3,f2,f1\n?,-2,10,2\nx,2,10,-2\n");
        Path output = dir.resolve("predictions.csv");
        CliRunner predicted = CliRunner.run("predict", "--model", model.toString(), "--input", input.toString(),
                "--output", output.toString());
        assertEquals(0, predicted.exitCode, predicted.toString());
        List<String> lines = Files.readAllLines(output);
        assertEquals("predicted,p_left,p_right", lines.get(0));
        assertTrue(lines.get(1).startsWith("right,"), lines.toString());
        assertTrue(lines.get(2).startsWith("left,"), lines.toString());
        String[] cells = lines.get(1).split(",");
        assertEquals(1.0, Double.parseDouble(cells[1]) + Double.parseDouble(cells[2]), 1e-4);

        CliRunner toStdout = CliRunner.run("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(0, toStdout.exitCode, toStdout.toString());
        assertEquals(String.join("\n", lines) + "\n", toStdout.out);
    }

    @Test
    void regressionRoundTrip() throws IOException {
        StringBuilder csv = new StringBuilder("x,y,target\n");
        SplittableRandom random = new SplittableRandom(3);
        for (int r = 0; r < 300; r++) {
            double x = random.nextDouble() * 2 - 1;
            double y = random.nextDouble() * 2 - 1;
            csv.append(x).append(',').append(y).append(',').append(3 * x - 2 * y + 5).append('\n');
        }
        Path data = Files.writeString(dir.resolve("linear.csv"), csv);
        Path model = dir.resolve("linear.vmlp");
        CliRunner trained = CliRunner.run("train", "--train", data.toString(), "--label-column", "target",
                "--task", "regression", "--layers", "none", "--epochs", "60", "--batch", "10", "--lr", "0.05",
                "--model", model.toString(), "--no-charts");
        assertEquals(0, trained.exitCode, trained.toString());
        assertTrue(trained.out.contains("2-1 (linear; loss mse"), trained.out);
        CliRunner evaluated = CliRunner.run("evaluate", "--model", model.toString(), "--test", data.toString());
        assertEquals(0, evaluated.exitCode, evaluated.toString());
        double mse = Double.parseDouble(evaluated.out.replaceAll("(?s).*MSE: +([0-9.eE+-]+).*", "$1"));
        assertTrue(mse < 1e-3, evaluated.out);
        Path input = Files.writeString(dir.resolve("in.csv"), "x,y\n1,1\n0,0\n");
        CliRunner predicted = CliRunner.run("predict", "--model", model.toString(), "--input", input.toString());
        assertEquals(0, predicted.exitCode, predicted.toString());
        String[] lines = predicted.out.split("\n");
        assertEquals("predicted", lines[0]);
        assertEquals(6.0, Double.parseDouble(lines[1]), 0.05);
        assertEquals(5.0, Double.parseDouble(lines[2]), 0.05);
    }

    /** An IDX file of unsigned bytes, gzip-compressed. */
    private static byte[] idx(int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.write(new byte[]{0, 0, 8, (byte) dims.length});
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(payload);
        }
        return bytes.toByteArray();
    }

    /** 4x4 images: class 0 lights the top half, class 1 the bottom half, with noise. */
    private void writeImages(String prefix, int count, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] pixels = new byte[count * 16];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = i % 2;
            labels[i] = (byte) label;
            for (int p = 0; p < 16; p++) {
                boolean lit = (p < 8) == (label == 0);
                pixels[i * 16 + p] = (byte) (lit ? 150 + random.nextInt(100) : random.nextInt(80));
            }
        }
        Files.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), idx(new int[]{count, 4, 4}, pixels));
        Files.write(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), idx(new int[]{count}, labels));
    }

    @Test
    void idxDirectoryTrainAndEvaluate() throws IOException {
        writeImages("train", 100, 1);
        writeImages("t10k", 30, 2);
        Path model = dir.resolve("images.vmlp");
        CliRunner trained = CliRunner.run("train", "--idx-dir", dir.toString(), "--layers", "6:relu", "--epochs", "10",
                "--batch", "10", "--model", model.toString(), "--out", dir.resolve("run").toString());
        assertEquals(0, trained.exitCode, trained.toString());
        assertTrue(trained.out.contains("(IDX, 100 images of 16 pixels, 2 classes)"), trained.out);
        assertTrue(trained.out.contains("test accuracy: 100.00%"), trained.out);
        TrainCommandTest.assertPng(dir.resolve("run").resolve("accuracy.png"));
        CliRunner evaluated = CliRunner.run("evaluate", "--model", model.toString(), "--idx-dir", dir.toString());
        assertEquals(0, evaluated.exitCode, evaluated.toString());
        assertTrue(evaluated.out.contains("accuracy: 100.00% (30 of 30)"), evaluated.out);
        CliRunner explicit = CliRunner.run("evaluate", "--model", model.toString(),
                "--test", dir.resolve("t10k-images-idx3-ubyte.gz").toString(),
                "--test-labels", dir.resolve("t10k-labels-idx1-ubyte.gz").toString());
        assertEquals(evaluated.out.replaceAll("data: .*", ""), explicit.out.replaceAll("data: .*", ""));
    }

    @Test
    void evaluateAndPredictErrors() throws IOException {
        CliRunner noData = CliRunner.run("evaluate", "--model", "m.vmlp");
        assertEquals(2, noData.exitCode, noData.toString());
        CliRunner noModel = CliRunner.run("predict", "--input", "x.csv");
        assertEquals(2, noModel.exitCode, noModel.toString());
        assertTrue(noModel.err.contains("--model"), noModel.toString());
        Path notAModel = Files.writeString(dir.resolve("fake.vmlp"), "this is not a model");
        CliRunner corrupt = CliRunner.run("evaluate", "--model", notAModel.toString(), "--test", "t.csv");
        assertEquals(1, corrupt.exitCode, corrupt.toString());
        assertTrue(corrupt.err.startsWith("vecmlp evaluate: "), corrupt.toString());
        assertTrue(!corrupt.err.contains("\tat "), corrupt.toString());

        Path train = TinyData.blobs(dir.resolve("train.csv"), 20, 1);
        Path model = dir.resolve("m.vmlp");
        assertEquals(0, CliRunner.run("train", "--train", train.toString(), "--label-column", "kind", "--epochs", "1",
                "--model", model.toString(), "--no-charts").exitCode);
        Path wrongColumns = Files.writeString(dir.resolve("wrong.csv"), "f1,f2,z\n1,2,3\n");
        CliRunner missing = CliRunner.run("predict", "--model", model.toString(), "--input", wrongColumns.toString());
        assertEquals(1, missing.exitCode, missing.toString());
        assertTrue(missing.err.contains("found no column named [f3]"), missing.toString());
    }
}
