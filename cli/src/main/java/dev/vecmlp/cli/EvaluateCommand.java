package dev.vecmlp.cli;

import dev.vecmlp.cli.data.DataLoader;
import dev.vecmlp.cli.data.FeatureColumns;
import dev.vecmlp.cli.data.LabelColumn;
import dev.vecmlp.cli.data.LoadProgress;
import dev.vecmlp.cli.data.MnistDirectory;
import dev.vecmlp.cli.data.ModelMetadata;
import dev.vecmlp.cli.data.ScalingChoice;
import dev.vecmlp.cli.data.Table;
import dev.vecmlp.cli.report.ConfusionMatrix;
import dev.vecmlp.data.CsvReader;
import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.ShapeMismatchException;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.train.Evaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code vecmlp evaluate}: a saved model's metrics on a labelled test set: loss and, for
 * classifiers, accuracy and the confusion matrix with per-class precision and recall; for
 * regression, mean squared and mean absolute error.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Report a saved model's loss, accuracy and confusion matrix (or MSE and MAE) on a test set.",
        footer = {"", "Examples:",
                "  ./vecmlp evaluate --model vecmlp-run/model.vmlp \\",
                "      --idx-dir /usr/share/datasets/fashion-mnist",
                "  ./vecmlp evaluate --model iris.vmlp --test iris-test.csv"})
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, description = "The model file (.vmlp, or .onnx).")
    Path modelFile;

    @Option(names = "--idx-dir", paramLabel = "DIR", description = "MNIST-style directory: evaluates on its t10k files.")
    Path idxDir;

    @Option(names = "--test", paramLabel = "FILE", description = "Test data: CSV, or IDX images with --test-labels.")
    Path test;

    @Option(names = "--test-labels", paramLabel = "FILE", description = "IDX labels of the test images.")
    Path testLabels;

    /** The label column (default: the one the model was trained with) and the CSV layout. */
    @Mixin
    CsvOptions csvOptions;

    @Mixin
    KernelOptions kernelOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if ((idxDir == null) == (test == null)) {
            throw new ParameterException(spec.commandLine(), "expected test data: --idx-dir DIR or --test FILE (one of them)");
        }
        PathChecks.readableFile("--model", modelFile);
        PathChecks.directory("--idx-dir", idxDir);
        PathChecks.readableFile("--test", test);
        PathChecks.readableFile("--test-labels", testLabels);
        LoadedModel loaded = LoadedModel.read(modelFile, kernelOptions.kernels());
        ModelMetadata meta = loaded.metadata();
        Table table = load(loaded);
        DataSet data = table.data();
        int k = loaded.model().outputWidth();

        float[] outputs = new float[data.rows() * k];
        Predictor.of(loaded.model()).predictBatch(data.features(), 0, data.rows(), outputs, 0);
        DataSet scaled = ScalingChoice.apply(loaded.model().inputScaling(), data);
        if (loaded.model().targetScaling() != null) {
            // The loss is the network's, in the standardised units it was trained in; MSE and MAE below are in target units.
            scaled = loaded.model().targetScaling().applied(scaled);
        }
        double loss = Evaluation.loss(loaded.model(), scaled);

        out.println("model:    " + loaded.describe());
        out.println("data:     " + table.description());
        out.println("samples:  " + data.rows());
        out.println(String.format(Locale.ROOT, "loss:     %.4f (%s%s)", loss,
                loaded.model().loss().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                loaded.model().targetScaling() != null ? ", on standardised targets" : ""));
        if (meta.classification()) {
            ConfusionMatrix matrix = new ConfusionMatrix(meta.classes());
            for (int r = 0; r < data.rows(); r++) {
                int predicted = k == 1 ? (outputs[r] >= 0.5f ? 1 : 0) : DataSet.argmax(outputs, r * k, k);
                int actual = k == 1 ? (data.targets()[r] >= 0.5f ? 1 : 0) : data.targetClass(r);
                matrix.add(actual, predicted);
            }
            out.println(String.format(Locale.ROOT, "accuracy: %.2f%% (%d of %d)", 100 * matrix.accuracy(),
                    Math.round(matrix.accuracy() * data.rows()), data.rows()));
            out.println();
            matrix.print(out);
        } else {
            double squared = 0;
            double absolute = 0;
            float[] y = data.targets();
            for (int i = 0; i < outputs.length; i++) {
                double d = outputs[i] - y[i];
                squared += d * d;
                absolute += Math.abs(d);
            }
            out.println(String.format(Locale.ROOT, "MSE:      %.6g", squared / outputs.length));
            out.println(String.format(Locale.ROOT, "MAE:      %.6g", absolute / outputs.length));
        }
        out.flush();
        return 0;
    }

    private Table load(LoadedModel loaded) throws IOException {
        ModelMetadata meta = loaded.metadata();
        int inputWidth = loaded.model().inputWidth();
        Table table;
        if (idxDir != null) {
            MnistDirectory dir = MnistDirectory.in(idxDir);
            table = DataLoader.load(dir.testImages(), dir.testLabels(), null, meta.classes().size());
        } else if (testLabels != null) {
            table = DataLoader.load(test, testLabels, null, meta.classes().size());
        } else {
            LabelColumn label = csvOptions.label() != null ? csvOptions.label()
                    : meta.labelColumn() != null ? LabelColumn.named(meta.labelColumn()) : null;
            if (label == null) {
                throw new ParameterException(spec.commandLine(), test + ": the model does not name its label column; "
                        + "give --label-name or --label-index");
            }
            table = DataLoader.load(test, null, new DataLoader.CsvSettings(label,
                    meta.classification() ? CsvReader.Task.CLASSIFICATION : CsvReader.Task.REGRESSION,
                    meta.classification() ? meta.classes() : null, csvOptions.layout()), 0,
                    LoadProgress.silent(), spec.commandLine().getErr());
            if (!meta.featureNames().isEmpty()) {
                DataSet d = table.data();
                float[] x = FeatureColumns.select(table.featureNames(), d.features(), d.rows(), meta.featureNames(), null,
                        inputWidth, test.toString());
                table = table.withData(DataSet.of(x, inputWidth, d.targets(), d.targetWidth()), table.description());
            }
        }
        if (table.data().featureWidth() != inputWidth) {
            throw new ShapeMismatchException("test data: expected " + inputWidth + " features for the model, found "
                    + table.data().featureWidth());
        }
        return table;
    }
}
