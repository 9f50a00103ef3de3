package dev.vecmlp.cli;

import dev.vecmlp.cli.data.BuiltinData;
import dev.vecmlp.cli.data.DataLoader;
import dev.vecmlp.cli.data.LoadProgress;
import dev.vecmlp.cli.data.MnistDirectory;
import dev.vecmlp.cli.data.Table;
import dev.vecmlp.cli.report.SystemInfo;
import dev.vecmlp.cli.run.Architecture;
import dev.vecmlp.cli.run.TrainingRun;
import dev.vecmlp.cli.text.Durations;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.optim.Momentum;
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
 * {@code vecmlp demo}: the main job of the README. On Fashion-MNIST (when Debian's
 * {@code dataset-fashion-mnist} is installed) it trains the canonical {@code mnist} network,
 * 784-256-128-10 with ReLU and softmax + cross-entropy, in batches of 64, with the library's best
 * short recipe: Nesterov momentum (lr 0.05, momentum 0.9) and a cosine schedule over the run
 * without warm-up; otherwise it trains a 2-64-64-3 network on built-in spirals the same way.
 * Either way it shows the progress bar and epoch summaries, writes the charts and reports what
 * it did.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train the mnist network (784-256-128-10, ReLU, softmax + cross-entropy, Nesterov momentum "
                + "lr 0.05 with a cosine schedule, batch 64) on Fashion-MNIST when it is installed, otherwise a small "
                + "network on built-in spirals.",
                "Fashion-MNIST: apt-get install dataset-fashion-mnist (files in " + "/usr/share/datasets/fashion-mnist)."})
final class DemoCommand implements Callable<Integer> {
    /** Epochs when none are asked for: a few on Fashion-MNIST, enough to learn the spirals. */
    static final int FASHION_EPOCHS = 3;
    static final int SPIRAL_EPOCHS = 100;
    /** The recipe: Nesterov momentum at this rate, annealed by a cosine to 1% over the run. */
    static final double LEARNING_RATE = 0.05;
    static final double MOMENTUM = 0.9;

    @Spec
    CommandSpec spec;

    @Option(names = "--epochs", paramLabel = "N",
            description = "Epochs (default: " + FASHION_EPOCHS + " on Fashion-MNIST, " + SPIRAL_EPOCHS + " on the spirals).")
    Integer epochs;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "/usr/share/datasets/fashion-mnist",
            description = "MNIST-style IDX directory (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--builtin", description = "Use the built-in spirals even when Fashion-MNIST is installed.")
    boolean builtin;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "vecmlp-demo",
            description = "Directory for the charts and the model (default: ${DEFAULT-VALUE}).")
    Path outDir;

    @Mixin
    ProgressOptions progress;

    @Mixin
    KernelOptions kernelOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (epochs != null && epochs <= 0) {
            throw new ParameterException(spec.commandLine(), "--epochs: expected a whole number > 0, found " + epochs);
        }
        Kernels kernels = kernelOptions.kernels();
        PathChecks.writableDirectory("--out", outDir);
        boolean fashion = !builtin && MnistDirectory.isPresent(dataDir);
        LoadProgress loading = new LoadProgress(err, progress.enabled());
        Table train;
        Table test;
        Architecture architecture;
        int batch;
        int epochCount;
        String dataName;
        if (fashion) {
            MnistDirectory dir = MnistDirectory.in(dataDir);
            train = DataLoader.load(dir.trainImages(), dir.trainLabels(), null, 10, loading, err)
                    .withClasses(MnistDirectory.FASHION_CLASSES);
            test = DataLoader.load(dir.testImages(), dir.testLabels(), null, 10, loading, err);
            architecture = Architecture.parse("256:relu,128:relu", "softmax");
            batch = 64;
            epochCount = epochs != null ? epochs : FASHION_EPOCHS;
            dataName = "Fashion-MNIST from " + dataDir + " (" + train.data().rows() + " training, "
                    + test.data().rows() + " test images of 28x28)";
        } else {
            train = BuiltinData.spirals(300, 1);
            test = BuiltinData.spirals(100, 2);
            architecture = Architecture.parse("64:relu,64:relu", "softmax");
            batch = 32;
            epochCount = epochs != null ? epochs : SPIRAL_EPOCHS;
            dataName = train.description() + ", test on " + test.data().rows() + " fresh points"
                    + (builtin ? "" : " (Fashion-MNIST not found in " + dataDir
                    + "; apt-get install dataset-fashion-mnist to train on it)");
        }
        long seed = 42;
        Mlp model = architecture.build(train.data().featureWidth(), train.data().targetWidth(), seed, kernels);
        TrainingRun.Settings settings = TrainingRun.Settings.of(new Momentum(LEARNING_RATE, MOMENTUM, true, 0),
                epochCount, batch, seed, progress.enabled()).withSchedule(LearningRateSchedule.cosine(0, epochCount, 0.01));
        out.println("vecmlp demo");
        out.println("data:      " + dataName);
        out.println("model:     " + Architecture.describe(model));
        out.println("training:  " + settings.describe());
        out.println("backend:   " + KernelOptions.describe(kernels) + " on " + SystemInfo.cpuModel() + ", Java "
                + Runtime.version().feature());
        out.flush();

        TrainingRun.Result result = TrainingRun.run(model, train.data(), test.data(), "test", true, settings, out, err);

        // The last epoch's summary already measured the final model on the test set.
        double testAccuracy = result.last().heldOutAccuracy();
        double testLoss = result.last().heldOutLoss();
        String charts = PathChecks.guard("--out", outDir, () -> RunOutputs.writeCharts(model, result, "test", true, outDir));
        Table trained = train;
        Path modelPath = PathChecks.guard("--out", outDir, () -> RunOutputs.saveModel(model, trained,
                settings.describe(), testAccuracy, outDir.resolve("model.vmlp")));
        out.println();
        out.println("what the demo did");
        out.println("  data:           " + (fashion ? "Fashion-MNIST" : "built-in spirals") + ", "
                + train.data().rows() + " training and " + test.data().rows() + " test samples");
        out.println("  network:        " + Architecture.describe(model));
        out.println("  backend:        " + KernelOptions.describe(kernels));
        out.println(String.format(Locale.ROOT, "  time:           %s per epoch (median; %.0f samples/s), first epoch "
                        + "%s with JIT warm-up, %s for %s, each with a test-set evaluation",
                Durations.seconds(result.medianSecondsPerEpoch()), train.data().rows() / result.medianSecondsPerEpoch(),
                Durations.seconds(result.history().get(0).seconds()), Durations.seconds(result.trainingSeconds()),
                epochs(epochCount)));
        out.println(String.format(Locale.ROOT, "  test accuracy:  %.2f%% (loss %.4f)", 100 * testAccuracy, testLoss));
        out.println("  charts:         " + charts);
        out.println("  model:          " + modelPath + (fashion ? "  (try: ./vecmlp evaluate --model " + modelPath
                + " --idx-dir " + dataDir + ")" : ""));
        out.flush();
        return 0;
    }

    static String epochs(int n) {
        return n + (n == 1 ? " epoch" : " epochs");
    }
}
