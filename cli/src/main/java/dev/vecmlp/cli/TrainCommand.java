package dev.vecmlp.cli;

import dev.vecmlp.cli.data.DataLoader;
import dev.vecmlp.cli.data.MnistDirectory;
import dev.vecmlp.cli.data.ScalingChoice;
import dev.vecmlp.cli.data.Table;
import dev.vecmlp.cli.data.WeightOptions;
import dev.vecmlp.cli.run.Architecture;
import dev.vecmlp.cli.run.OptimizerChoice;
import dev.vecmlp.cli.run.ScheduleChoice;
import dev.vecmlp.cli.run.TrainingRun;
import dev.vecmlp.data.CsvReader;
import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.DataSplits;
import dev.vecmlp.data.InputScaling;
import dev.vecmlp.data.TargetScaling;
import dev.vecmlp.train.ClassWeights;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.train.EarlyStopping;
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
 * {@code vecmlp train}: reads training (and optionally test) data, builds the network, trains it
 * with a progress bar and a summary line per epoch, then writes the charts and the model.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a network on IDX or CSV data.",
                "Settings may also come from --config FILE (properties, or JSON when the name ends in .json) "
                        + "with the long option names as keys; options on the command line win."},
        footer = {"", "Examples:",
                "  vecmlp train --idx-dir /usr/share/datasets/fashion-mnist \\",
                "      --layers 256:relu,128:relu --lr 0.1 --batch 64 --epochs 10",
                "  vecmlp train --train iris.csv --label-column species \\",
                "      --layers 16:tanh --epochs 200 --batch 8"})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file (properties or .json).")
    Path config;

    @Option(names = "--idx-dir", paramLabel = "DIR",
            description = "MNIST-style directory with train-/t10k- images and labels (IDX, gzip or not).")
    Path idxDir;

    @Option(names = "--train", paramLabel = "FILE", description = "Training data: CSV, or IDX images with --train-labels.")
    Path train;

    @Option(names = "--train-labels", paramLabel = "FILE", description = "IDX labels of the training images.")
    Path trainLabels;

    @Option(names = "--test", paramLabel = "FILE", description = "Test data: CSV, or IDX images with --test-labels.")
    Path test;

    @Option(names = "--test-labels", paramLabel = "FILE", description = "IDX labels of the test images.")
    Path testLabels;

    @Option(names = "--label-column", paramLabel = "COLUMN", description = "CSV label column: header name or 0-based index.")
    String labelColumn;

    @Option(names = "--task", paramLabel = "TASK", defaultValue = "classification",
            description = "What the CSV label column holds: classification (class labels) or regression "
                    + "(numbers) (default: ${DEFAULT-VALUE}).")
    CsvReader.Task task;

    @Option(names = "--scale", paramLabel = "HOW", defaultValue = "auto",
            description = "Input scaling fitted on the training data: ${COMPLETION-CANDIDATES} (default: auto = "
                    + "none for IDX, standardize for CSV). Saved with the model.")
    ScalingChoice scale;

    @Option(names = "--target-scaling", paramLabel = "HOW", defaultValue = "standardize",
            description = "Regression targets: standardize (fitted on the training rows, saved with the model, "
                    + "predictions mapped back to target units) or none (default: ${DEFAULT-VALUE}; ignored for "
                    + "classification).")
    TargetScalingChoice targetScaling;

    @Option(names = "--weight-column", paramLabel = "NAME",
            description = "CSV column holding a weight per row (finite, > 0), taken out of the features: the loss "
                    + "becomes the weighted mean sum(w l) / sum(w).")
    String weightColumn;

    @Option(names = "--class-weights", paramLabel = "SPEC",
            description = "Class weights: balanced (n / (classes x count), as scikit-learn) or CLASS=WEIGHT,... with "
                    + "the data's class names (others keep 1), multiplied into the sample weights.")
    String classWeights;

    @Option(names = "--validation-split", paramLabel = "SHARE", defaultValue = "0",
            description = "Hold out this share of the training rows for validation (default: 0; the test set, if "
                    + "given, is reported instead).")
    double validationSplit;

    @Option(names = "--layers", paramLabel = "SPEC", defaultValue = "128:relu",
            description = "Hidden layers, WIDTH[:ACTIVATION[(PARAMETER)]][:dropout=P] comma-separated; activations"
                    + " relu, leaky_relu(SLOPE), gelu, silu, elu(ALPHA), softplus, tanh, sigmoid, linear"
                    + " (e.g. 512:gelu:dropout=0.2,256:leaky_relu(0.1); default: ${DEFAULT-VALUE}).")
    String layers;

    @Option(names = "--output", paramLabel = "ACTIVATION",
            description = "Output activation (default: softmax for classification, linear for regression).")
    String output;

    @Option(names = "--optimizer", paramLabel = "NAME", defaultValue = "sgd",
            description = "Optimiser: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; lbfgs: full-batch L-BFGS, "
                    + "one iteration per epoch, --epochs is the iteration limit, --lr, --batch and --schedule unused).")
    OptimizerChoice optimizer;

    @Option(names = "--lr", paramLabel = "RATE", defaultValue = "0.1", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--momentum", paramLabel = "BETA", defaultValue = "0.9",
            description = "Momentum of the momentum and nesterov optimisers (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = "--weight-decay", paramLabel = "LAMBDA", defaultValue = "0",
            description = "Weight decay (L2; decoupled for adamw) (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "constant",
            description = "Learning-rate schedule: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; step: /10 at "
                    + "1/3 and 2/3 of the run; exponential: x0.95 per epoch; cosine: 1 warm-up epoch, then down to 1%%; "
                    + "plateau: halve after 2 epochs without progress).")
    ScheduleChoice schedule;

    @Option(names = "--clip-norm", paramLabel = "NORM", defaultValue = "0",
            description = "Clip the gradient to this global L2 norm (default: 0 = off).")
    double clipNorm;

    @Option(names = "--health-every", paramLabel = "STEPS", defaultValue = "50",
            description = "Check gradient health (per-layer norms, exploding/vanishing verdicts) every this many "
                    + "steps (default: ${DEFAULT-VALUE}; 0 = off).")
    int healthEvery;

    @Option(names = "--early-stopping", paramLabel = "EPOCHS", defaultValue = "0",
            description = "Stop after this many epochs without a better validation loss and keep the best weights "
                    + "(needs --validation-split; default: 0 = off).")
    int earlyStopping;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", paramLabel = "ROWS", defaultValue = "64", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42",
            description = "Seed of the initial weights, shuffling and splits (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "vecmlp-run",
            description = "Directory for the charts and the model (default: ${DEFAULT-VALUE}).")
    Path outDir;

    @Option(names = "--model", paramLabel = "FILE", description = "Where to save the model (default: OUT/model.vmlp).")
    Path modelFile;

    @Option(names = "--no-charts", description = "Do not write the PNG charts.")
    boolean noCharts;

    @Mixin
    ProgressOptions progress;

    @Mixin
    KernelOptions kernelOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkSettings();
        Kernels kernels = kernelOptions.kernels();

        Table trainTable = loadTrain();
        Table testTable = loadTest(trainTable);
        boolean csv = trainLabels == null && idxDir == null;
        if (weightColumn != null) {
            if (!csv) {
                throw usage("--weight-column needs CSV training data (--train FILE with --label-column)");
            }
            trainTable = WeightOptions.takeWeightColumn(trainTable, weightColumn, train.toString());
            if (testTable != null) {
                testTable = WeightOptions.takeWeightColumn(testTable, weightColumn, test.toString());
            }
        }
        ClassWeights weightsOfClasses = null;
        if (classWeights != null) {
            if (!trainTable.classification()) {
                throw usage("--class-weights needs a classification task, found --task regression");
            }
            weightsOfClasses = WeightOptions.parseClassWeights(classWeights, trainTable.classes());
        }
        Architecture architecture = architecture(trainTable);

        DataSet trainData = trainTable.data();
        DataSet heldOut = testTable != null ? testTable.data() : null;
        String heldOutName = "test";
        if (validationSplit > 0) {
            DataSplits.Split split = DataSplits.shuffled(trainData, validationSplit, seed);
            trainData = split.first();
            heldOut = split.second();
            heldOutName = "validation";
        }
        InputScaling scaling = scale.fit(trainData, csv);
        trainData = ScalingChoice.apply(scaling, trainData);
        heldOut = ScalingChoice.apply(scaling, heldOut);

        Mlp model = architecture.build(trainData.featureWidth(), trainData.targetWidth(), seed, kernels);
        model.setInputScaling(scaling);
        DataSet heldOutInTargetUnits = heldOut;
        TargetScaling targets = null;
        if (!trainTable.classification() && targetScaling == TargetScalingChoice.STANDARDIZE) {
            targets = TargetScaling.standardize(trainData);
            trainData = targets.applied(trainData);
            heldOut = heldOut == null ? null : targets.applied(heldOut);
            model.setTargetScaling(targets);
        }
        TrainingRun.Settings settings = new TrainingRun.Settings(optimizer.create(lr, momentum, weightDecay),
                schedule == ScheduleChoice.CONSTANT ? null : schedule.create(epochs), epochs, batch, seed, clipNorm,
                earlyStopping > 0 ? EarlyStopping.onLoss(earlyStopping) : null, healthEvery, progress.enabled())
                .with(optimizer == OptimizerChoice.LBFGS ? OptimizerChoice.lbfgs() : null, weightsOfClasses);

        out.println("data:      " + trainTable.description() + (testTable != null ? "; test " + testTable.description() : ""));
        out.println("model:     " + Architecture.describe(model) + (scaling != null ? ", inputs scaled" : ""));
        out.println("training:  " + settings.describe() + ", " + trainData.rows() + " training rows" + (heldOut != null ? ", " + heldOut.rows() + " " + heldOutName
                + " rows" : ""));
        if (targets != null) {
            out.println(String.format(Locale.ROOT, "targets:   standardised (mean %.4g, std %.4g, fitted on the training rows;"
                    + " losses below are in these units, predictions are mapped back; --target-scaling none to turn"
                    + " off)", targets.mean()[0], targets.std()[0]));
        }
        out.println("backend:   " + KernelOptions.describe(kernels));
        out.flush();

        TrainingRun.Result result = TrainingRun.run(model, trainData, heldOut, heldOutName, trainTable.classification(),
                settings, out, err);

        out.println(String.format(Locale.ROOT, "trained in %.1f s (median %.2f s per epoch)", result.trainingSeconds(),
                result.medianSecondsPerEpoch()));
        Double testAccuracy = null;
        if (testTable != null && trainTable.classification()) {
            testAccuracy = heldOutName.equals("test") ? result.last().heldOutAccuracy()
                    : Evaluation.accuracy(model, ScalingChoice.apply(scaling, testTable.data()));
            out.println(String.format(Locale.ROOT, "test accuracy: %.2f%%", 100 * testAccuracy));
        }
        if (targets != null && heldOutInTargetUnits != null) {
            out.println(String.format(Locale.ROOT, "%s MSE in target units: %.6g", heldOutName,
                    meanSquaredError(model, heldOutInTargetUnits)));
        }
        if (result.training().stoppedEarly()) {
            out.println("stopped early after epoch " + result.last().epoch() + "; kept the weights of epoch "
                    + result.training().bestEpoch());
        }
        if (!noCharts) {
            out.println("charts:    " + RunOutputs.writeCharts(model, result, heldOutName, trainTable.classification(),
                    outDir));
        }
        Path target = modelFile != null ? modelFile : outDir.resolve("model.vmlp");
        String recipe = settings.describe() + ", layers " + layers;
        out.println("model:     " + RunOutputs.saveModel(model, trainTable, recipe, testAccuracy, target));
        out.flush();
        return 0;
    }

    /** What {@code --target-scaling} accepts. */
    enum TargetScalingChoice {
        STANDARDIZE, NONE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Mean squared error of the model's predictions (in target units) on {@code data} (targets in target units). */
    private static double meanSquaredError(Mlp model, DataSet data) {
        float[] predictions = model.predict(data.features(), data.rows());
        double sum = 0;
        for (int i = 0; i < predictions.length; i++) {
            double d = predictions[i] - data.targets()[i];
            sum += d * d;
        }
        return sum / predictions.length;
    }

    private void checkSettings() {
        if (optimizer == OptimizerChoice.LBFGS && (schedule != ScheduleChoice.CONSTANT || clipNorm > 0)) {
            throw usage("--optimizer lbfgs: expected no --schedule and no --clip-norm (its line search chooses each step),"
                    + " found --schedule " + schedule + " and --clip-norm " + clipNorm);
        }
        requirePositive("--epochs", epochs);
        requirePositive("--batch", batch);
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw usage("--lr: expected a finite value > 0, found " + lr);
        }
        if (healthEvery < 0) {
            throw usage("--health-every: expected a step count >= 0, found " + healthEvery);
        }
        if (earlyStopping < 0) {
            throw usage("--early-stopping: expected a patience in epochs >= 0, found " + earlyStopping);
        }
        if (earlyStopping > 0 && validationSplit == 0) {
            throw usage("--early-stopping needs --validation-split (it must not watch the test set)");
        }
        if (clipNorm < 0 || weightDecay < 0 || !(momentum >= 0 && momentum < 1)) {
            throw usage("expected --clip-norm >= 0, --weight-decay >= 0 and --momentum in [0, 1), found " + clipNorm
                    + ", " + weightDecay + " and " + momentum);
        }
        if (validationSplit < 0 || validationSplit >= 1) {
            throw usage("--validation-split: expected a share in [0, 1), found " + validationSplit);
        }
        if (idxDir != null && (train != null || trainLabels != null)) {
            throw usage("give either --idx-dir or --train (with --train-labels for IDX), not both");
        }
        if (idxDir == null && train == null) {
            throw usage("expected training data: --idx-dir DIR, or --train FILE (CSV with --label-column, or IDX "
                    + "images with --train-labels)");
        }
        if (test == null && testLabels != null) {
            throw usage("--test-labels needs --test (the IDX test images)");
        }
    }

    private void requirePositive(String option, int value) {
        if (value <= 0) {
            throw usage(option + ": expected a whole number > 0, found " + value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private Table loadTrain() throws IOException {
        if (idxDir != null) {
            MnistDirectory dir = MnistDirectory.in(idxDir);
            return DataLoader.load(dir.trainImages(), dir.trainLabels(), null, 0);
        }
        if (trainLabels == null && labelColumn == null) {
            throw usage(train + ": a CSV file needs --label-column NAME or INDEX (or give --train-labels for IDX images)");
        }
        return DataLoader.load(train, trainLabels, new DataLoader.CsvSettings(labelColumn, task, null), 0);
    }

    private Table loadTest(Table trainTable) throws IOException {
        if (idxDir != null) {
            MnistDirectory dir = MnistDirectory.in(idxDir);
            return DataLoader.load(dir.testImages(), dir.testLabels(), null, trainTable.classes().size());
        }
        if (test == null) {
            return null;
        }
        Table table = DataLoader.load(test, testLabels, new DataLoader.CsvSettings(labelColumn, task,
                trainTable.classification() ? trainTable.classes() : null), trainTable.classes().size());
        if (table.data().featureWidth() != trainTable.data().featureWidth()) {
            throw new InvalidConfigurationException("test data: expected " + trainTable.data().featureWidth()
                    + " features as in the training data, found " + table.data().featureWidth());
        }
        return table;
    }

    private Architecture architecture(Table trainTable) {
        String out = output != null ? output : trainTable.classification() ? "softmax" : "linear";
        try {
            return Architecture.parse(layers, out);
        } catch (InvalidConfigurationException e) {
            throw usage(e.getMessage());
        }
    }
}
