package dev.vecmlp.bench.report;

import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The text that identifies a row across reports, e.g.
 * {@code SgdStepBenchmark.step [callers=1] backend=simd batch=32 model=mnist threads=1}: the
 * benchmark's short name, the calling threads and the parameters in name order. Two reports
 * are compared row by row on this key.
 */
public final class RowKey {
    private RowKey() {
    }

    public static String of(String benchmark, int callers, Map<String, String> sortedParams) {
        StringJoiner sj = new StringJoiner(" ");
        sj.add(ResultRow.shortName(benchmark));
        sj.add("[callers=" + callers + "]");
        for (Map.Entry<String, String> e : sortedParams.entrySet()) {
            sj.add(e.getKey() + "=" + e.getValue());
        }
        return sj.toString();
    }

    /** JMH's key for a percentile: {@code 50.0}, {@code 99.0}, {@code 99.9}, {@code 99.99}. */
    public static String percentileKey(double p) {
        String s = String.format(Locale.ROOT, "%.4f", p);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
