package dev.vecmlp.cli.report;

import dev.vecmlp.health.HealthVerdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {
    @TempDir
    Path dir;

    @Test
    void decadesReadAsPlainNumbers() {
        assertEquals("0.001", Charts.decade(1e-3));
        assertEquals("0.1", Charts.decade(0.1));
        assertEquals("1", Charts.decade(1));
        assertEquals("1000", Charts.decade(1000));
        assertEquals("1e-5", Charts.decade(1e-5));
        assertEquals("1e6", Charts.decade(1e6));
    }

    /** A diverging run's chart: norms shooting past the threshold, a non-finite verdict, epoch marks; it is written. */
    @Test
    void theGradientChartOfAFailingRunIsWritten() throws IOException {
        long[] steps = {1, 2, 3, 4, 5, 6};
        List<double[]> norms = List.of(new double[]{0.5, 0.8, 4, 90, 5000, Double.NaN},
                new double[]{1e-6, 1e-5, 1e-4, 1e-3, 2, Double.POSITIVE_INFINITY});
        List<HealthVerdict> verdicts = List.of(
                new HealthVerdict(HealthVerdict.Kind.VANISHING, 2, 1, List.of(1), 1e-5, 0.8, "d", "c", "r"),
                new HealthVerdict(HealthVerdict.Kind.EXPLODING, 5, 0, List.of(0), 5000, 1000, "d", "c", "r"),
                new HealthVerdict(HealthVerdict.Kind.EXPLODING, 6, 0, List.of(0, 1), Double.NaN, 1000, "d", "c", "r"));
        Path file = Charts.writeGradientNormChart(steps, List.of("layer 0", "layer 1"), norms, new long[]{2, 4, 6},
                1000, verdicts, dir);
        assertTrue(Files.size(file) > 1000, "a PNG was written");
    }
}
