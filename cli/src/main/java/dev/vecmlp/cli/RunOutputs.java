package dev.vecmlp.cli;

import dev.vecmlp.cli.data.ModelMetadata;
import dev.vecmlp.cli.data.Table;
import dev.vecmlp.cli.report.Charts;
import dev.vecmlp.cli.run.EpochStats;
import dev.vecmlp.cli.run.TrainingRun;
import dev.vecmlp.health.GradientMonitor;
import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Mlp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** What {@code train} and {@code demo} leave behind after training: the charts and the model file. */
final class RunOutputs {
    private RunOutputs() {
    }

    /** Writes the charts of a run into {@code dir}; returns their paths, comma-separated, for the report. */
    static String writeCharts(Mlp model, TrainingRun.Result result, String heldOutName, boolean classification,
                              Path dir) throws IOException {
        String lossName = model.loss().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        if (model.loss() == dev.vecmlp.model.Loss.MSE) {
            lossName = "mean squared error (MSE)";
        }
        List<Path> files = new ArrayList<>();
        if (!result.history().isEmpty()) {
            files.addAll(Charts.writeEpochCharts(result.history(), heldOutName, classification, lossName, dir));
        }
        GradientMonitor monitor = result.monitor();
        if (monitor != null && monitor.checkCount() > 0) {
            List<String> names = new ArrayList<>();
            List<double[]> norms = new ArrayList<>();
            for (int l = 0; l < monitor.layerCount(); l++) {
                Dense layer = model.layer(l);
                names.add("layer " + l + " (" + layer.inputs() + "->" + layer.outputs() + " "
                        + layer.activation().name().toLowerCase(java.util.Locale.ROOT) + ")");
                norms.add(monitor.gradientNorms(l));
            }
            long[] epochEnds = result.history().stream().mapToLong(EpochStats::lastStep).toArray();
            files.add(Charts.writeGradientNormChart(monitor.steps(), names, norms, epochEnds,
                    monitor.config().explodingNorm(), monitor.verdicts(), dir));
        }
        return files.stream().map(Path::toString).collect(Collectors.joining(", "));
    }

    /** Saves the model with the CLI's metadata, atomically (see {@link ModelFiles}). */
    static Path saveModel(Mlp model, Table train, String recipe, Double testAccuracy, Path file) throws IOException {
        ModelMetadata metadata = new ModelMetadata(train.classification(), train.classes(),
                train.labelColumn() != null ? train.featureNames() : List.of(), train.labelColumn(),
                train.description(), recipe, testAccuracy);
        ModelFiles.save(model, metadata.toMap(), file);
        return file;
    }
}
