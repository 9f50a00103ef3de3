package dev.vecmlp.cli.report;

import dev.vecmlp.cli.run.EpochStats;
import dev.vecmlp.health.HealthVerdict;
import dev.vecmlp.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The training charts, written as PNG with XChart: loss per epoch and accuracy per epoch (training
 * and held-out, the legend below the plot so it hides no points, the loss axis named after the
 * loss), and the per-layer gradient norms over training on a logarithmic scale labelled in
 * decades, with the epoch boundaries, the EXPLODING threshold and a mark where each
 * gradient-health verdict fired: the picture in which vanishing gradients (early layers' lines
 * far below the last layer's) and exploding ones (lines shooting up to the threshold) show at a
 * glance.
 */
public final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;
    /** The gradient chart is wider: its legend, to the right, names layers, threshold and verdicts. */
    private static final int WIDE = 1200;
    private static final Color THRESHOLD = new Color(200, 30, 30);
    private static final Color EPOCH_MARK = new Color(210, 210, 210);

    private Charts() {
    }

    /** As {@link #writeEpochCharts(List, String, boolean, String, Path)} with the axis titled "loss". */
    public static List<Path> writeEpochCharts(List<EpochStats> history, String heldOutName, boolean classification,
                                              Path dir) throws IOException {
        return writeEpochCharts(history, heldOutName, classification, "loss", dir);
    }

    /**
     * Writes {@code loss.png} (and {@code accuracy.png} for classification) into {@code dir}; returns the files.
     *
     * @param lossName the loss axis' title, e.g. "mean squared error (MSE)"
     */
    public static List<Path> writeEpochCharts(List<EpochStats> history, String heldOutName, boolean classification,
                                              String lossName, Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        boolean heldOut = !history.isEmpty() && history.get(0).hasHeldOut();
        XYChart loss = epochChart("Loss per epoch", lossName);
        add(loss, "train", history, EpochStats::trainLoss);
        if (heldOut) {
            add(loss, heldOutName, history, EpochStats::heldOutLoss);
        }
        written.add(save(loss, dir.resolve("loss.png")));
        if (classification) {
            XYChart accuracy = epochChart("Accuracy per epoch", "accuracy (%)");
            add(accuracy, "train", history, s -> 100 * s.trainAccuracy());
            if (heldOut) {
                add(accuracy, heldOutName, history, s -> 100 * s.heldOutAccuracy());
            }
            written.add(save(accuracy, dir.resolve("accuracy.png")));
        }
        return written;
    }

    /**
     * Writes {@code gradient-norms.png}: one line per layer, its gradient L2 norm against the
     * training step, on a log scale (non-positive or non-finite values are left out), with
     * grey vertical lines at the epoch boundaries, the EXPLODING threshold as a red dashed line,
     * and a marker for each verdict at its step (at the threshold when the norm was not finite).
     *
     * @param epochEnds         the last step of each epoch (may be empty)
     * @param explodingNorm     the monitor's EXPLODING threshold (0 or less: not drawn)
     */
    public static Path writeGradientNormChart(long[] steps, List<String> layerNames, List<double[]> normsPerLayer,
                                              long[] epochEnds, double explodingNorm, List<HealthVerdict> verdicts,
                                              Path dir) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDE).height(HEIGHT).title("Gradient L2 norm per layer")
                .xAxisTitle("step").yAxisTitle("gradient norm (log scale)").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmicDecadeOnly(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setXAxisMaxLabelCount(12);
        // Plain decimals at the decades (0.001, 0.1, 1, 10, 1,000), not "1E0"; XChart's custom
        // formatters do not work on a logarithmic axis (its tick search runs for ever).
        chart.getStyler().setYAxisDecimalPattern("#,##0.###########");
        double low = Double.POSITIVE_INFINITY;
        double high = 0;
        for (int l = 0; l < layerNames.size(); l++) {
            double[] norms = normsPerLayer.get(l);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int i = 0; i < steps.length; i++) {
                if (norms[i] > 0 && Double.isFinite(norms[i])) {
                    xs.add((double) steps[i]);
                    ys.add(norms[i]);
                    low = Math.min(low, norms[i]);
                    high = Math.max(high, norms[i]);
                }
            }
            if (!xs.isEmpty()) {
                XYSeries series = chart.addSeries(layerNames.get(l), xs, ys);
                series.setMarker(SeriesMarkers.NONE);
            }
        }
        if (explodingNorm > 0) {
            high = Math.max(high, explodingNorm);
            low = Math.min(low, explodingNorm);
        }
        if (!(low <= high)) {
            low = 0.1;
            high = 10;
        }
        // Whole decades around the data, so every line and mark is inside the plot.
        double bottom = Math.pow(10, Math.floor(Math.log10(low)));
        double top = Math.pow(10, Math.ceil(Math.log10(high) + 1e-9));
        chart.getStyler().setYAxisMin(bottom);
        chart.getStyler().setYAxisMax(top);
        double first = steps.length > 0 ? steps[0] : 0;
        double last = steps.length > 0 ? steps[steps.length - 1] : 1;
        if (epochEnds.length > 1) {
            // One series of vertical segments separated by NaN gaps; at most about 50 marks.
            int every = Math.max(1, (epochEnds.length + 49) / 50);
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int e = every - 1; e < epochEnds.length - 1; e += every) {
                xs.add((double) epochEnds[e]);
                ys.add(bottom);
                xs.add((double) epochEnds[e]);
                ys.add(top);
                xs.add((double) epochEnds[e]);
                ys.add(Double.NaN);
            }
            if (!xs.isEmpty()) {
                XYSeries marks = chart.addSeries(every == 1 ? "epoch boundaries" : "epoch boundaries (every " + every
                        + " epochs)", xs, ys);
                marks.setMarker(SeriesMarkers.NONE);
                marks.setLineColor(EPOCH_MARK);
                marks.setLineWidth(1f);
            }
            last = Math.max(last, epochEnds[epochEnds.length - 1]);
        }
        for (HealthVerdict v : verdicts) {
            last = Math.max(last, v.step());
        }
        if (explodingNorm > 0) {
            XYSeries threshold = chart.addSeries("EXPLODING threshold (" + decade(explodingNorm) + ")",
                    new double[]{first, last}, new double[]{explodingNorm, explodingNorm});
            threshold.setMarker(SeriesMarkers.NONE);
            threshold.setLineColor(THRESHOLD);
            threshold.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[]{8f, 6f}, 0f));
        }
        for (HealthVerdict.Kind kind : HealthVerdict.Kind.values()) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            HealthVerdict firstVerdict = null;
            for (HealthVerdict v : verdicts) {
                if (v.kind() != kind) {
                    continue;
                }
                firstVerdict = firstVerdict == null ? v : firstVerdict;
                double norm = v.gradientNorm();
                xs.add((double) v.step());
                ys.add(norm > 0 && Double.isFinite(norm) ? Math.max(bottom, Math.min(top, norm))
                        : explodingNorm > 0 ? explodingNorm : top);
            }
            if (firstVerdict != null) {
                String label = xs.size() == 1 ? kind + ": layer " + firstVerdict.layer() + ", step " + firstVerdict.step()
                        : kind + " x" + xs.size() + " (first: layer " + firstVerdict.layer() + ", step "
                        + firstVerdict.step() + ")";
                XYSeries marks = chart.addSeries(label, xs, ys);
                marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                marks.setMarker(kind == HealthVerdict.Kind.EXPLODING ? SeriesMarkers.TRIANGLE_UP : SeriesMarkers.DIAMOND);
                marks.setMarkerColor(kind == HealthVerdict.Kind.EXPLODING ? THRESHOLD : Color.BLACK);
            }
        }
        return save(chart, dir.resolve("gradient-norms.png"));
    }

    /** A decade tick's label: 0.001, 0.01, 0.1, 1, 10, 100, 1000, and 1e-4, 1e4 beyond. */
    static String decade(double value) {
        if (!(value > 0)) {
            return "";
        }
        double exponent = Math.log10(value);
        long e = Math.round(exponent);
        if (Math.abs(exponent - e) > 1e-6) {
            return String.format(Locale.ROOT, "%.3g", value);
        }
        if (e >= -3 && e <= 3) {
            return e >= 0 ? Long.toString((long) Math.pow(10, e)) : "0." + "0".repeat((int) (-e - 1)) + "1";
        }
        return "1e" + e;
    }

    private static XYChart epochChart(String title, String y) {
        XYChart chart = chart(title, "epoch", y);
        // Below the plot, the legend hides none of the last epochs' points.
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        // Whole epochs only; ticks far enough apart that 4-digit epochs do not crowd.
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setXAxisTickMarkSpacingHint(90);
        chart.getStyler().setXAxisMaxLabelCount(12);
        return chart;
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setPlotGridLinesVisible(true);
        return chart;
    }

    private static void add(XYChart chart, String name, List<EpochStats> history, ToDoubleFunction<EpochStats> value) {
        double[] xs = new double[history.size()];
        double[] ys = new double[history.size()];
        for (int i = 0; i < history.size(); i++) {
            xs[i] = history.get(i).epoch();
            ys[i] = value.applyAsDouble(history.get(i));
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setMarker(history.size() <= 40 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
        return file;
    }
}
