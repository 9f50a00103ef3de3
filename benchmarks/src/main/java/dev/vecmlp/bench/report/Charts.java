package dev.vecmlp.bench.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The report's PNG charts (XChart bar charts, drawn headless):
 * <ul>
 *   <li>{@code sgd-<model>.png}: training samples/s by batch, one bar per backend and kernel-thread
 *       count, on a logarithmic axis (backends differ by orders of magnitude);</li>
 *   <li>{@code latency.png}: single-sample p50 latency by model, one bar per backend (log scale,
 *       one caller thread);</li>
 *   <li>{@code gemm-<model>.png}: each GEMM's share of the measured FMA peak by layer, shape and
 *       batch, one bar per backend and kernel-thread count.</li>
 * </ul>
 * Every series of a chart has a bar slot for every category; a backend that did not measure a
 * category leaves its slot empty.
 */
public final class Charts {
    private static final int WIDTH = 1000;
    private static final int HEIGHT = 560;

    private Charts() {
    }

    /** Writes every chart the report's rows allow into {@code dir}; returns the files written. */
    public static List<Path> write(ReportData data, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        for (String model : models(data, Suite.SGD)) {
            CategoryChart chart = chart("SGD training step, " + model,
                    "batch", "samples/s (log scale)", true);
            if (fill(chart, rowsOf(data, Suite.SGD, model), r -> r.param("batch"), Charts::series, Suite.SGD::headline)) {
                written.add(save(chart, dir.resolve("sgd-" + model)));
            }
        }
        List<ResultRow> latencies = new ArrayList<>();
        for (ResultRow r : sortedRows(data, Suite.LATENCY)) {
            if (r.callers() == 1) {
                latencies.add(r);
            }
        }
        CategoryChart latency = chart("Single-sample prediction latency, p50 (lower is better)", "model",
                "microseconds (log scale)", true);
        if (fill(latency, latencies, r -> r.param("model"), Charts::series, Suite.LATENCY::headline)) {
            written.add(save(latency, dir.resolve("latency")));
        }
        for (String model : models(data, Suite.GEMM)) {
            CategoryChart chart = chart("GEMM share of the measured FMA peak, " + model, "layer shape batch",
                    "% of FMA peak", false);
            chart.getStyler().setXAxisLabelRotation(60);
            if (fill(chart, rowsOf(data, Suite.GEMM, model),
                    r -> "L" + r.param("layer") + " " + r.param("shape") + " b" + r.param("batch"), Charts::series,
                    r -> 100 * Suite.GEMM.headline(r) / data.fmaPeak(r.param("threads")))) {
                written.add(save(chart, dir.resolve("gemm-" + model)));
            }
        }
        return written;
    }

    /** The series a row belongs to: its backend, with the kernel threads when not 1. */
    static String series(ResultRow r) {
        String threads = r.param("threads");
        return threads == null || "1".equals(threads) ? r.backend() : r.backend() + " (" + threads + " threads)";
    }

    /** One colour per backend in every chart; the all-threads bars a darker shade of it. */
    static Color color(ResultRow r) {
        Color base;
        switch (r.backend()) {
            case "reference":
                base = new Color(90, 130, 230);
                break;
            case "ejml":
                base = new Color(245, 175, 50);
                break;
            case "simd":
                base = new Color(140, 70, 220);
                break;
            case "pytorch":
                base = new Color(215, 70, 60);
                break;
            default:
                base = new Color(120, 120, 120);
        }
        String threads = r.param("threads");
        return threads == null || "1".equals(threads) ? base : base.darker();
    }

    private static Set<String> models(ReportData data, Suite suite) {
        Set<String> models = new LinkedHashSet<>();
        for (ResultRow r : sortedRows(data, suite)) {
            models.add(r.param("model"));
        }
        return models;
    }

    private static List<ResultRow> sortedRows(ReportData data, Suite suite) {
        List<ResultRow> rows = new ArrayList<>(data.rows(suite));
        rows.sort(RowOrder.ROWS);
        return rows;
    }

    private static List<ResultRow> rowsOf(ReportData data, Suite suite, String model) {
        List<ResultRow> out = new ArrayList<>();
        for (ResultRow r : sortedRows(data, suite)) {
            if (model.equals(r.param("model")) && r.callers() == 1) {
                out.add(r);
            }
        }
        return out;
    }

    private static CategoryChart chart(String title, String x, String y, boolean logarithmic) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(x).yAxisTitle(y).build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setYAxisLogarithmic(logarithmic);
        return chart;
    }

    /**
     * Adds one series per distinct {@code seriesOf}, with a value (or an empty slot) per category;
     * false when no row had a positive finite value (nothing to draw).
     */
    private static boolean fill(CategoryChart chart, List<ResultRow> rows, Function<ResultRow, String> categoryOf,
                             Function<ResultRow, String> seriesOf, ToDoubleFunction<ResultRow> valueOf) {
        List<String> categories = new ArrayList<>(new LinkedHashSet<>(rows.stream().map(categoryOf).toList()));
        Map<String, Map<String, Double>> series = new LinkedHashMap<>();
        Map<String, Color> colors = new LinkedHashMap<>();
        List<ResultRow> bySeries = new ArrayList<>(rows);
        bySeries.sort(Comparator.comparingInt((ResultRow r) -> RowOrder.rank(RowOrder.BACKENDS, r.backend())));
        for (ResultRow r : bySeries) {
            double v = valueOf.applyAsDouble(r);
            if (Double.isFinite(v) && v > 0) {
                series.computeIfAbsent(seriesOf.apply(r), s -> new LinkedHashMap<>()).put(categoryOf.apply(r), v);
                colors.putIfAbsent(seriesOf.apply(r), color(r));
            }
        }
        for (Map.Entry<String, Map<String, Double>> e : series.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (String c : categories) {
                values.add(e.getValue().get(c));
            }
            chart.addSeries(e.getKey(), categories, values).setFillColor(colors.get(e.getKey()));
        }
        if (chart.getStyler().isYAxisLogarithmic()) {
            // Bars start at the axis minimum, which a log axis must hold above zero: the decade below the smallest value.
            double min = series.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue)
                    .min().orElse(1);
            double max = series.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue)
                    .max().orElse(1);
            chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(min))));
            chart.getStyler().setYAxisMax(Math.pow(10, Math.floor(Math.log10(max)) + 1));
        }
        return !series.isEmpty();
    }

    private static Path save(CategoryChart chart, Path withoutExtension) throws IOException {
        BitmapEncoder.saveBitmap(chart, withoutExtension.toString(), BitmapEncoder.BitmapFormat.PNG);
        return withoutExtension.resolveSibling(withoutExtension.getFileName() + ".png");
    }
}
