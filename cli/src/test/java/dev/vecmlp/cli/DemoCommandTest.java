package dev.vecmlp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void builtInDemoTrainsReportsAndWritesCharts() throws IOException {
        CliRunner run = CliRunner.run("demo", "--builtin", "--epochs", "40", "--out", dir.toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("built-in spirals (900 points in 2-D, 3 classes"), run.out);
        assertTrue(run.out.contains("2-64-64-3 (relu, relu, softmax"), run.out);
        assertTrue(run.out.contains("Nesterov(lr=0.05, momentum=0.9), batch 32, 40 epochs"), run.out);
        assertTrue(run.out.contains("what the demo did"), run.out);
        assertTrue(run.out.contains("s per epoch"), run.out);
        double accuracy = Double.parseDouble(run.out.replaceAll("(?s).*test accuracy: +([0-9.]+)%.*", "$1"));
        // Three spirals are not linearly separable (a linear model gets about a third right);
        // 40 epochs of the 2-64-64-3 network get well past that.
        assertTrue(accuracy > 70, run.out);
        TrainCommandTest.assertPng(dir.resolve("loss.png"));
        TrainCommandTest.assertPng(dir.resolve("accuracy.png"));
    }

    /** An uncompressed IDX file of unsigned bytes. */
    private static byte[] idx(int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[]{0, 0, 8, (byte) dims.length});
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(payload);
        return bytes.toByteArray();
    }

    /** A directory laid out like Fashion-MNIST's, with a few random 28x28 images, runs the real recipe. */
    @Test
    void withMnistStyleDataItTrainsTheMnistNetwork() throws IOException {
        Path data = Files.createDirectories(dir.resolve("fashion"));
        SplittableRandom random = new SplittableRandom(5);
        for (String split : new String[]{"train", "t10k"}) {
            int count = split.equals("train") ? 40 : 20;
            byte[] pixels = new byte[count * 784];
            byte[] labels = new byte[count];
            for (int i = 0; i < count; i++) {
                labels[i] = (byte) (i % 10);
                for (int p = 0; p < 784; p++) {
                    pixels[i * 784 + p] = (byte) random.nextInt(256);
                }
            }
            Files.write(data.resolve(split + "-images-idx3-ubyte"), idx(new int[]{count, 28, 28}, pixels));
            Files.write(data.resolve(split + "-labels-idx1-ubyte"), idx(new int[]{count}, labels));
        }
        Path out = dir.resolve("out");
        CliRunner run = CliRunner.run("demo", "--data", data.toString(), "--epochs", "1", "--out", out.toString());
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("Fashion-MNIST from " + data + " (40 training, 20 test images of 28x28)"), run.out);
        assertTrue(run.out.contains("784-256-128-10 (relu, relu, softmax; loss cross entropy, 235146 parameters)"),
                run.out);
        assertTrue(run.out.contains("Nesterov(lr=0.05, momentum=0.9), batch 64, 1 epoch, seed 42, schedule Cosine"), run.out);
        assertTrue(run.out.contains("(try: ./vecmlp evaluate --model "), run.out);
        assertTrue(run.err.contains("loading " + data.resolve("train-images-idx3-ubyte")), run.err);
        assertTrue(run.out.contains("test accuracy:"), run.out);
        assertTrue(Files.size(out.resolve("model.vmlp")) > 235146 * 4, "the model file holds the weights");
        CliRunner evaluated = CliRunner.run("evaluate", "--model", out.resolve("model.vmlp").toString(),
                "--idx-dir", data.toString());
        assertEquals(0, evaluated.exitCode, evaluated.toString());
        assertTrue(evaluated.out.contains("[9] Ankle boot"), evaluated.out);
    }
}
