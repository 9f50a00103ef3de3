package dev.vecmlp.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Integration test on the real Fashion-MNIST files from Debian's {@code dataset-fashion-mnist}
 * package ({@code /usr/share/datasets/fashion-mnist/}, gzip-compressed IDX). Runs only where
 * the package is installed ({@code apt-get install -y dataset-fashion-mnist}); CI installs it.
 */
class FashionMnistFilesTest {
    static final Path DIR = Path.of("/usr/share/datasets/fashion-mnist");

    @Test
    void readsTheTestSplitWithItsKnownShapeAndLabels() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DIR), "dataset-fashion-mnist is not installed");
        IdxFile.Images images = IdxFile.readImages(DIR.resolve("t10k-images-idx3-ubyte.gz"));
        int[] labels = IdxFile.readLabels(DIR.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(10_000, images.count());
        assertEquals(784, images.width());
        assertArrayEquals(new int[]{10_000, 28, 28}, images.shape());
        assertEquals(10_000, labels.length);
        // The first ten test labels of Fashion-MNIST, and exactly 1000 images per class.
        assertArrayEquals(new int[]{9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, java.util.Arrays.copyOf(labels, 10));
        int[] perClass = new int[10];
        for (int label : labels) {
            perClass[label]++;
        }
        for (int count : perClass) {
            assertEquals(1000, count);
        }
        float min = 1;
        float max = 0;
        for (float p : images.pixels()) {
            min = Math.min(min, p);
            max = Math.max(max, p);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
    }

    @Test
    void readsTheTrainingSplit() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(DIR), "dataset-fashion-mnist is not installed");
        DataSet train = IdxFile.readDataSet(DIR.resolve("train-images-idx3-ubyte.gz"),
                DIR.resolve("train-labels-idx1-ubyte.gz"), 10);
        assertEquals(60_000, train.rows());
        assertEquals(784, train.featureWidth());
        assertEquals(9, train.targetClass(0));
        // Sum of the first image's raw pixels is 76247 (checked independently of this reader).
        double sum = 0;
        for (int j = 0; j < 784; j++) {
            sum += train.features()[j] * 255.0;
        }
        assertEquals(76247, sum, 0.5);
        assertTrue(train.targetClass(59_999) >= 0);
    }
}
