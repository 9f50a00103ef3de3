package dev.vecmlp.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChartsTest {

    @Test
    void writesSgdChartsPerModelALatencyChartAndGemmChartsPerModel(@TempDir Path dir) throws IOException {
        ReportData data = Fixture.load(dir);
        List<Path> files = Charts.write(data, dir);
        assertEquals(List.of(dir.resolve("sgd-tiny.png"), dir.resolve("sgd-mnist.png"), dir.resolve("latency.png"),
                dir.resolve("gemm-mnist.png")), files);
        for (Path f : files) {
            BufferedImage image = ImageIO.read(f.toFile());
            assertEquals(1000, image.getWidth(), f.toString());
            assertEquals(560, image.getHeight(), f.toString());
            assertTrue(Files.size(f) > 5_000, f + " looks empty: " + Files.size(f) + " bytes");
        }
    }

    @Test
    void seriesNamesShowKernelThreadsOnlyWhenNotOne(@TempDir Path dir) throws IOException {
        ReportData data = Fixture.load(dir);
        ResultRow all = data.rows().stream().filter(r -> "all".equals(r.param("threads"))).findFirst().orElseThrow();
        assertEquals("simd (all threads)", Charts.series(all));
        ResultRow one = data.rows().stream().filter(r -> "1".equals(r.param("threads"))).findFirst().orElseThrow();
        assertEquals(one.backend(), Charts.series(one));
    }
}
