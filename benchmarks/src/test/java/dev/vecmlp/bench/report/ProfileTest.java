package dev.vecmlp.bench.report;

import dev.vecmlp.bench.fixture.BenchBackends;
import dev.vecmlp.bench.fixture.CanonicalModel;
import dev.vecmlp.bench.train.SgdStepBenchmark;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileTest {

    @Test
    void quickProfileFitsInTenMinutesWithTheBuild() {
        // The report command also builds the jar (about a minute on 2 cores) and may run PyTorch.
        double seconds = Profile.QUICK.estimatedSeconds();
        assertTrue(seconds < 12 * 60, "quick profile estimated at " + seconds + " s");
        assertTrue(seconds > 60, "quick profile measures too little: " + seconds + " s");
    }

    @Test
    void everyPlannedRowNamesAValidModelLayerBatchAndBackend() {
        for (Profile p : Profile.values()) {
            for (PlannedRun run : p.runs()) {
                for (SortedMap<String, String> combo : run.combinations()) {
                    String backend = combo.get("backend");
                    if (backend != null) {
                        assertTrue(List.of(BenchBackends.ALL).contains(backend)
                                || List.of(BenchBackends.PEERS).contains(backend), run.title() + ": " + combo);
                    }
                    String model = combo.get("model");
                    if (model != null) {
                        CanonicalModel m = CanonicalModel.byName(model);
                        if (combo.containsKey("layer")) {
                            int layer = Integer.parseInt(combo.get("layer"));
                            assertTrue(layer < m.layerCount(), run.title() + ": " + combo);
                        }
                        if (combo.containsKey("batch")) {
                            int batch = Integer.parseInt(combo.get("batch"));
                            assertTrue(Set.of(1, 32, 128, 512).contains(batch), run.title() + ": " + combo);
                        }
                    }
                }
            }
        }
    }

    /** The full profile covers the protocol: every model x its batches x backend x kernel threads, bar the documented gaps. */
    @Test
    void fullProfileCoversEverySgdRowExceptTheDocumentedGaps() {
        Set<Map<String, String>> planned = new HashSet<>();
        for (PlannedRun run : Profile.FULL.runs()) {
            if (run.benchmark() == SgdStepBenchmark.class) {
                planned.addAll(run.combinations());
            }
        }
        for (CanonicalModel model : CanonicalModel.values()) {
            for (int batch : model.batches()) {
                for (String backend : BenchBackends.ALL) {
                    for (String threads : List.of("1", "all")) {
                        Map<String, String> row = Map.of("backend", backend, "model", model.label(),
                                "batch", String.valueOf(batch), "threads", threads);
                        boolean documentedGap = backend.equals("reference")
                                && (threads.equals("all") || (model == CanonicalModel.WIDE && batch == 512));
                        assertEquals(!documentedGap, planned.contains(row), row.toString());
                    }
                }
            }
        }
    }

    @Test
    void combinationsCrossEveryParameterAndKeysResolveCallers() {
        PlannedRun run = new PlannedRun("t", SgdStepBenchmark.class, "step",
                Map.of("backend", List.of("reference", "simd"), "batch", List.of("1", "32", "128")), 0,
                new Timing(2, 1, 1000, 2, 1000));
        assertEquals(6, run.combinations().size());
        assertEquals(6 * 2 * (3 + Timing.FORK_OVERHEAD_SECONDS), run.estimatedSeconds(), 1e-9);
        assertTrue(run.expectedKeys(8).contains("SgdStepBenchmark.step [callers=8] backend=simd batch=32"));
        assertEquals("^\\Qdev.vecmlp.bench.train.SgdStepBenchmark.step\\E$", run.includePattern());

        PlannedRun left = run.withoutBackends(Set.of("simd")).orElseThrow();
        assertEquals(List.of("reference"), left.params().get("backend"));
        assertFalse(run.withoutBackends(Set.of("simd", "reference")).isPresent());
    }

    @Test
    void settingsFilterRunsByTitleAndOverrideForksAndIterationLength() {
        List<PlannedRun> runs = ReportRunner.plannedRuns(new ReportRunner.Settings(Profile.QUICK, Path.of("r"), 2, 50,
                "FMA|GEMM", null, "python3"));
        assertEquals(List.of("FMA peak, one thread", "FMA peak, every processor", "GEMM, mnist layers 0-1 at batch 128"),
                runs.stream().map(PlannedRun::title).toList());
        for (PlannedRun run : runs) {
            assertEquals(new Timing(2, 3, 50, 3, 50), run.timing());
        }
        assertEquals(Profile.QUICK.runs().size(), ReportRunner.plannedRuns(
                new ReportRunner.Settings(Profile.QUICK, Path.of("r"), null, null, null, null, "python3")).size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReportRunner.plannedRuns(
                new ReportRunner.Settings(Profile.QUICK, Path.of("r"), null, null, "nothing-like-this", null, "python3")));
        assertTrue(e.getMessage().startsWith("--only 'nothing-like-this': expected it to find at least one planned run"),
                e.getMessage());
    }

    @Test
    void badProfileNamesAndTimingsAreRejectedWithTheExpectedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Profile.byName("fast"));
        assertEquals("profile: expected quick, full or smoke, found 'fast'", e.getMessage());
        assertEquals(Profile.FULL, Profile.byName("full"));
        assertThrows(IllegalArgumentException.class, () -> new Timing(1, 1, 1000, 0, 1000));
    }
}
