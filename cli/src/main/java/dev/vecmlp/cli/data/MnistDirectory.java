package dev.vecmlp.cli.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The four IDX files of an MNIST-style directory (MNIST, Fashion-MNIST): the training images and
 * labels and the test ({@code t10k}) images and labels, each gzip-compressed or not. Debian's
 * {@code dataset-fashion-mnist} package installs them under {@link #FASHION_MNIST}.
 */
public record MnistDirectory(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
    /** Where {@code apt-get install dataset-fashion-mnist} puts Fashion-MNIST. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    /** The ten Fashion-MNIST classes in label order. */
    public static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /**
     * Finds the four files in {@code dir}.
     *
     * @throws IllegalArgumentException naming the first file that is missing
     */
    public static MnistDirectory in(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("IDX directory: expected a directory, found none at " + dir);
        }
        return new MnistDirectory(file(dir, "train-images-idx3-ubyte"), file(dir, "train-labels-idx1-ubyte"),
                file(dir, "t10k-images-idx3-ubyte"), file(dir, "t10k-labels-idx1-ubyte"));
    }

    /** Whether {@code dir} holds all four files. */
    public static boolean isPresent(Path dir) {
        try {
            in(dir);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Path file(Path dir, String base) {
        for (String name : new String[]{base + ".gz", base}) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("IDX directory " + dir + ": expected " + base + " or " + base
                + ".gz, found neither");
    }
}
