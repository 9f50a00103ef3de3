package dev.vecmlp.bench.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Gradients;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.train.Trainer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What the training loop costs beyond the kernels: one epoch of {@code Trainer.fit} at default
 * settings (shuffle, batch copies, the gradient-norm guard, running metrics, health checks
 * every 50 steps, listeners) against the same number of bare steps
 * ({@code computeGradients} + SGD update) on batches prepared beforehand. The overhead is
 * {@code trainerEpoch / kernelsOnlyEpoch - 1}.
 *
 * <p>Model {@code mnist} 784-256-128-10 (ReLU, softmax+CE), batch 64, 8192 synthetic rows
 * (128 steps per epoch); the backend is the process default ({@code -Dvecmlp.backend=...}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainingOverheadBenchmark {
    private static final int ROWS = 8192;
    private static final int IN = 784;
    private static final int CLASSES = 10;

    @Param({"64"})
    public int batch;

    private DataSet data;
    private Mlp model;
    private Trainer trainer;
    private float[][] xBatches;
    private float[][] yBatches;
    private Workspace workspace;
    private Gradients gradients;
    private Sgd sgd;
    private Kernels kernels;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[ROWS * IN];
        int[] labels = new int[ROWS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        for (int r = 0; r < ROWS; r++) {
            labels[r] = random.nextInt(CLASSES);
        }
        data = DataSet.ofClasses(x, IN, labels, CLASSES);
        model = Mlp.builder(IN).hidden(256, Activation.RELU).hidden(128, Activation.RELU)
                .output(CLASSES, Activation.SOFTMAX).seed(3).kernels(Backends.defaultKernels()).build();
        kernels = model.kernels();
        trainer = Trainer.builder().learningRate(0.01).batchSize(batch).epochs(1).seed(5)
                .listener(report -> { }).build();
        int steps = ROWS / batch;
        xBatches = new float[steps][batch * IN];
        yBatches = new float[steps][batch * CLASSES];
        for (int s = 0; s < steps; s++) {
            System.arraycopy(data.features(), s * batch * IN, xBatches[s], 0, batch * IN);
            System.arraycopy(data.targets(), s * batch * CLASSES, yBatches[s], 0, batch * CLASSES);
        }
        workspace = model.newWorkspace(batch);
        gradients = model.newGradients();
        sgd = new Sgd(0.01);
    }

    /** One epoch through the trainer at default settings. */
    @Benchmark
    public Object trainerEpoch() {
        return trainer.fit(model, data);
    }

    /** The same steps with nothing but the kernels' work (and the model's input checks). */
    @Benchmark
    public double kernelsOnlyEpoch() {
        double sum = 0;
        float[] params = model.parameters();
        float[] g = gradients.values();
        for (int s = 0; s < xBatches.length; s++) {
            sum += model.computeGradients(workspace, xBatches[s], 0, yBatches[s], 0, batch, gradients);
            sgd.update(kernels, params, g, g.length, 0.01f);
        }
        return sum;
    }

    /** The non-finite guard's share: one gradient-norm pass per step, for an epoch's steps. */
    @Benchmark
    public double gradientNormPasses() {
        double sum = 0;
        float[] g = gradients.values();
        for (int s = 0; s < xBatches.length; s++) {
            sum += kernels.sumOfSquares(g.length, g, 0);
        }
        return sum;
    }
}
