package dev.vecmlp.bench.smoke;

import dev.vecmlp.bench.report.JmhResults;
import dev.vecmlp.bench.report.ReportMain;
import dev.vecmlp.bench.report.ResultRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the suites from rotting: runs the report command's smoke profile in process (JMH with
 * no fork: one 200 ms iteration of the tiny SGD step on the reference backend and of the FMA
 * probe) and checks that the real pipeline — JMH, its JSON, the summary and a chart — works.
 * Its figures mean nothing; it runs in {@code verify} (failsafe), never in {@code test}.
 */
class ReportSmokeIT {

    @Test
    void smokeProfileMeasuresAndWritesAReport(@TempDir Path out) throws IOException {
        assertEquals(0, ReportMain.execute("run", "--profile", "smoke", "--out", out.toString()));
        Path dir;
        try (Stream<Path> folders = Files.list(out)) {
            dir = folders.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertTrue(dir.getFileName().toString().matches("\\d{8}-\\d{6}-jdk.+"), dir.toString());

        // Without jdk.incubator.vector (mvn -Pno-simd) the FMA probe cannot run: the report goes on without it.
        boolean vectorApi = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        List<ResultRow> rows = JmhResults.read(dir.resolve("jmh-result.json"));
        assertEquals(vectorApi ? 2 : 1, rows.size(), rows.toString());
        for (ResultRow r : rows) {
            assertTrue(r.score() > 0, r.toString());
            assertTrue(Double.isFinite(r.allocBytesPerOp()), "gc profiler ran: " + r);
        }
        String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("| tiny | 1 | 1 | reference |"), summary);
        assertTrue(summary.contains(vectorApi ? "## FMA peak (GFLOP/s)" : "`FmaPeakBenchmark.fma [callers=1]` | failed"),
                summary);
        assertTrue(Files.size(dir.resolve("sgd-tiny.png")) > 1000);
        assertTrue(Files.isRegularFile(dir.resolve("machine.json")));
        assertTrue(Files.isRegularFile(dir.resolve("plan.json")));
    }
}
