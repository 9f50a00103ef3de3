package dev.vecmlp.bench.report;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line: plan, summarize, compare, and what it says on bad input. */
class ReportMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void planListsTheRunsAndTheEstimate() {
        assertEquals(0, ReportMain.execute("plan", "--profile", "quick"));
        assertTrue(stdout().contains("SGD step, tiny and mnist, every backend"), stdout());
        assertTrue(stdout().contains("quick: 90 rows, estimated 11 min 15 s"), stdout());
    }

    @Test
    void summarizeWritesTheSummaryAndChartsOfAFolder(@TempDir Path dir) throws IOException {
        Fixture.copyTo(dir);
        assertEquals(0, ReportMain.execute("summarize", dir.toString()));
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("## SGD training step"));
        assertTrue(Files.isRegularFile(dir.resolve("sgd-mnist.png")));
        assertTrue(stdout().contains("wrote " + dir.resolve("summary.md")), stdout());
    }

    @Test
    void compareOfAReportWithItselfIsOneEverywhere(@TempDir Path dir) throws IOException {
        Fixture.copyTo(dir);
        assertEquals(0, ReportMain.execute("compare", dir.toString(), dir.toString()));
        assertTrue(stdout().contains("B vs A min 1.00x, median 1.00x, max 1.00x"), stdout());
    }

    @Test
    void badInputExitsWithTwoAndSaysWhatWasExpected(@TempDir Path dir) {
        assertEquals(2, ReportMain.execute("plan", "--profile", "fast"));
        assertTrue(stderr().contains("vecmlp-report: profile: expected quick, full or smoke, found 'fast'"), stderr());
        assertEquals(2, ReportMain.execute("compare", dir.toString(), dir.toString()));
        assertTrue(stderr().contains("expected jmh-result.json in it, found no such file"), stderr());
        assertEquals(2, ReportMain.execute("compare", dir.toString()));
        assertTrue(stderr().contains("Missing required parameter: 'REPORT_B'"), stderr());
    }
}
