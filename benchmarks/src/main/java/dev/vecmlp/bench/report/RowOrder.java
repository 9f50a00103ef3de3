package dev.vecmlp.bench.report;

import java.util.Comparator;
import java.util.List;

/**
 * The order rows are listed and charted in: by model (tiny, mnist, wide), layer, shape, kernel,
 * length, batch, kernel threads (1 before all), callers, then backend (reference, ejml, simd,
 * pytorch), so each group of backends measuring the same thing sits together.
 */
final class RowOrder {
    static final List<String> BACKENDS = List.of("reference", "ejml", "simd", "pytorch");
    private static final List<String> MODELS = List.of("tiny", "mnist", "wide");
    private static final List<String> SHAPES = List.of("NT", "NN", "TN");

    private RowOrder() {
    }

    static final Comparator<ResultRow> ROWS = Comparator
            .comparingInt((ResultRow r) -> rank(MODELS, r.param("model")))
            .thenComparingInt(r -> number(r.param("layer")))
            .thenComparingInt(r -> rank(SHAPES, r.param("shape")))
            .thenComparing(r -> r.params().getOrDefault("kernel", ""))
            .thenComparingInt(r -> number(r.param("len")))
            .thenComparingInt(r -> number(r.param("batch")))
            .thenComparingInt(r -> threads(r.param("threads")))
            .thenComparingInt(ResultRow::callers)
            .thenComparingInt(r -> rank(BACKENDS, r.backend()));

    /** Position in {@code order}, unknown values last. */
    static int rank(List<String> order, String value) {
        int i = value == null ? -1 : order.indexOf(value);
        return i < 0 ? order.size() : i;
    }

    private static int number(String s) {
        if (s == null) {
            return -1;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static int threads(String s) {
        return "all".equals(s) ? Integer.MAX_VALUE - 1 : number(s);
    }
}
