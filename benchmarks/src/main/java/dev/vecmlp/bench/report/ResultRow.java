package dev.vecmlp.bench.report;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One measured row of a report: one benchmark method with one set of parameters, as JMH (or the
 * PyTorch script, which writes the same JSON shape) recorded it.
 *
 * @param benchmark   fully qualified method, e.g. {@code dev.vecmlp.bench.train.SgdStepBenchmark.step}
 * @param mode        JMH mode: {@code thrpt}, {@code sample}, {@code avgt}, {@code ss}
 * @param callers     threads calling the benchmark method (JMH {@code -t})
 * @param params      benchmark parameters, sorted by name
 * @param score       JMH's score (mean over iterations) in {@code unit}
 * @param scoreError  half-width of JMH's 99.9% confidence interval, NaN when unknown
 * @param unit        unit of the score, e.g. {@code ops/s} or {@code us/op}
 * @param percentiles percentiles of the score (JMH keys such as {@code 50.0}, {@code 99.9})
 * @param iterations  per-iteration scores of every fork (throughput modes), used for medians and spread
 * @param secondary   secondary metrics by name ({@code gc.alloc.rate.norm}, {@code flops}, ...) with their scores
 */
public record ResultRow(String benchmark, String mode, int callers, SortedMap<String, String> params,
                        double score, double scoreError, String unit, Map<String, Double> percentiles,
                        List<Double> iterations, Map<String, Double> secondary) {

    /** JMH's allocation metric, in bytes per operation. */
    public static final String ALLOC_NORM = "gc.alloc.rate.norm";

    public ResultRow {
        params = Collections.unmodifiableSortedMap(new TreeMap<>(params));
        percentiles = Map.copyOf(percentiles);
        iterations = List.copyOf(iterations);
        secondary = Map.copyOf(secondary);
    }

    /** Class and method without the package, e.g. {@code SgdStepBenchmark.step}. */
    public String shortName() {
        return shortName(benchmark);
    }

    /** {@code pkg.Class.method} to {@code Class.method}. */
    public static String shortName(String benchmark) {
        int method = benchmark.lastIndexOf('.');
        int cls = method > 0 ? benchmark.lastIndexOf('.', method - 1) : -1;
        return benchmark.substring(cls + 1);
    }

    /** The parameter's value, or {@code null}. */
    public String param(String name) {
        return params.get(name);
    }

    /** The parameter as an int (it must be there). */
    public int intParam(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalArgumentException(shortName() + ": expected parameter '" + name + "', found " + params.keySet());
        }
        return Integer.parseInt(v);
    }

    public String backend() {
        return params.getOrDefault("backend", "");
    }

    /** Bytes allocated per operation, NaN when the gc profiler did not run. */
    public double allocBytesPerOp() {
        return secondary.getOrDefault(ALLOC_NORM, Double.NaN);
    }

    /** The percentile {@code p} (e.g. 99.9) of a sample-time row, NaN when absent. */
    public double percentile(double p) {
        Double v = percentiles.get(RowKey.percentileKey(p));
        return v == null ? Double.NaN : v;
    }

    /** Median of the iteration scores, or the score when none were recorded. */
    public double medianScore() {
        if (iterations.isEmpty()) {
            return score;
        }
        return Stats.median(iterations);
    }

    /** Smallest iteration score (the score itself when none were recorded). */
    public double minScore() {
        return iterations.isEmpty() ? score : Collections.min(iterations);
    }

    /** Largest iteration score (the score itself when none were recorded). */
    public double maxScore() {
        return iterations.isEmpty() ? score : Collections.max(iterations);
    }

    /** The identity of the row across reports: method, callers and parameters. */
    public String key() {
        return RowKey.of(benchmark, callers, params);
    }

    /** The same row with other parameters (used to look up the baseline of a row). */
    public String keyWith(String param, String value) {
        SortedMap<String, String> other = new TreeMap<>(params);
        other.put(param, value);
        return RowKey.of(benchmark, callers, other);
    }
}
