package dev.vecmlp.cli;

import dev.vecmlp.cli.data.DataLoader;
import dev.vecmlp.cli.data.LabelColumn;
import dev.vecmlp.cli.data.LoadProgress;
import dev.vecmlp.cli.data.MnistDirectory;
import dev.vecmlp.cli.data.ScalingChoice;
import dev.vecmlp.cli.data.Table;
import dev.vecmlp.cli.data.WeightOptions;
import dev.vecmlp.cli.run.Architecture;
import dev.vecmlp.cli.run.OptimizerChoice;
import dev.vecmlp.cli.run.ScheduleChoice;
import dev.vecmlp.cli.run.TrainingRun;
import dev.vecmlp.cli.text.CliRemedies;
import dev.vecmlp.cli.text.Durations;
import dev.vecmlp.data.CsvReader;
import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.DataSplits;
import dev.vecmlp.data.InputScaling;
import dev.vecmlp.data.TargetScaling;
import dev.vecmlp.train.ClassWeights;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Initializer;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.train.EarlyStopping;
import dev.vecmlp.train.ImageShift;
import dev.vecmlp.train.Evaluation;
import dev.vecmlp.train.TrainingDivergedException;
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
                "  ./vecmlp train --idx-dir /usr/share/datasets/fashion-mnist \\",
                "      --layers 256:relu,128:relu --lr 0.1 --batch 64 --epochs 10",
                "  ./vecmlp train --train iris.csv --label-name species \\",
                "      --layers 16:tanh --epochs 200 --batch 8",
                "  ./vecmlp train --train sklearn/datasets/data/iris.csv --skip-lines 1 --no-header \\",
                "      --label-index 4 --layers 16:tanh --epochs 100 --batch 8"})
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

    @Mixin
    CsvOptions csvOptions;

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

    @Option(names = "--output-activation", paramLabel = "ACTIVATION",
            description = "Output activation (default: softmax for classification, linear for regression).")
    String output;

    /** The old name of --output-activation, kept working (predict's --output is a file). */
    @Option(names = "--output", paramLabel = "ACTIVATION", hidden = true)
    String deprecatedOutput;

    @Option(names = "--init", paramLabel = "NAME", defaultValue = "matched",
            description = "Weight initialisation: matched (He for ReLU, Xavier for sigmoid/tanh/softmax, LeCun for "
                    + "linear), he-uniform, he-normal, xavier-uniform, xavier-normal, lecun-uniform, lecun-normal "
                    + "(default: ${DEFAULT-VALUE}).")
    String init;

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

    @Option(names = "--shift", paramLabel = "PIXELS", defaultValue = "0",
            description = "Data augmentation: shift each training image by a random offset of up to this many pixels"
                    + " in each direction (square single-channel images with unscaled pixels, e.g. IDX with --scale"
                    + " auto or none; default: ${DEFAULT-VALUE} = off).")
    int shift;

    @Option(names = "--label-smoothing", paramLabel = "EPS", defaultValue = "0",
            description = "Label smoothing for classification: train on targets (1 - EPS) one-hot + EPS / classes, in"
                    + " [0, 1) (default: ${DEFAULT-VALUE} = off).")
    double labelSmoothing;

    @Option(names = "--input-dropout", paramLabel = "P", defaultValue = "0",
            description = "Dropout on the inputs in training: each feature of each training row is zeroed with"
                    + " probability P and the others scaled by 1 / (1 - P), in [0, 1) (default: ${DEFAULT-VALUE} = off;"
                    + " hidden layers take :dropout=P in --layers).")
    double inputDropout;

    @Option(names = "--ema", paramLabel = "DECAY", defaultValue = "0",
            description = "Weight averaging: keep an exponential moving average of the weights, a = DECAY a + (1 -"
                    + " DECAY) w after each step, in (0, 1) (e.g. 0.999: about the last 1,000 steps); the held-out"
                    + " figures and the saved model use it (default: ${DEFAULT-VALUE} = off).")
    double ema;

    @Option(names = "--schedule", paramLabel = "NAME", defaultValue = "constant",
            description = "Learning-rate schedule: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}; step: /10 at "
                    + "1/3 and 2/3 of the run; exponential: x0.95 per epoch; cosine: 1 warm-up epoch, then down to 1%%; "
                    + "plateau: halve after 2 epochs without progress).")
    ScheduleChoice schedule;

    @Option(names = "--clip-norm", paramLabel = "NORM", defaultValue = "0",
            description = "Clip the gradient to this global L2 norm (default: 0 = off).")
    double clipNorm;

    @Option(names = "--clip-value", paramLabel = "LIMIT", defaultValue = "0",
            description = "Clamp each gradient element to [-LIMIT, LIMIT] (before --clip-norm) (default: 0 = off).")
    double clipValue;

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
        Initializer initializer = initializer();
        Kernels kernels = kernelOptions.kernels();
        checkPaths();
        LoadProgress loading = new LoadProgress(err, progress.enabled());

        Table trainTable = loadTrain(loading, err);
        Table testTable = loadTest(trainTable, loading, err);
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
        if (labelSmoothing > 0 && !trainTable.classification()) {
            throw usage("--label-smoothing needs a classification task, found --task regression");
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

        Mlp model = architecture.build(trainData.featureWidth(), trainData.targetWidth(), seed, kernels, initializer);
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
                earlyStopping > 0 ? EarlyStopping.onLoss(earlyStopping) : null, healthEvery, progress.enabled(),
                clipValue)
                .with(optimizer == OptimizerChoice.LBFGS ? OptimizerChoice.lbfgs() : null, weightsOfClasses)
                .withRegularisation(imageShift(trainData.featureWidth(), scaling), labelSmoothing)
                .withWeightAveraging(ema).withInputDropout(inputDropout);

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

        TrainingRun.Result result;
        try {
            result = TrainingRun.run(model, trainData, heldOut, heldOutName, trainTable.classification(), settings, out,
                    err);
        } catch (TrainingRun.Diverged d) {
            String charts = "";
            if (!noCharts) {
                // The gradient-norm chart shows where it went wrong; a failure to write it must not hide the divergence.
                try {
                    charts = "; charts of the run so far: " + RunOutputs.writeCharts(model, d.partial(), heldOutName,
                            trainTable.classification(), outDir);
                } catch (IOException | RuntimeException chartFailure) {
                    charts = "";
                }
            }
            TrainingDivergedException e = d.divergence();
            throw new TrainingDivergedException(e.getMessage() + "; " + CliRemedies.afterDivergence(lr, clipNorm, init,
                    !trainTable.classification(), spec.findOption(CliRemedies.TARGET_SCALING_OPTION) != null) + charts,
                    e.step());
        }

        out.println("trained in " + Durations.seconds(result.trainingSeconds()) + " (median "
                + Durations.seconds(result.medianSecondsPerEpoch()) + " per epoch)");
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
            String heldOutLabel = heldOutName;
            TrainingRun.Result trained = result;
            Mlp trainedModel = model;
            boolean classification = trainTable.classification();
            out.println("charts:    " + PathChecks.guard("--out", outDir, () -> RunOutputs.writeCharts(trainedModel,
                    trained, heldOutLabel, classification, outDir)));
        }
        Path target = modelFile != null ? modelFile : outDir.resolve("model.vmlp");
        String recipe = settings.describe() + ", layers " + layers;
        Double accuracy = testAccuracy;
        Mlp savedModel = model;
        Table savedTable = trainTable;
        out.println("model:     " + PathChecks.guard(modelFile != null ? "--model" : "--out", target,
                () -> RunOutputs.saveModel(savedModel, savedTable, recipe, accuracy, target)));
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

    /** The {@code --shift} augmentation for square images of {@code features} pixels, or null when off. */
    private ImageShift imageShift(int features, InputScaling scaling) {
        if (shift == 0) {
            return null;
        }
        if (scaling != null) {
            throw usage("--shift moves pixels between positions, so it needs one scale for all pixels: expected --scale"
                    + " none (or auto with IDX data), found --scale " + scale);
        }
        int side = (int) Math.round(Math.sqrt(features));
        if (side * side != features) {
            throw usage("--shift needs square single-channel images: expected side x side features, found " + features);
        }
        if (shift >= side) {
            throw usage("--shift: expected at most " + (side - 1) + " pixels for " + side + " x " + side + " images, found "
                    + shift);
        }
        return ImageShift.of(side, side, shift);
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
        requireAtLeastZero("--clip-norm", clipNorm);
        requireAtLeastZero("--clip-value", clipValue);
        requireAtLeastZero("--weight-decay", weightDecay);
        if (shift < 0) {
            throw usage("--shift: expected a number of pixels >= 0, found " + shift);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw usage("--label-smoothing: expected a value in [0, 1), found " + labelSmoothing);
        }
        if (labelSmoothing > 0 && optimizer == OptimizerChoice.LBFGS) {
            throw usage("--label-smoothing: expected none with --optimizer lbfgs (full-batch, plain loss), found "
                    + labelSmoothing);
        }
        if (shift > 0 && optimizer == OptimizerChoice.LBFGS) {
            throw usage("--shift: expected no image shift with --optimizer lbfgs (full-batch), found --shift " + shift);
        }
        if (!(inputDropout >= 0 && inputDropout < 1)) {
            throw usage("--input-dropout: expected a rate in [0, 1), found " + inputDropout);
        }
        if (inputDropout > 0 && optimizer == OptimizerChoice.LBFGS) {
            throw usage("--input-dropout: expected none with --optimizer lbfgs (full-batch), found " + inputDropout);
        }
        if (ema != 0 && !(ema > 0 && ema < 1)) {
            throw usage("--ema: expected a decay in (0, 1), e.g. 0.999, or 0 for off, found " + ema);
        }
        if (ema > 0 && optimizer == OptimizerChoice.LBFGS) {
            throw usage("--ema: expected no weight averaging with --optimizer lbfgs (full-batch), found --ema " + ema);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw usage("--momentum: expected a value in [0, 1), found " + momentum);
        }
        if (deprecatedOutput != null) {
            if (output != null) {
                throw usage("give --output-activation only (--output is its old name in train)");
            }
            spec.commandLine().getErr().println("warning: train --output is deprecated: use --output-activation "
                    + deprecatedOutput + " (in predict, --output is the file to write)");
            output = deprecatedOutput;
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

    private void requireAtLeastZero(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw usage(option + ": expected a finite value >= 0, found " + value);
        }
    }

    /** The files and directories the options name, checked before anything is loaded or trained. */
    private void checkPaths() {
        PathChecks.directory("--idx-dir", idxDir);
        PathChecks.readableFile("--train", train);
        PathChecks.readableFile("--train-labels", trainLabels);
        PathChecks.readableFile("--test", test);
        PathChecks.readableFile("--test-labels", testLabels);
        PathChecks.writableDirectory("--out", outDir);
        if (modelFile != null) {
            PathChecks.writableFile("--model", modelFile);
        }
    }

    /** {@code --init}: null for the initialisation matched to each layer's activation. */
    private Initializer initializer() {
        String name = init.trim().toLowerCase(Locale.ROOT);
        if (name.equals("matched")) {
            return null;
        }
        try {
            return Initializer.valueOf(name.replace('-', '_').toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw usage("--init: expected matched, he-uniform, he-normal, xavier-uniform, xavier-normal, lecun-uniform,"
                    + " lecun-normal or zeros, found '" + init + "'");
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

    private Table loadTrain(LoadProgress loading, PrintWriter warnings) throws IOException {
        if (idxDir != null) {
            MnistDirectory dir = MnistDirectory.in(idxDir);
            return DataLoader.load(dir.trainImages(), dir.trainLabels(), null, 0, loading, warnings);
        }
        if (trainLabels == null && csvOptions.label() == null) {
            throw usage(train + ": a CSV file needs its label column: --label-name NAME or --label-index INDEX (or "
                    + "give --train-labels for IDX images)");
        }
        return DataLoader.load(train, trainLabels, new DataLoader.CsvSettings(csvOptions.label(), task, null,
                csvOptions.layout()), 0, loading, warnings);
    }

    private Table loadTest(Table trainTable, LoadProgress loading, PrintWriter warnings) throws IOException {
        if (idxDir != null) {
            MnistDirectory dir = MnistDirectory.in(idxDir);
            return DataLoader.load(dir.testImages(), dir.testLabels(), null, trainTable.classes().size(), loading,
                    warnings);
        }
        if (test == null) {
            return null;
        }
        // The test file's label is the column the training file's label resolved to, by name.
        LabelColumn label = trainTable.labelColumn() != null ? LabelColumn.named(trainTable.labelColumn()) : null;
        Table table = DataLoader.load(test, testLabels, new DataLoader.CsvSettings(label, task,
                trainTable.classification() ? trainTable.classes() : null, csvOptions.layout()),
                trainTable.classes().size(), loading, warnings);
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
