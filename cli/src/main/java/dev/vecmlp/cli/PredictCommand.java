package dev.vecmlp.cli;

import dev.vecmlp.cli.data.FeatureColumns;
import dev.vecmlp.cli.data.LabelColumn;
import dev.vecmlp.cli.data.ModelMetadata;
import dev.vecmlp.data.CsvData;
import dev.vecmlp.data.CsvReader;
import dev.vecmlp.data.DataSet;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vecmlp predict}: reads rows of features from CSV, runs the saved model on them and
 * writes one CSV row of predictions per input row: for a classifier the predicted class and
 * each class's probability, for regression the model's outputs. The model's input scaling is
 * applied by the predictor; columns are matched by name when the model knows its feature names.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict with a saved model: CSV of features in, CSV of predictions out.",
        footer = {"", "Example:", "  ./vecmlp predict --model iris.vmlp --input new-flowers.csv --output predictions.csv"})
final class PredictCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "The model file (.vmlp, or .onnx).")
    Path modelFile;

    @Option(names = "--input", paramLabel = "FILE", required = true,
            description = "CSV with a header row; a label column, if present, is ignored.")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", defaultValue = "-",
            description = "Where to write the predictions CSV (default: standard output).")
    String output;

    /** A column to ignore (--label-name / --label-index / --label-column; default: the model's label column) and the CSV layout. */
    @Mixin
    CsvOptions csvOptions;

    @Mixin
    KernelOptions kernelOptions;

    @Override
    public Integer call() throws IOException {
        if (csvOptions.label() != null && csvOptions.label().index() != null && !csvOptions.noHeader) {
            throw new ParameterException(spec.commandLine(), "predict matches input columns by header name: "
                    + "expected --label-name NAME for the column to ignore, found " + csvOptions.label().option());
        }
        PathChecks.readableFile("--model", modelFile);
        PathChecks.readableFile("--input", input);
        if (!output.equals("-")) {
            PathChecks.writableFile("--output", Path.of(output));
        }
        LoadedModel loaded = LoadedModel.read(modelFile, kernelOptions.kernels());
        ModelMetadata meta = loaded.metadata();
        int in = loaded.model().inputWidth();
        int k = loaded.model().outputWidth();
        String ignore = ignoredColumn(meta);
        CsvData data = csvOptions.layout().applyTo(CsvReader.builder()).noLabel()
                .skipColumns(ignore != null ? List.of(ignore) : List.of()).build().read(input);
        float[] x = FeatureColumns.select(data.featureNames(), data.features(), data.rows(), meta.featureNames(), ignore,
                in, input.toString());
        float[] outputs = new float[data.rows() * k];
        Predictor.of(loaded.model()).predictBatch(x, 0, data.rows(), outputs, 0);

        StringBuilder csv = new StringBuilder(data.rows() * (12 + 10 * k));
        List<String> classes = meta.classes();
        if (meta.classification()) {
            csv.append("predicted");
            for (String c : classes) {
                csv.append(',').append(quote("p_" + c));
            }
        } else {
            for (int j = 0; j < k; j++) {
                csv.append(j > 0 ? "," : "").append(k == 1 ? "predicted" : "output_" + j);
            }
        }
        csv.append('\n');
        for (int r = 0; r < data.rows(); r++) {
            if (meta.classification()) {
                int best = k == 1 ? (outputs[r] >= 0.5f ? 1 : 0) : DataSet.argmax(outputs, r * k, k);
                csv.append(quote(classes.get(best)));
                if (k == 1) {
                    csv.append(',').append(format(1 - outputs[r])).append(',').append(format(outputs[r]));
                } else {
                    for (int j = 0; j < k; j++) {
                        csv.append(',').append(format(outputs[r * k + j]));
                    }
                }
            } else {
                for (int j = 0; j < k; j++) {
                    csv.append(j > 0 ? "," : "").append(format(outputs[r * k + j]));
                }
            }
            csv.append('\n');
        }
        if (output.equals("-")) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(csv);
            out.flush();
        } else {
            PathChecks.guard("--output", Path.of(output), () -> {
                AtomicFiles.write(Path.of(output), csv.toString().getBytes(StandardCharsets.UTF_8));
                return null;
            });
            PrintWriter err = spec.commandLine().getErr();
            err.println("wrote " + data.rows() + " predictions to " + output);
            err.flush();
        }
        return 0;
    }

    /** The column to leave out of the features: the one named by the options, else the model's label column. */
    private String ignoredColumn(ModelMetadata meta) {
        LabelColumn label = csvOptions.label();
        if (label == null) {
            return meta.labelColumn();
        }
        if (label.index() != null) {
            return label.index().toString(); // only without a header (checked in call), where names are indices
        }
        return label.name() != null ? label.name() : label.spec();
    }

    private static String format(float value) {
        return String.format(Locale.ROOT, "%.6g", value);
    }

    /** A CSV cell, quoted when it holds a separator, quote or line break. */
    private static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
