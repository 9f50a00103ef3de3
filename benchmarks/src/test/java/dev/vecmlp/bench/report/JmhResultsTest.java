package dev.vecmlp.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JmhResultsTest {

    @Test
    void readsThroughputRowsWithParamsIterationsAndAllocation(@TempDir Path dir) throws IOException {
        List<ResultRow> rows = JmhResults.read(Fixture.copyTo(dir).resolve("jmh-result.json"));
        assertEquals(17, rows.size());
        ResultRow sgd = rows.stream().filter(r -> r.key().equals(
                "SgdStepBenchmark.step [callers=1] backend=ejml batch=32 model=mnist threads=1")).findFirst().orElseThrow();
        assertEquals("thrpt", sgd.mode());
        assertEquals("ops/s", sgd.unit());
        assertEquals(List.of(140.0, 150.0, 160.0), sgd.iterations());
        assertEquals(150.0, sgd.medianScore(), 1e-9);
        assertEquals(140.0, sgd.minScore(), 1e-9);
        assertEquals(160.0, sgd.maxScore(), 1e-9);
        assertEquals(32, sgd.intParam("batch"));
        assertEquals(0.0, sgd.allocBytesPerOp(), 1e-9);
        assertEquals(Suite.SGD, Suite.of(sgd));
    }

    @Test
    void readsSampleTimePercentilesAndParameterlessRows(@TempDir Path dir) throws IOException {
        List<ResultRow> rows = JmhResults.read(Fixture.copyTo(dir).resolve("jmh-result.json"));
        ResultRow simd = rows.stream().filter(r -> r.shortName().equals("PredictBenchmark.latency")
                && r.backend().equals("simd")).findFirst().orElseThrow();
        assertEquals("sample", simd.mode());
        assertEquals(17.5616, simd.percentile(50), 1e-9);
        assertTrue(simd.percentile(99.9) >= simd.percentile(99));
        assertEquals(48.0, simd.allocBytesPerOp(), 1e-9);
        assertTrue(simd.iterations().isEmpty(), "sample mode has a histogram, not per-iteration scores");

        ResultRow fma = rows.stream().filter(r -> r.shortName().equals("FmaPeakBenchmark.fma") && r.callers() == 2)
                .findFirst().orElseThrow();
        assertTrue(fma.params().isEmpty());
        assertEquals(400e9, fma.secondary().get("flops"), 1);
        assertEquals("FmaPeakBenchmark.fma [callers=2]", fma.key());
    }

    @Test
    void readsTorchRowsWithNonFiniteErrors(@TempDir Path dir) throws IOException {
        List<ResultRow> rows = JmhResults.read(Fixture.copyTo(dir).resolve("torch-result.json"));
        assertEquals(2, rows.size());
        assertEquals("pytorch", rows.get(0).backend());
        assertTrue(Double.isNaN(rows.get(0).scoreError()));
        assertEquals(90.0, rows.get(1).percentile(50), 1e-9);
    }

    @Test
    void emptyOrMissingFilesGiveNoRows(@TempDir Path dir) throws IOException {
        assertTrue(JmhResults.read(dir.resolve("absent.json")).isEmpty());
        assertTrue(JmhResults.parse(new StringReader("[]"), "empty").isEmpty());
    }

    @Test
    void rejectsWhatIsNotJmhJsonNamingTheProblem() {
        IllegalArgumentException notArray = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.parse(new StringReader("{\"benchmark\": \"x\"}"), "r.json"));
        assertTrue(notArray.getMessage().contains("expected a JSON array of JMH results, found an object"),
                notArray.getMessage());

        IllegalArgumentException noMetric = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.parse(new StringReader("[{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\"}]"), "r.json"));
        assertTrue(noMetric.getMessage().contains("r.json[0] (a.B.c): expected a 'primaryMetric' object"),
                noMetric.getMessage());

        IllegalArgumentException badNumber = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.parse(new StringReader("[{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\","
                        + " \"primaryMetric\": {\"score\": \"fast\"}}]"), "r.json"));
        assertTrue(badNumber.getMessage().contains("expected a number, found \"fast\""), badNumber.getMessage());

        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
                () -> JmhResults.parse(new StringReader("[{"), "r.json"));
        assertTrue(broken.getMessage().startsWith("r.json: expected JMH JSON results"), broken.getMessage());
    }

    @Test
    void percentileKeysFollowJmh() {
        assertEquals("50.0", RowKey.percentileKey(50));
        assertEquals("99.0", RowKey.percentileKey(99));
        assertEquals("99.9", RowKey.percentileKey(99.9));
        assertEquals("99.99", RowKey.percentileKey(99.99));
    }
}
