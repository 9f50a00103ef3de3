package dev.vecmlp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/** Small CSV files for the command tests: two well-separated Gaussian blobs in three features. */
final class TinyData {
    private TinyData() {
    }

    /** {@code rows} rows "f1,f2,f3,kind" with kind "left" or "right", drawn with {@code seed}. */
    static Path blobs(Path file, int rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("f1,f2,f3,kind\n");
        for (int r = 0; r < rows; r++) {
            boolean right = r % 2 == 0;
            double centre = right ? 2 : -2;
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%s%n", centre + random.nextGaussian(),
                    10 + random.nextGaussian(), -centre + random.nextGaussian(), right ? "right" : "left"));
        }
        return Files.writeString(file, csv);
    }

    /** {@code rows} rows of pure noise "f1,f2,f3,kind" whose labels no model can learn. */
    static Path noise(Path file, int rows, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("f1,f2,f3,kind\n");
        for (int r = 0; r < rows; r++) {
            csv.append(String.format(Locale.ROOT, "%.4f,%.4f,%.4f,%s%n", random.nextGaussian(), random.nextGaussian(),
                    random.nextGaussian(), random.nextBoolean() ? "right" : "left"));
        }
        return Files.writeString(file, csv);
    }
}
