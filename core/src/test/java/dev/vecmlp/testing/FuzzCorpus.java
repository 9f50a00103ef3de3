package dev.vecmlp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed seed inputs of a Jazzer fuzz test class, in the directory Jazzer reads in
 * regression mode: {@code src/test/resources/<package>/<Class>Inputs/<method>/}. The seeds are
 * made by code (valid files of the current format); {@link #checkOrWrite} fails when a committed
 * seed differs from what the code makes, and with {@code -Dvecmlp.fuzz.writeSeeds=true} writes
 * them instead (after a deliberate format change).
 */
public final class FuzzCorpus {
    private FuzzCorpus() {
    }

    /** The inputs directory of {@code fuzzTestClass}, relative to the module's base directory. */
    public static Path inputs(Class<?> fuzzTestClass) {
        return Path.of("src", "test", "resources")
                .resolve(fuzzTestClass.getPackageName().replace('.', '/'))
                .resolve(fuzzTestClass.getSimpleName() + "Inputs");
    }

    /** Checks (or writes) every seed, keyed {@code method/fileName}. */
    public static void checkOrWrite(Class<?> fuzzTestClass, Map<String, byte[]> seeds) {
        Path dir = inputs(fuzzTestClass);
        boolean write = Boolean.getBoolean("vecmlp.fuzz.writeSeeds");
        try {
            for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
                Path file = dir.resolve(seed.getKey());
                if (write) {
                    Files.createDirectories(file.getParent());
                    Files.write(file, seed.getValue());
                } else {
                    assertTrue(Files.isRegularFile(file), "expected the committed seed " + file
                            + " (write the seeds with -Dvecmlp.fuzz.writeSeeds=true), found none");
                    assertArrayEquals(seed.getValue(), Files.readAllBytes(file), "seed " + file
                            + " differs from the one the code makes (rewrite with -Dvecmlp.fuzz.writeSeeds=true)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
