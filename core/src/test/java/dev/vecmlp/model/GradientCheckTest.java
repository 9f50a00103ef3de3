package dev.vecmlp.model;

import dev.vecmlp.kernel.Backends;
import dev.vecmlp.train.LabelSmoothing;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient checks: for every hidden activation x every output activation and
 * loss that go together x depth 1 to 4 x batch 1 and 7, each analytic gradient of the reference
 * backend matches a central difference of the loss, computed in double precision by
 * {@link DoubleMlp}, an independent double-precision forward pass.
 */
class GradientCheckTest {

    /** The (output activation, loss) pairs the library allows. */
    static final Object[][] HEADS = {
            {Activation.LINEAR, Loss.MSE},
            {Activation.SIGMOID, Loss.MSE},
            {Activation.TANH, Loss.MSE},
            {Activation.RELU, Loss.MSE},
            {Activation.SOFTMAX, Loss.CROSS_ENTROPY},
            {Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY},
            {Activation.GELU, Loss.MSE},
            {Activation.SOFTPLUS, Loss.MSE},
            {Activation.ELU, Loss.MSE},
    };

    static final Activation[] HIDDEN = {Activation.LINEAR, Activation.RELU, Activation.SIGMOID, Activation.TANH,
            Activation.LEAKY_RELU, Activation.GELU, Activation.ELU, Activation.SILU, Activation.SOFTPLUS};

    @TestFactory
    List<DynamicTest> analyticGradientsMatchCentralDifferences() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Object[] head : HEADS) {
            for (Activation hidden : HIDDEN) {
                for (int depth = 1; depth <= 4; depth++) {
                    for (int batch : new int[]{1, 7}) {
                        Activation out = (Activation) head[0];
                        Loss loss = (Loss) head[1];
                        int d = depth;
                        tests.add(DynamicTest.dynamicTest(hidden + " hidden, " + out + "+" + loss + ", depth " + depth
                                + ", batch " + batch, () -> check(hidden, out, loss, d, batch)));
                    }
                }
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> parameterisedAndDropoutGradientsMatchCentralDifferences() {
        List<DynamicTest> tests = new ArrayList<>();
        Object[][] hidden = {{Activation.LEAKY_RELU, 0.2}, {Activation.ELU, 0.7}, {Activation.GELU, 0.0}, {Activation.RELU, 0.0}};
        for (Object[] h : hidden) {
            for (double dropout : new double[]{0, 0.4}) {
                for (int depth = 2; depth <= 3; depth++) {
                    Activation a = (Activation) h[0];
                    double parameter = (Double) h[1];
                    int d = depth;
                    tests.add(DynamicTest.dynamicTest(a + "(" + parameter + ") hidden, dropout " + dropout + ", depth " + depth,
                            () -> check(a, parameter, dropout, Activation.SOFTMAX, Loss.CROSS_ENTROPY, d, 7)));
                }
            }
        }
        return tests;
    }

    /**
     * Label smoothing: the gradient the model computes on the smoothed targets
     * ({@link LabelSmoothing#apply}) matches a central difference of the smoothed loss, formed
     * independently as {@code (1 - eps) CE(y) + eps CE(uniform)} from the one-hot targets.
     */
    @TestFactory
    List<DynamicTest> labelSmoothedCrossEntropyGradientsMatchCentralDifferences() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Activation hidden : new Activation[]{Activation.RELU, Activation.TANH, Activation.GELU}) {
            for (double eps : new double[]{0.1, 0.4}) {
                for (int batch : new int[]{1, 7}) {
                    tests.add(DynamicTest.dynamicTest(hidden + " hidden, label smoothing " + eps + ", batch " + batch,
                            () -> checkSmoothed(hidden, eps, batch)));
                }
            }
        }
        return tests;
    }

    static void checkSmoothed(Activation hidden, double eps, int batch) {
        SplittableRandom random = new SplittableRandom(batch * 13L + (long) (eps * 10));
        int in = 4;
        int classes = 3;
        Mlp mlp = Mlp.builder(in).hidden(5, hidden).hidden(4, hidden).output(classes, Activation.SOFTMAX)
                .initializer(Initializer.XAVIER_NORMAL).seed(batch).kernels(Backends.reference()).build();
        DoubleMlp exact = new DoubleMlp(mlp);
        float[] x = new float[batch * in];
        do {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() * 2 - 1);
            }
        } while (exact.minAbsPreActivation(x, batch) < 1e-4);
        float[] y = targets(Loss.CROSS_ENTROPY, batch, classes, random);
        float[] smoothed = y.clone();
        LabelSmoothing.apply(eps, smoothed, 0, batch, classes);
        float[] uniform = new float[y.length];
        java.util.Arrays.fill(uniform, 1f / classes);
        Gradients g = mlp.gradients(x, smoothed, batch);
        double[] theta = exact.parameters();
        double h = 1e-6;
        for (int i = 0; i < theta.length; i++) {
            double saved = theta[i];
            theta[i] = saved + h;
            double plus = (1 - eps) * exact.loss(x, y, batch) + eps * exact.loss(x, uniform, batch);
            theta[i] = saved - h;
            double minus = (1 - eps) * exact.loss(x, y, batch) + eps * exact.loss(x, uniform, batch);
            theta[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            double analytic = g.values()[i];
            assertTrue(Math.abs(numeric - analytic) <= 1e-4 + 2e-3 * Math.abs(numeric), "parameter " + i + ": analytic "
                    + analytic + " vs numeric " + numeric);
        }
    }

    static void check(Activation hidden, Activation outAct, Loss loss, int depth, int batch) {
        check(hidden, hidden.defaultParameter(), 0, outAct, loss, depth, batch);
    }

    /**
     * The check with a hidden activation parameter and dropout: with dropout the analytic
     * gradient is the training one ({@link Mlp#computeTrainingGradients}) and the numeric one
     * differentiates the loss under the same masks, read back from the workspace.
     */
    static void check(Activation hidden, double parameter, double dropout, Activation outAct, Loss loss, int depth,
                      int batch) {
        SplittableRandom random = new SplittableRandom(depth * 31L + batch);
        int in = 4;
        int outWidth = 3;
        Mlp.Builder builder = Mlp.builder(in);
        for (int l = 0; l < depth - 1; l++) {
            builder.hidden(5 - (l % 2), hidden, parameter);
            if (dropout > 0) {
                builder.dropout(dropout);
            }
        }
        Mlp mlp = builder.output(outWidth, outAct).loss(loss).initializer(Initializer.XAVIER_NORMAL)
                .seed(depth).kernels(Backends.reference()).build();
        // Biases away from zero so their gradients are exercised too.
        float[] p = mlp.parameters();
        for (Dense dl : mlp.layers()) {
            for (int j = 0; j < dl.outputs(); j++) {
                p[dl.biasOffset() + j] = (float) (random.nextDouble() - 0.5) * 0.4f;
            }
        }
        DoubleMlp exact = new DoubleMlp(mlp);
        float[] x = new float[batch * in];
        // Draw inputs until no pre-activation sits within reach of a kink (ReLU at 0), where a
        // difference quotient would straddle two slopes; a handful of draws always suffices.
        int draws = 0;
        do {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextDouble() * 2 - 1);
            }
            assertTrue(++draws < 100, "could not draw inputs away from the ReLU kink");
        } while (exact.minAbsPreActivation(x, batch) < 1e-4);
        float[] y = targets(loss, batch, outWidth, random);
        Gradients g;
        if (dropout > 0) {
            Workspace ws = mlp.newWorkspace(batch);
            g = mlp.newGradients();
            mlp.computeTrainingGradients(ws, x, 0, y, 0, batch, g, 17, 3);
            float[][] masks = new float[mlp.layerCount()][];
            int dropped = 0;
            for (int l = 0; l < masks.length; l++) {
                if (ws.masks[l] != null) {
                    masks[l] = ws.masks[l].clone();
                    for (float m : masks[l]) {
                        dropped += m == 0 ? 1 : 0;
                    }
                }
            }
            assertTrue(dropped > 0, "the masks dropped no unit");
            exact.masks(masks);
        } else {
            g = mlp.gradients(x, y, batch);
        }

        double[] theta = exact.parameters();
        double h = 1e-6;
        for (int i = 0; i < theta.length; i++) {
            double saved = theta[i];
            theta[i] = saved + h;
            double plus = exact.loss(x, y, batch);
            theta[i] = saved - h;
            double minus = exact.loss(x, y, batch);
            theta[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            double analytic = g.values()[i];
            double tolerance = 1e-4 + 2e-3 * Math.abs(numeric);
            assertTrue(Math.abs(numeric - analytic) <= tolerance, "parameter " + i + ": analytic " + analytic
                    + " vs numeric " + numeric);
        }
    }

    static float[] targets(Loss loss, int batch, int n, SplittableRandom random) {
        float[] y = new float[batch * n];
        for (int r = 0; r < batch; r++) {
            if (loss == Loss.CROSS_ENTROPY) {
                y[r * n + random.nextInt(n)] = 1f;
            } else {
                for (int j = 0; j < n; j++) {
                    y[r * n + j] = loss == Loss.BINARY_CROSS_ENTROPY ? random.nextInt(2) : (float) random.nextDouble();
                }
            }
        }
        return y;
    }
}
