package dev.vecmlp.cli.report;

import dev.vecmlp.cli.run.EpochStats;
import dev.vecmlp.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The training charts, written as PNG with XChart: loss per epoch and accuracy per epoch (training
 * and held-out), and the per-layer gradient norms over training on a logarithmic scale, the
 * picture in which vanishing gradients (early layers' lines far below the last layer's) and
 * exploding ones (lines shooting up) show at a glance.
 */
public final class Charts {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 560;

    private Charts() {
    }

    /** Writes {@code loss.png} (and {@code accuracy.png} for classification) into {@code dir}; returns the files. */
    public static List<Path> writeEpochCharts(List<EpochStats> history, String heldOutName, boolean classification,
                                              Path dir) throws IOException {
        List<Path> written = new ArrayList<>();
        boolean heldOut = !history.isEmpty() && history.get(0).hasHeldOut();
        XYChart loss = chart("Loss per epoch", "epoch", "loss");
        add(loss, "train", history, EpochStats::trainLoss);
        if (heldOut) {
            add(loss, heldOutName, history, EpochStats::heldOutLoss);
        }
        written.add(save(loss, dir.resolve("loss.png")));
        if (classification) {
            XYChart accuracy = chart("Accuracy per epoch", "epoch", "accuracy (%)");
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
     * training step, on a log scale (non-positive or non-finite values are left out).
     */
    public static Path writeGradientNormChart(long[] steps, List<String> layerNames, List<double[]> normsPerLayer,
                                              Path dir) throws IOException {
        XYChart chart = chart("Gradient L2 norm per layer", "step", "gradient norm (log scale)");
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
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
        // Within two decades (a healthy run) label the ticks between decades too; over more, only the decades.
        chart.getStyler().setYAxisLogarithmicDecadeOnly(!(high < 100 * low));
        chart.getStyler().setYAxisDecimalPattern("0.###E0");
        return save(chart, dir.resolve("gradient-norms.png"));
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
