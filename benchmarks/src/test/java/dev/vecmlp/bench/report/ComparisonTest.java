package dev.vecmlp.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ComparisonTest {

    /** A copy of {@code row} whose figures are {@code factor} times faster (rates up, times down). */
    private static ResultRow faster(ResultRow row, double factor) {
        boolean time = !Suite.of(row).higherIsBetter(row);
        double f = time ? 1 / factor : factor;
        return new ResultRow(row.benchmark(), row.mode(), row.callers(), row.params(), row.score() * f,
                row.scoreError(), row.unit(),
                row.percentiles().entrySet().stream().collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue() * f)),
                row.iterations().stream().map(v -> v * f).toList(), row.secondary().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey(), e -> e.getValue() * f)));
    }

    @Test
    void printsTheRatioOfEveryCommonRowAndTheRowsOnlyOneReportHas(@TempDir Path tmp) throws IOException {
        Path dirA = Files.createDirectory(tmp.resolve("a"));
        ReportData a = Fixture.load(dirA);
        List<ResultRow> rowsB = new ArrayList<>();
        for (ResultRow r : a.rows()) {
            if (r.key().contains("model=tiny")) {
                continue; // only in A
            }
            boolean simd = r.backend().equals("simd");
            rowsB.add(simd ? faster(r, 2) : r);
        }
        ReportData b = new ReportData(tmp.resolve("b"), a.machine(), a.plan(), rowsB);

        String out = Comparison.render(a, b);
        assertTrue(out.contains("| `SgdStepBenchmark.step [callers=1] backend=simd batch=32 model=mnist threads=1` "
                + "| samples/s | 22400 | 44800 | 2.00x |"), out);
        // A latency halved is twice as fast: the ratio reads 2, not 0.5.
        assertTrue(out.contains("| `PredictBenchmark.latency [callers=1] backend=simd model=mnist threads=1` "
                + "| us (p50) | 17.6 | 8.78 | 2.00x |"), out);
        assertTrue(out.contains("| `SgdStepBenchmark.step [callers=1] backend=reference batch=32 model=mnist threads=1` "
                + "| samples/s | 1120 | 1120 | 1.00x |"), out);
        assertTrue(out.contains("Only in A:\n\n- `SgdStepBenchmark.step [callers=1] backend=reference batch=32 model=tiny threads=1`"), out);
        assertTrue(out.contains("B vs A min 1.00x, median 1.00x, max 2.00x"), out);
        // Rows are grouped by suite in the order of the summary: SGD before latency.
        assertTrue(out.indexOf("SgdStepBenchmark.step [callers=1] backend=simd") < out.indexOf("PredictBenchmark.latency"));
    }

    @Test
    void otherBenchmarksInTimePerOperationCompareAsTimes(@TempDir Path tmp) throws IOException {
        ResultRow slow = new ResultRow("dev.vecmlp.bench.train.TrainingOverheadBenchmark.trainerEpoch", "avgt", 1,
                new TreeMap<>(Map.of("batch", "64")), 40, 1, "ms/op", Map.of(), List.of(39.0, 40.0, 41.0), Map.of());
        ResultRow fast = faster(slow, 2);
        String out = Comparison.render(new ReportData(tmp, null, null, List.of(slow)),
                new ReportData(tmp, null, null, List.of(fast)));
        assertTrue(out.contains("| `TrainingOverheadBenchmark.trainerEpoch [callers=1] batch=64` | ms/op | 40.0 | 20.0 | 2.00x |"),
                out);
    }

    @Test
    void reportsWithNothingInCommonSaySo(@TempDir Path tmp) throws IOException {
        ReportData a = Fixture.load(tmp);
        ReportData empty = new ReportData(tmp, null, null, List.of());
        String out = Comparison.render(a, empty);
        assertTrue(out.contains("The reports have no row in common."), out);
        assertTrue(out.contains("- B: " + tmp.getFileName() + ": no machine.json"), out);
    }
}
