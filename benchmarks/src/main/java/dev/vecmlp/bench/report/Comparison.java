package dev.vecmlp.bench.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares two reports row by row on their row keys: each row's headline figure in A and in B
 * and how much better B is ({@code B/A} for rates, {@code A/B} for latencies, so above 1 always
 * means B is faster), then the rows only one report has. The typical use: the same machine on
 * JDK 17 and JDK 25, or before and after a change.
 */
public final class Comparison {
    private Comparison() {
    }

    /** The comparison as Markdown. */
    public static String render(ReportData a, ReportData b) {
        StringBuilder sb = new StringBuilder();
        sb.append("# vecmlp report comparison\n\n");
        sb.append("- A: ").append(describe(a)).append('\n');
        sb.append("- B: ").append(describe(b)).append("\n\n");
        sb.append("B vs A: above 1 means B is faster (rates B/A, latencies A/B).\n\n");
        Map<String, ResultRow> inA = index(a);
        Map<String, ResultRow> inB = index(b);
        MarkdownTable t = new MarkdownTable("row", "unit", ">A", ">B", ">B vs A");
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<String, ResultRow> e : inA.entrySet()) {
            ResultRow rb = inB.get(e.getKey());
            if (rb == null) {
                continue;
            }
            Suite suite = Suite.of(e.getValue());
            double va = suite.headline(e.getValue());
            double vb = suite.headline(rb);
            double ratio = suite.higherIsBetter(e.getValue()) ? vb / va : va / vb;
            if (Double.isFinite(ratio)) {
                ratios.add(ratio);
            }
            t.add("`" + e.getKey() + "`", suite.unit(e.getValue()), Format.sig(va), Format.sig(vb), Format.ratio(ratio));
        }
        if (t.isEmpty()) {
            sb.append("The reports have no row in common.\n\n");
        } else {
            sb.append(t.render()).append('\n');
            sb.append("Rows in both: ").append(ratios.size()).append("; B vs A min ")
                    .append(Format.ratio(ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN)))
                    .append(", median ").append(Format.ratio(Stats.median(ratios)))
                    .append(", max ").append(Format.ratio(ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)))
                    .append(".\n\n");
        }
        only(sb, "A", inA, inB);
        only(sb, "B", inB, inA);
        return sb.toString();
    }

    private static void only(StringBuilder sb, String name, Map<String, ResultRow> mine, Map<String, ResultRow> other) {
        List<String> keys = new ArrayList<>();
        for (String k : mine.keySet()) {
            if (!other.containsKey(k)) {
                keys.add(k);
            }
        }
        if (!keys.isEmpty()) {
            sb.append("Only in ").append(name).append(":\n\n");
            keys.forEach(k -> sb.append("- `").append(k).append("`\n"));
            sb.append('\n');
        }
    }

    private static Map<String, ResultRow> index(ReportData data) {
        Map<String, ResultRow> m = new LinkedHashMap<>();
        List<ResultRow> rows = new ArrayList<>(data.rows());
        rows.sort(Comparator.comparing(Suite::of).thenComparing(RowOrder.ROWS));
        for (ResultRow r : rows) {
            m.put(r.key(), r);
        }
        return m;
    }

    private static String describe(ReportData d) {
        MachineInfo m = d.machine();
        String where = d.dir() == null ? "" : d.dir().getFileName() + ": ";
        if (m == null) {
            return where + "no machine.json";
        }
        return where + "JDK " + m.jdkVersion() + ", " + m.cpuModel() + ", " + m.processors() + " processors, "
                + (d.plan() == null ? "" : d.plan().profile() + " profile, ") + m.dateUtc();
    }
}
