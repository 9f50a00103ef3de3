package dev.vecmlp.simd;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.IdxFile;
import dev.vecmlp.inference.Precision;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.train.Trainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serving claims of the reduced precisions on real data: the {@code mnist} network
 * (784-256-128-10) trained briefly on Fashion-MNIST classifies the 10,000 test images with bf16
 * weights within 0.1 points of its float32 accuracy (no probability moving by more than 0.05),
 * and with int8 weights within 0.2 points (no probability moving by more than 0.05), in batches and
 * one sample at a time (the path that streams the narrow weights). Runs (at the preferred vector
 * width only) where Debian's {@code dataset-fashion-mnist} is installed (CI installs it).
 */
class ReducedPrecisionFashionMnistTest {
    private static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");
    private static SimdKernels kernels;
    private static Mlp model;
    private static DataSet test;

    @BeforeAll
    static void train() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DIR), "dataset-fashion-mnist is not installed");
        // Accuracy does not depend on the vector width: run once, at the preferred species.
        Assumptions.assumeTrue(System.getProperty(Lanes.BITS_PROPERTY) == null, "runs at the preferred width only");
        DataSet train = IdxFile.readDataSet(DIR.resolve("train-images-idx3-ubyte.gz"),
                DIR.resolve("train-labels-idx1-ubyte.gz"), 10);
        test = IdxFile.readDataSet(DIR.resolve("t10k-images-idx3-ubyte.gz"),
                DIR.resolve("t10k-labels-idx1-ubyte.gz"), 10);
        kernels = new SimdKernels(1);
        model = Mlp.builder(784).hidden(256, Activation.RELU).hidden(128, Activation.RELU)
                .output(10, Activation.SOFTMAX).seed(42).kernels(kernels).build();
        Trainer.builder().learningRate(0.1).batchSize(64).epochs(2).seed(42).build().fit(model, train);
    }

    @AfterAll
    static void stop() {
        if (kernels != null) {
            kernels.close();
        }
    }

    @Test
    void bf16AccuracyIsWithinATenthOfAPointOfFloat32() {
        check(Precision.BF16, 0.1, 0.05);
    }

    @Test
    void int8AccuracyIsWithinTwoTenthsOfAPointOfFloat32() {
        check(Precision.INT8, 0.2, 0.05);
    }

    private static void check(Precision precision, double points, double probability) {
        Predictor fp32 = Predictor.of(model);
        Predictor narrow = Predictor.of(model, precision);
        int rows = test.rows();
        float[] x = test.features();
        int[] classes32 = new int[rows];
        int[] classesNarrow = new int[rows];
        fp32.predictClasses(x, 0, rows, classes32, 0);
        narrow.predictClasses(x, 0, rows, classesNarrow, 0);
        int correct32 = 0;
        int correctBatch = 0;
        int correctSingle = 0;
        double worst = 0;
        float[] p32 = new float[10];
        float[] pNarrow = new float[10];
        for (int r = 0; r < rows; r++) {
            int label = test.targetClass(r);
            correct32 += classes32[r] == label ? 1 : 0;
            correctBatch += classesNarrow[r] == label ? 1 : 0;
            correctSingle += narrow.predictClass(x, r * 784) == label ? 1 : 0;
            fp32.predict(x, r * 784, p32, 0);
            narrow.predict(x, r * 784, pNarrow, 0);
            for (int j = 0; j < 10; j++) {
                worst = Math.max(worst, Math.abs(p32[j] - pNarrow[j]));
            }
        }
        double acc32 = 100.0 * correct32 / rows;
        double accBatch = 100.0 * correctBatch / rows;
        double accSingle = 100.0 * correctSingle / rows;
        String figures = String.format("Fashion-MNIST test accuracy fp32 %.2f%%, %s %.2f%% (batch), %.2f%% (single);"
                + " largest |p_%s - p_fp32| %.4f", acc32, precision, accBatch, accSingle, precision, worst);
        System.out.println(figures);
        assertTrue(acc32 > 80, figures);
        assertTrue(Math.abs(accBatch - acc32) <= points, figures);
        assertTrue(Math.abs(accSingle - acc32) <= points, figures);
        assertTrue(worst <= probability, figures);
    }
}
