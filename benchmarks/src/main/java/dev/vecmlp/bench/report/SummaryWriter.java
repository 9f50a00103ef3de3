package dev.vecmlp.bench.report;

import dev.vecmlp.bench.fixture.CanonicalModel;
import dev.vecmlp.bench.fixture.OrtModel;
import dev.vecmlp.bench.kernel.GemmShape;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Writes a report's {@code summary.md}: the machine and JDK, then one table per suite where
 * every row carries its headline figure, the spread of its iterations, its speed-up over the
 * reference and EJML backends (and PyTorch, when its rows are there) measured in the same run,
 * its share of the measured FMA peak where it does arithmetic, and its bytes allocated per
 * operation (flagged above {@link #ALLOC_LIMIT}); then the allocation check, what was not
 * measured and why, and how noisy the machine was.
 */
public final class SummaryWriter {
    /** Bytes per operation above which a row is flagged: steady-state calls must not allocate. */
    public static final double ALLOC_LIMIT = 1.0;

    private final ReportData data;
    private final boolean hasTorch;
    private final boolean hasOrt;

    private SummaryWriter(ReportData data) {
        this.data = data;
        this.hasTorch = data.rows().stream().anyMatch(r -> "pytorch".equals(r.backend()));
        this.hasOrt = data.rows().stream().anyMatch(r -> OrtModel.BACKEND.equals(r.backend()));
    }

    /** The Markdown summary of a report. */
    public static String render(ReportData data) {
        return new SummaryWriter(data).render();
    }

    private String render() {
        StringBuilder sb = new StringBuilder();
        ReportPlan plan = data.plan();
        sb.append("# vecmlp benchmark report").append(plan == null ? "" : " (" + plan.profile() + " profile)").append("\n\n");
        machine(sb);
        sb.append("Figures are medians of the measurement iterations (min–max: their spread). Speed-ups divide "
                + "medians measured in this same run (above 1: faster than the baseline; the single-threaded "
                + "reference backend's one-thread row is its baseline at every thread count). B/op is JMH's "
                + "`gc.alloc.rate.norm`; ⚠ marks rows above " + Format.sig(ALLOC_LIMIT) + " B/op.\n\n");
        peakWarning(sb);
        sgd(sb);
        latency(sb);
        batch(sb);
        fma(sb);
        gemm(sb);
        elementwise(sb);
        other(sb);
        allocation(sb);
        missing(sb);
        noise(sb);
        return sb.toString();
    }

    private void machine(StringBuilder sb) {
        MachineInfo m = data.machine();
        MarkdownTable t = new MarkdownTable("", "");
        if (m != null) {
            t.add("date (UTC)", m.dateUtc());
            t.add("CPU", m.cpuModel() + ", " + m.processors() + " processors");
            t.add("SIMD flags", m.simdFlags().isEmpty() ? "none found" : String.join(" ", m.simdFlags()));
            t.add("memory", Format.gib(m.memoryBytes()));
            t.add("OS", m.os());
            t.add("JDK", m.jdkVersion() + " (" + m.jdkVendor() + ", " + m.vmName() + ")");
            t.add("vector width", m.vectorBits() > 0
                    ? m.vectorBits() + " bits (" + m.vectorBits() / 32 + " floats, " + m.vectorNote() + ")"
                    : "unknown: " + m.vectorNote());
            t.add("JVM arguments", m.jvmArgs().isEmpty() ? "none" : "`" + String.join(" ", m.jvmArgs()) + "`");
        }
        ReportPlan p = data.plan();
        if (p != null) {
            t.add("profile", p.profile() + " (estimated " + Format.duration(p.estimatedSeconds()) + ", ran "
                    + p.startedUtc() + " to " + p.finishedUtc() + ")");
            t.add("load average (1 min)", Format.sig(p.loadAverageStart()) + " before, "
                    + Format.sig(p.loadAverageEnd()) + " after");
            if (p.torchNote() != null) {
                t.add("PyTorch", p.torchNote());
            }
        }
        t.add("measured FMA peak", Format.sig(data.fmaPeak("1")) + " GFLOP/s on one thread, "
                + Format.sig(data.fmaPeak("all")) + " GFLOP/s on all processors");
        sb.append(t.render()).append('\n');
    }

    /** Speed-up columns: over the reference and EJML, and over PyTorch where it has rows of this kind. */
    private List<String> speedUpColumns(Suite suite) {
        List<String> cols = new ArrayList<>();
        if (suite != Suite.FMA_PEAK && suite != Suite.OTHER) {
            cols.addAll(List.of(">× reference", ">× EJML"));
        }
        if (torchComparable(suite)) {
            cols.add(">× PyTorch");
        }
        if (ortComparable(suite)) {
            cols.add(">× ONNX Runtime");
        }
        return cols;
    }

    /** vecmlp / ONNX Runtime: above 1 means vecmlp is faster than ONNX Runtime on the same weights and threads. */
    private boolean ortComparable(Suite suite) {
        return hasOrt && (suite == Suite.LATENCY || suite == Suite.BATCH);
    }

    private boolean torchComparable(Suite suite) {
        return hasTorch && (suite == Suite.SGD || suite == Suite.LATENCY || suite == Suite.BATCH);
    }

    private List<String> speedUps(ResultRow r) {
        List<String> cells = new ArrayList<>();
        if (Suite.of(r) != Suite.FMA_PEAK && Suite.of(r) != Suite.OTHER) {
            cells.add(Format.ratio(data.speedUp(r, "reference")));
            cells.add(Format.ratio(data.speedUp(r, "ejml")));
        }
        if (torchComparable(Suite.of(r))) {
            cells.add(Format.ratio(data.speedUp(r, "pytorch")));
        }
        if (ortComparable(Suite.of(r))) {
            cells.add(OrtModel.BACKEND.equals(r.backend()) ? "" : Format.ratio(data.speedUp(r, OrtModel.BACKEND)));
        }
        return cells;
    }

    /**
     * One suite's section: a title, a sentence on what a row measures, and a table of the
     * leading columns, the speed-ups, the trailing columns and the bytes per operation.
     */
    private void section(StringBuilder sb, Suite suite, String title, String intro,
                         List<String> lead, Function<ResultRow, List<String>> leadCells,
                         List<String> trail, Function<ResultRow, List<String>> trailCells) {
        List<ResultRow> rows = new ArrayList<>(data.rows(suite));
        if (rows.isEmpty()) {
            return;
        }
        rows.sort(RowOrder.ROWS);
        sb.append("## ").append(title).append("\n\n").append(intro).append("\n\n");
        List<String> columns = new ArrayList<>(lead);
        columns.addAll(speedUpColumns(suite));
        columns.addAll(trail);
        columns.add(">B/op");
        MarkdownTable t = new MarkdownTable(columns.toArray(new String[0]));
        for (ResultRow r : rows) {
            List<String> cells = new ArrayList<>(leadCells.apply(r));
            cells.addAll(speedUps(r));
            cells.addAll(trailCells.apply(r));
            cells.add(Format.bytesPerOp(r.allocBytesPerOp(), ALLOC_LIMIT));
            t.add(cells.toArray(new String[0]));
        }
        sb.append(t.render()).append('\n');
    }

    private void sgd(StringBuilder sb) {
        section(sb, Suite.SGD, "SGD training step (samples/s, higher is better)",
                "One step = forward, loss, backward and plain-SGD update of a whole batch. GEMM GFLOP/s counts "
                        + "the step's matrix products only (6 x weights per sample, less the first layer's unneeded "
                        + "input gradient).",
                List.of("model", ">batch", "kernel threads", "backend", ">samples/s", ">min–max"),
                r -> {
                    int batch = r.intParam("batch");
                    return List.of(r.param("model"), String.valueOf(batch), r.param("threads"), r.backend(),
                            Format.compact(Suite.SGD.headline(r)),
                            Format.range(r.minScore() * batch, r.maxScore() * batch));
                },
                List.of(">GEMM GFLOP/s", ">% of FMA peak"),
                r -> {
                    double gflops = Suite.SGD.headline(r)
                            * Suite.trainingGemmFlopsPerSample(CanonicalModel.byName(r.param("model"))) / 1e9;
                    return List.of(Format.sig(gflops), Format.percent(gflops / data.fmaPeak(r.param("threads"))));
                });
    }

    private void latency(StringBuilder sb) {
        section(sb, Suite.LATENCY, "Inference: single-sample latency (µs, lower is better)",
                "One prediction of one sample per call; callers > 1: that many threads share one model.",
                List.of("model", ">callers", "kernel threads", "backend", ">p50 µs", ">p99 µs", ">p99.9 µs"),
                r -> List.of(r.param("model"), String.valueOf(r.callers()), r.param("threads"), backendLabel(r),
                        Format.sig(Suite.LATENCY.headline(r)),
                        Format.sig(Suite.microseconds(r.percentile(99), r.unit())),
                        Format.sig(Suite.microseconds(r.percentile(99.9), r.unit()))),
                List.of(), r -> List.of());
    }

    private void batch(StringBuilder sb) {
        section(sb, Suite.BATCH, "Inference: batch prediction (samples/s, higher is better)",
                "Callers > 1: that many threads share one model, each predicting its own batches; samples/s "
                        + "is their sum.",
                List.of("model", ">batch", ">callers", "kernel threads", "backend", ">samples/s", ">min–max"),
                r -> List.of(r.param("model"), String.valueOf(Suite.batchRows(r)), String.valueOf(r.callers()),
                        r.param("threads"), backendLabel(r),
                        Format.compact(Suite.BATCH.headline(r)),
                        Format.range(r.minScore() * Suite.batchRows(r), r.maxScore() * Suite.batchRows(r))),
                List.of(), r -> List.of());
    }

    /** The backend, with the weight precision when it is not float32 ({@code simd bf16}). */
    private static String backendLabel(ResultRow r) {
        String precision = r.param("precision");
        return precision == null || "fp32".equals(precision) || OrtModel.BACKEND.equals(r.backend())
                ? r.backend() : r.backend() + " " + precision;
    }

    private void fma(StringBuilder sb) {
        section(sb, Suite.FMA_PEAK, "FMA peak (GFLOP/s)",
                "A register-only loop of independent vector FMAs: the ceiling every kernel's share is quoted against.",
                List.of(">threads", ">GFLOP/s"),
                r -> List.of(String.valueOf(r.callers()), Format.sig(Suite.FMA_PEAK.headline(r))),
                List.of(), r -> List.of());
    }

    private void gemm(StringBuilder sb) {
        section(sb, Suite.GEMM, "GEMM (GFLOP/s, higher is better)",
                "The three products of training each layer: NT forward `X W^T`, NN backward `dZ W`, TN weight "
                        + "gradient `dZ^T X`; GFLOP/s = 2 m n k / time.",
                List.of("model", ">layer", "shape", ">m x n x k", ">batch", "kernel threads", "backend", ">GFLOP/s",
                        ">% of FMA peak"),
                r -> {
                    CanonicalModel model = CanonicalModel.byName(r.param("model"));
                    int layer = r.intParam("layer");
                    int batch = r.intParam("batch");
                    GemmShape shape = GemmShape.valueOf(r.param("shape"));
                    int in = model.layerInputs(layer);
                    int out = model.layerOutputs(layer);
                    double gflops = Suite.GEMM.headline(r);
                    return List.of(model.label(), String.valueOf(layer), shape.name(),
                            shape.m(batch, in, out) + " x " + shape.n(batch, in, out) + " x " + shape.k(batch, in, out),
                            String.valueOf(batch), r.param("threads"), r.backend(), Format.sig(gflops),
                            Format.percent(gflops / data.fmaPeak(r.param("threads"))));
                },
                List.of(), r -> List.of());
    }

    private void elementwise(StringBuilder sb) {
        section(sb, Suite.ELEMENTWISE, "Elementwise kernels (GB/s, higher is better)",
                "Bytes read plus written per call / time; 32768 floats stay in L2, 4194304 stream from memory.",
                List.of("kernel", ">floats", "backend", ">GB/s"),
                r -> List.of(r.param("kernel").toLowerCase(Locale.ROOT), r.param("len"), r.backend(),
                        Format.sig(Suite.ELEMENTWISE.headline(r))),
                List.of(), r -> List.of());
    }

    private void other(StringBuilder sb) {
        section(sb, Suite.OTHER, "Other benchmarks",
                "Benchmarks of the module outside the suites above, with JMH's own score (median of the iterations).",
                List.of("benchmark", "parameters", ">callers", ">median", "unit", ">min–max"),
                r -> List.of(r.shortName(), r.params().isEmpty() ? Format.NONE : r.params().toString(),
                        String.valueOf(r.callers()), Format.sig(r.medianScore()), r.unit(),
                        Format.sig(r.minScore()) + "–" + Format.sig(r.maxScore())),
                List.of(), r -> List.of());
    }

    /** A share of the FMA peak above 100% means the peak itself was measured low: say so before the tables. */
    private void peakWarning(StringBuilder sb) {
        for (ResultRow r : data.rows(Suite.GEMM)) {
            if (Suite.GEMM.headline(r) > data.fmaPeak(r.param("threads"))) {
                sb.append("⚠ Some GEMMs ran faster than the measured FMA peak: the peak was measured low (a cold "
                        + "JIT, too short an iteration, or a disturbed machine), so every share of it below is "
                        + "unreliable. Rerun with the profile's own iteration times on a quiet machine.\n\n");
                return;
            }
        }
    }

    private void allocation(StringBuilder sb) {
        sb.append("## Allocation check\n\n");
        List<String> flagged = new ArrayList<>();
        int measured = 0;
        for (ResultRow r : data.rows()) {
            double bytes = r.allocBytesPerOp();
            if (Double.isFinite(bytes)) {
                measured++;
                if (bytes > ALLOC_LIMIT) {
                    flagged.add("- ⚠ `" + r.key() + "`: " + Format.sig(bytes) + " B/op");
                }
            }
        }
        if (measured == 0) {
            sb.append("Not measured: this run had no gc profiler.\n\n");
        } else if (flagged.isEmpty()) {
            sb.append("No row allocated more than ").append(Format.sig(ALLOC_LIMIT)).append(" B/op (")
                    .append(measured).append(" rows measured with the gc profiler).\n\n");
        } else {
            sb.append(flagged.size()).append(" of ").append(measured).append(" rows allocated more than ")
                    .append(Format.sig(ALLOC_LIMIT)).append(" B/op; steady-state steps, predictions and kernels "
                            + "should allocate nothing (look for boxing, a missed workspace or a cold Vector API "
                            + "path that was not warmed up):\n\n");
            flagged.forEach(line -> sb.append(line).append('\n'));
            sb.append('\n');
        }
    }

    private void missing(StringBuilder sb) {
        ReportPlan plan = data.plan();
        if (plan == null) {
            return;
        }
        Set<String> missing = new LinkedHashSet<>();
        for (String key : plan.expected()) {
            if (data.row(key).isEmpty()) {
                missing.add(key);
            }
        }
        if (missing.isEmpty() && plan.unavailableBackends().isEmpty() && plan.failedRuns().isEmpty()) {
            return;
        }
        sb.append("## Not measured\n\n");
        for (Map.Entry<String, String> e : plan.unavailableBackends().entrySet()) {
            sb.append("- backend `").append(e.getKey()).append("`: unavailable here: ").append(e.getValue()).append('\n');
        }
        for (String failure : plan.failedRuns()) {
            sb.append("- failed: ").append(failure).append('\n');
        }
        if (!missing.isEmpty()) {
            sb.append("\n| row | status |\n|---|---|\n");
            for (String key : missing) {
                String status = "failed (see jmh-output.log)";
                for (String backend : plan.unavailableBackends().keySet()) {
                    if (key.contains(" backend=" + backend + " ") || key.endsWith(" backend=" + backend)) {
                        status = "unavailable";
                    }
                }
                sb.append("| `").append(key).append("` | ").append(status).append(" |\n");
            }
        }
        sb.append('\n');
    }

    private void noise(StringBuilder sb) {
        Map<Suite, List<Double>> spreads = new EnumMap<>(Suite.class);
        for (ResultRow r : data.rows()) {
            if (r.iterations().size() >= 2 && r.medianScore() > 0) {
                spreads.computeIfAbsent(Suite.of(r), s -> new ArrayList<>())
                        .add((r.maxScore() - r.minScore()) / r.medianScore());
            }
        }
        if (spreads.isEmpty()) {
            return;
        }
        sb.append("## How noisy the machine was\n\n");
        sb.append("Per row, the spread of its measurement iterations, (max − min) / median; per suite, the "
                + "smallest, median and largest of those spreads. Above ~10% a figure moved by more than "
                + "the differences it may be used to show.\n\n");
        MarkdownTable t = new MarkdownTable("suite", ">rows", ">min", ">median", ">max");
        for (Map.Entry<Suite, List<Double>> e : spreads.entrySet()) {
            List<Double> v = e.getValue();
            t.add(e.getKey().name().toLowerCase(Locale.ROOT), String.valueOf(v.size()),
                    Format.percent(v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)),
                    Format.percent(Stats.median(v)),
                    Format.percent(v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
        }
        sb.append(t.render()).append('\n');
    }
}
