package dev.vecmlp.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SummaryWriterTest {

    /** The table line whose first cells are exactly {@code cells}. */
    private static String line(String summary, String... cells) {
        String start = "| " + String.join(" | ", cells) + " |";
        return summary.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no table line starting with " + start + " in\n" + summary));
    }

    @Test
    void machineHeaderNamesCpuFlagsJdkAndVectorWidth(@TempDir Path dir) throws IOException {
        String s = SummaryWriter.render(Fixture.load(dir));
        assertTrue(s.startsWith("# vecmlp benchmark report (fixture profile)"));
        assertTrue(s.contains("| SIMD flags | fma sse4_2 avx avx2 avx512f"), s);
        assertTrue(s.contains("| JDK | 17.0.15+6-Debian-1deb12u1"), s);
        assertTrue(s.contains("| vector width | 512 bits (16 floats"), s);
        assertTrue(s.contains("| measured FMA peak | 200 GFLOP/s on one thread, 400 GFLOP/s on all processors |"), s);
        assertTrue(s.contains("| PyTorch | PyTorch 2.6.0: 2 rows |"), s);
    }

    @Test
    void sgdRowsCarrySamplesSpeedUpsAndPeakShare(@TempDir Path dir) throws IOException {
        String s = SummaryWriter.render(Fixture.load(dir));
        // simd: 700 steps/s x 32 = 22.4k samples/s; reference 35 x 32 = 1120; ejml 150 x 32 = 4800; pytorch 50000.
        String simd = line(s, "mnist", "32", "1", "simd");
        assertTrue(simd.contains("| 22.4k | 22.1k–22.7k | 20.0x | 4.67x | 0.448x |"), simd);
        // GEMM flops per mnist sample: 2*2*784*256 + 3*2*256*128 + 3*2*128*10 = 1,007,104 -> 22.6 GFLOP/s, 11% of 200.
        assertTrue(simd.endsWith("| 22.6 | 11% | 0.0 |"), simd);
        // All threads: the reference's one-thread row is the baseline; EJML and PyTorch have no all-thread row.
        String all = line(s, "mnist", "32", "all", "simd");
        assertTrue(all.contains("| 35.2k | 32.0k–38.4k | 31.4x | – | – |"), all);
        String torch = line(s, "mnist", "32", "1", "pytorch");
        assertTrue(torch.contains("| 50.0k |"), torch);
        assertTrue(s.indexOf("| mnist | 32 | 1 | reference |") < s.indexOf("| mnist | 32 | 1 | simd |"));
        assertTrue(s.indexOf("| tiny | 32 | 1 | reference |") < s.indexOf("| mnist | 32 | 1 | reference |"));
    }

    @Test
    void latencyBatchGemmAndElementwiseRows(@TempDir Path dir) throws IOException {
        String s = SummaryWriter.render(Fixture.load(dir));
        String latency = line(s, "mnist", "1", "1", "simd", "17.6");
        assertTrue(latency.contains("| 10.0x | 5.00x | 5.12x | ⚠ 48.0 |"), latency);
        String batch = line(s, "mnist", "128", "1", "1", "simd", "10.2k");
        assertTrue(batch.contains("| 8.00x | – | – |"), batch);
        // 50000 products/s x 2*32*256*128 flops = 105 GFLOP/s = 52% of the one-thread peak.
        String gemm = line(s, "mnist", "1", "NT", "32 x 128 x 256", "32", "1", "simd");
        assertTrue(gemm.endsWith("| 105 | 52% | 50.0x | 20.0x | 0.0 |"), gemm);
        // 1e6 calls/s x 32768 floats x 12 bytes = 393 GB/s.
        String axpy = line(s, "axpy", "32768", "simd");
        assertTrue(axpy.endsWith("| 393 | 10.0x | – | 0.0 |"), axpy);
        String fma = line(s, "2", "400");
        assertFalse(fma.contains("⚠"));
    }

    @Test
    void allocationCheckFlagsOnlyRowsAboveOneBytePerOp(@TempDir Path dir) throws IOException {
        String s = SummaryWriter.render(Fixture.load(dir));
        assertTrue(s.contains("1 of 17 rows allocated more than 1.00 B/op"), s);
        assertTrue(s.contains("- ⚠ `PredictBenchmark.latency [callers=1] backend=simd model=mnist threads=1`: 48.0 B/op"), s);
    }

    @Test
    void missingRowsAreListedAsFailedOrUnavailable(@TempDir Path dir) throws IOException {
        ReportData data = Fixture.load(dir);
        String s = SummaryWriter.render(data);
        assertTrue(s.contains("- failed: SGD step, mnist batch 128: the benchmark threw"), s);
        assertTrue(s.contains("| `SgdStepBenchmark.step [callers=1] backend=simd batch=128 model=mnist threads=1` | failed"), s);
        assertFalse(s.contains("backend=simd batch=32 model=mnist threads=1` |"), "a measured row is not missing");

        ReportPlan noSimd = new ReportPlan("quick", 60, List.of(
                "SgdStepBenchmark.step [callers=1] backend=simd batch=1 model=tiny threads=1"),
                Map.of("simd", "backend 'simd' cannot run here: jdk.incubator.vector is not readable"), List.of(),
                "a", "b", 0, 0, null);
        String u = SummaryWriter.render(new ReportData(dir, data.machine(), noSimd, data.rows()));
        assertTrue(u.contains("- backend `simd`: unavailable here: backend 'simd' cannot run here"), u);
        assertTrue(u.contains("| `SgdStepBenchmark.step [callers=1] backend=simd batch=1 model=tiny threads=1` | unavailable |"), u);
    }

    @Test
    void aPeakMeasuredBelowAGemmIsFlaggedAsUnreliable(@TempDir Path dir) throws IOException {
        ReportData data = Fixture.load(dir);
        assertFalse(SummaryWriter.render(data).contains("ran faster than the measured FMA peak"));
        // The one-thread probe at 50 GFLOP/s: the simd GEMM row (105 GFLOP/s) now exceeds it.
        List<ResultRow> rows = new ArrayList<>();
        for (ResultRow r : data.rows()) {
            if (Suite.of(r) == Suite.FMA_PEAK && r.callers() == 1) {
                r = new ResultRow(r.benchmark(), r.mode(), 1, r.params(), r.score(), r.scoreError(), r.unit(),
                        r.percentiles(), r.iterations(), Map.of("flops", 50e9));
            }
            rows.add(r);
        }
        String s = SummaryWriter.render(new ReportData(dir, data.machine(), data.plan(), rows));
        assertTrue(s.contains("⚠ Some GEMMs ran faster than the measured FMA peak"), s);
        assertTrue(line(s, "mnist", "1", "NT", "32 x 128 x 256", "32", "1", "simd").contains("| 105 | 210% |"), s);
    }

    @Test
    void otherBenchmarksGetAGenericTable(@TempDir Path dir) throws IOException {
        ReportData data = Fixture.load(dir);
        List<ResultRow> rows = new ArrayList<>(data.rows());
        rows.add(new ResultRow("dev.vecmlp.bench.train.TrainingOverheadBenchmark.trainerEpoch", "avgt", 1,
                new TreeMap<>(Map.of("batch", "64")), 40, 1, "ms/op", Map.of(), List.of(39.0, 40.0, 45.0),
                Map.of(ResultRow.ALLOC_NORM, 2048.0)));
        String s = SummaryWriter.render(new ReportData(dir, data.machine(), data.plan(), rows));
        assertTrue(s.contains("## Other benchmarks"), s);
        assertTrue(s.contains("| TrainingOverheadBenchmark.trainerEpoch | {batch=64} | 1 | 40.0 | ms/op | 39.0–45.0 | ⚠ 2.05k |"), s);
    }

    @Test
    void noiseSectionQuotesMinMedianMaxSpreadPerSuite(@TempDir Path dir) throws IOException {
        String s = SummaryWriter.render(Fixture.load(dir));
        // SGD spreads: reference 2/35, ejml 20/150, simd 20/700, simd-all 200/1100, torch 100/1562.5, tiny (real run).
        assertTrue(s.contains("## How noisy the machine was"), s);
        assertTrue(s.contains("| sgd | 6 |"), s);
    }

    @Test
    void speedUpIsNaNWithoutBaseline(@TempDir Path dir) throws IOException {
        ReportData data = Fixture.load(dir);
        ResultRow tiny = data.rows().stream().filter(r -> r.key().contains("model=tiny")).findFirst().orElseThrow();
        assertEquals(1.0, data.speedUp(tiny, "reference"), 1e-12);
        assertTrue(Double.isNaN(data.speedUp(tiny, "ejml")));
        assertEquals(200.0, data.fmaPeak("1"), 1e-9);
        assertEquals(400.0, data.fmaPeak("all"), 1e-9);
    }
}
