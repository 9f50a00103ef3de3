package dev.vecmlp.bench.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A report folder read back: the machine, the plan, and every row (JMH's and PyTorch's), with
 * the look-ups the summary needs: a row's baseline on another backend and the FMA peak for a
 * kernel-thread count.
 */
public final class ReportData {
    /** JMH's raw results. */
    public static final String JMH_JSON = "jmh-result.json";
    /** The PyTorch script's rows, in JMH's JSON shape. */
    public static final String TORCH_JSON = "torch-result.json";
    public static final String MACHINE_JSON = "machine.json";
    public static final String PLAN_JSON = "plan.json";

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    private final Path dir;
    private final MachineInfo machine;
    private final ReportPlan plan;
    private final List<ResultRow> rows;
    private final Map<String, ResultRow> byKey = new LinkedHashMap<>();

    public ReportData(Path dir, MachineInfo machine, ReportPlan plan, List<ResultRow> rows) {
        this.dir = dir;
        this.machine = machine;
        this.plan = plan;
        this.rows = List.copyOf(rows);
        for (ResultRow row : rows) {
            byKey.put(row.key(), row);
        }
    }

    /** Reads a report folder; it must hold at least {@value #JMH_JSON}. */
    public static ReportData load(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(JMH_JSON))) {
            throw new IllegalArgumentException("report folder " + dir + ": expected " + JMH_JSON + " in it, found "
                    + (Files.isDirectory(dir) ? "no such file" : "no such folder"));
        }
        List<ResultRow> rows = new ArrayList<>(JmhResults.read(dir.resolve(JMH_JSON)));
        rows.addAll(JmhResults.read(dir.resolve(TORCH_JSON)));
        return new ReportData(dir, readJson(dir.resolve(MACHINE_JSON), MachineInfo.class),
                readJson(dir.resolve(PLAN_JSON), ReportPlan.class), rows);
    }

    private static <T> T readJson(Path file, Class<T> type) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return GSON.fromJson(in, type);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(file + ": expected a " + type.getSimpleName() + " JSON object, found "
                    + "unreadable JSON: " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The machine, or {@code null} when the folder has no {@value #MACHINE_JSON}. */
    public MachineInfo machine() {
        return machine;
    }

    /** The plan, or {@code null} when the folder has no {@value #PLAN_JSON}. */
    public ReportPlan plan() {
        return plan;
    }

    public List<ResultRow> rows() {
        return rows;
    }

    /** The rows of one suite, in file order. */
    public List<ResultRow> rows(Suite suite) {
        List<ResultRow> out = new ArrayList<>();
        for (ResultRow r : rows) {
            if (Suite.of(r) == suite) {
                out.add(r);
            }
        }
        return out;
    }

    public Optional<ResultRow> row(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /**
     * The row measuring the same thing as {@code row} on {@code backend}. The reference backend
     * is single-threaded, so when it has no row at the same kernel-thread count its one-thread
     * row stands in.
     */
    public Optional<ResultRow> baseline(ResultRow row, String backend) {
        Optional<ResultRow> same = row(row.keyWith("backend", backend));
        if (same.isEmpty() && row.param("precision") != null) {
            // Peers and the other backends run float32 weights: a bf16 row is compared with their
            // float32 row; PyTorch rows carry neither precision nor (at batch 128) the batch.
            SortedMap<String, String> fp32 = new TreeMap<>(row.params());
            fp32.put("backend", backend);
            fp32.put("precision", "fp32");
            same = row(RowKey.of(row.benchmark(), row.callers(), fp32));
            if (same.isEmpty()) {
                fp32.remove("precision");
                if ("128".equals(fp32.get("batch"))) {
                    fp32.remove("batch");
                }
                same = row(RowKey.of(row.benchmark(), row.callers(), fp32));
            }
        }
        if (same.isPresent() || !"reference".equals(backend) || row.param("threads") == null) {
            return same;
        }
        SortedMap<String, String> oneThread = new TreeMap<>(row.params());
        oneThread.put("backend", backend);
        oneThread.put("threads", "1");
        return row(RowKey.of(row.benchmark(), row.callers(), oneThread));
    }

    /**
     * {@code row}'s headline divided by its baseline's on {@code backend} (for latencies the
     * baseline's over the row's), so above 1 means the row is faster; NaN without a baseline.
     */
    public double speedUp(ResultRow row, String backend) {
        Optional<ResultRow> base = baseline(row, backend);
        if (base.isEmpty()) {
            return Double.NaN;
        }
        Suite suite = Suite.of(row);
        double mine = suite.headline(row);
        double theirs = suite.headline(base.get());
        return suite.higherIsBetter(row) ? mine / theirs : theirs / mine;
    }

    /**
     * The measured FMA peak in GFLOP/s for a kernel-thread count ({@code 1}, {@code all} or a
     * number): the one-caller probe for 1, the probe with the most callers otherwise (all processors); NaN when the
     * probe did not run.
     */
    public double fmaPeak(String threads) {
        ResultRow best = null;
        for (ResultRow r : rows(Suite.FMA_PEAK)) {
            boolean fits = !"1".equals(threads) || r.callers() == 1;
            if (fits && (best == null || r.callers() > best.callers())) {
                best = r;
            }
        }
        return best == null ? Double.NaN : Suite.FMA_PEAK.headline(best);
    }
}
