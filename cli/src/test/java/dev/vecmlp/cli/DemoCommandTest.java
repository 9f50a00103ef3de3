package dev.vecmlp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

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
        assertTrue(run.out.contains("SGD(lr=0.1), batch 32, 40 epochs"), run.out);
        assertTrue(run.out.contains("what the demo did"), run.out);
        assertTrue(run.out.contains("s per epoch"), run.out);
        double accuracy = Double.parseDouble(run.out.replaceAll("(?s).*test accuracy: +([0-9.]+)%.*", "$1"));
        // Three spirals are not linearly separable (a linear model gets about a third right);
        // 40 epochs of the 2-64-64-3 network get well past that.
        assertTrue(accuracy > 70, run.out);
        TrainCommandTest.assertPng(dir.resolve("loss.png"));
        TrainCommandTest.assertPng(dir.resolve("accuracy.png"));
    }
}
