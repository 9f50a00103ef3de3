package dev.vecmlp.simd;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.IdxFile;
import dev.vecmlp.inference.Precision;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.train.Trainer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The serving claim of {@link Precision#BF16} on real data: the {@code mnist} network
 * (784-256-128-10) trained briefly on Fashion-MNIST classifies the 10,000 test images with bf16
 * weights within 0.1 points of its float32 accuracy, and no probability moves by more than
 * 0.05. Runs (at the preferred vector width only) where Debian's {@code dataset-fashion-mnist} is installed (CI installs it).
 */
class Bf16FashionMnistTest {
    private static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void bf16AccuracyIsWithinATenthOfAPointOfFloat32() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DIR), "dataset-fashion-mnist is not installed");
        // Accuracy does not depend on the vector width: run once, at the preferred species.
        Assumptions.assumeTrue(System.getProperty(Lanes.BITS_PROPERTY) == null, "runs at the preferred width only");
        DataSet train = IdxFile.readDataSet(DIR.resolve("train-images-idx3-ubyte.gz"),
                DIR.resolve("train-labels-idx1-ubyte.gz"), 10);
        DataSet test = IdxFile.readDataSet(DIR.resolve("t10k-images-idx3-ubyte.gz"),
                DIR.resolve("t10k-labels-idx1-ubyte.gz"), 10);
        try (SimdKernels kernels = new SimdKernels(1)) {
            Mlp model = Mlp.builder(784).hidden(256, Activation.RELU).hidden(128, Activation.RELU)
                    .output(10, Activation.SOFTMAX).seed(42).kernels(kernels).build();
            Trainer.builder().learningRate(0.1).batchSize(64).epochs(2).seed(42).build().fit(model, train);
            Predictor fp32 = Predictor.of(model);
            Predictor bf16 = Predictor.of(model, Precision.BF16);
            int rows = test.rows();
            float[] x = test.features();
            int[] classes32 = new int[rows];
            int[] classes16 = new int[rows];
            fp32.predictClasses(x, 0, rows, classes32, 0);
            bf16.predictClasses(x, 0, rows, classes16, 0);
            // One sample at a time as well: that path streams the bf16 weights.
            int correct32 = 0;
            int correct16 = 0;
            int correctSingle = 0;
            double worst = 0;
            float[] p32 = new float[10];
            float[] p16 = new float[10];
            for (int r = 0; r < rows; r++) {
                int label = test.targetClass(r);
                correct32 += classes32[r] == label ? 1 : 0;
                correct16 += classes16[r] == label ? 1 : 0;
                correctSingle += bf16.predictClass(x, r * 784) == label ? 1 : 0;
                fp32.predict(x, r * 784, p32, 0);
                bf16.predict(x, r * 784, p16, 0);
                for (int j = 0; j < 10; j++) {
                    worst = Math.max(worst, Math.abs(p32[j] - p16[j]));
                }
            }
            double acc32 = 100.0 * correct32 / rows;
            double acc16 = 100.0 * correct16 / rows;
            double accSingle = 100.0 * correctSingle / rows;
            String figures = String.format("Fashion-MNIST test accuracy fp32 %.2f%%, bf16 %.2f%% (batch), %.2f%% (single);"
                    + " largest |p_bf16 - p_fp32| %.4f", acc32, acc16, accSingle, worst);
            System.out.println(figures);
            assertTrue(acc32 > 80, figures);
            assertTrue(Math.abs(acc16 - acc32) <= 0.1, figures);
            assertTrue(Math.abs(accSingle - acc32) <= 0.1, figures);
            assertTrue(worst <= 0.05, figures);
        }
    }
}
