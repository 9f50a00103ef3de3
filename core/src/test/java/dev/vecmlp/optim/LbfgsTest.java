package dev.vecmlp.optim;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.io.Checkpoint;
import dev.vecmlp.io.Checkpoints;
import dev.vecmlp.io.ModelFormatException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.train.Evaluation;
import dev.vecmlp.train.Trainer;
import dev.vecmlp.train.TrainingResult;
import dev.vecmlp.train.TrainingStep;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * L-BFGS: the line search and two-loop recursion on the Rosenbrock function; on convex problems
 * (linear least squares, logistic regression with one linear layer) the same optimum as plain
 * full-batch gradient descent in far fewer iterations; a small MLP trained well; and a run
 * resumed from a checkpoint that ends bit-identical to the uninterrupted one.
 */
class LbfgsTest {
    /** Iteration counts measured by the tests, printed for the record. */
    private static final System.Logger LOG = System.getLogger(LbfgsTest.class.getName());

    @Test
    void minimisesRosenbrockFromTheClassicStart() {
        Lbfgs solver = Lbfgs.builder().history(5).gradientTolerance(1e-4).lossTolerance(0).build();
        float[] x = {-1.2f, 1f};
        Lbfgs.Objective rosenbrock = (p, g) -> {
            double a = p[0];
            double b = p[1];
            g[0] = (float) (-2 * (1 - a) - 400 * a * (b - a * a));
            g[1] = (float) (200 * (b - a * a));
            return (1 - a) * (1 - a) + 100 * (b - a * a) * (b - a * a);
        };
        Lbfgs.Status status = solver.minimize(rosenbrock, x, 200);
        assertEquals(Lbfgs.Status.GRADIENT_TOLERANCE, status);
        assertEquals(1.0, x[0], 1e-3);
        assertEquals(1.0, x[1], 2e-3);
        assertTrue(solver.iterations() < 60, "iterations " + solver.iterations());
        LOG.log(System.Logger.Level.INFO, "Rosenbrock: {0} iterations, {1} evaluations", solver.iterations(),
                solver.evaluations());
    }

    @Test
    void cubicInterpolationFindsTheMinimumOfACubic() {
        // f(t) = (t - 2)^2 sampled at 0 and 3: the cubic through them is the parabola, minimum at 2.
        double t = Lbfgs.cubicMinimum(0, 4, -4, 3, 1, 2, 0, 3);
        assertEquals(2.0, t, 1e-12);
        assertEquals(1.0, Lbfgs.cubicMinimum(0, 4, -4, 3, 1, 2, 0, 1), 0, "clamped to the interval");
    }

    @Test
    void aNonFiniteStartIsRefusedAndNonFiniteTrialsShrinkTheStep() {
        Lbfgs solver = Lbfgs.withDefaults();
        assertThrows(IllegalArgumentException.class, () -> solver.iterate((p, g) -> Double.NaN, new float[]{1}));
        // exp(x) overflows float beyond 88: a long first step must back off, never leave x non-finite.
        Lbfgs second = Lbfgs.builder().gradientTolerance(1e-3).build();
        float[] x = {80};
        second.minimize((p, g) -> {
            double v = Math.exp(p[0]) + 0.5 * p[0] * p[0];
            g[0] = (float) (Math.exp(p[0]) + p[0]);
            return Float.isFinite(g[0]) ? v : Double.POSITIVE_INFINITY;
        }, x, 100);
        assertTrue(Float.isFinite(x[0]));
        assertEquals(-0.5671, x[0], 1e-2); // the root of e^x + x
    }

    /** Linear least squares with badly scaled features (condition number ~ 50), the optimum solved exactly. */
    @Test
    void linearRegressionReachesTheLeastSquaresOptimumInFarFewerIterationsThanGradientDescent() {
        int rows = 300;
        int in = 5;
        SplittableRandom random = new SplittableRandom(1);
        float[] x = new float[rows * in];
        float[] y = new float[rows];
        double[] truth = {1.5, -2, 0.5, 3, -1};
        for (int r = 0; r < rows; r++) {
            double t = 0.7;
            for (int j = 0; j < in; j++) {
                double v = random.nextGaussian() * (1 + 1.5 * j) + (j == 0 ? 1 : 0);
                x[r * in + j] = (float) v;
                t += truth[j] * v;
            }
            y[r] = (float) (t + 0.3 * random.nextGaussian());
        }
        DataSet data = DataSet.of(x, in, y, 1);
        double[] optimum = leastSquares(x, y, rows, in);
        double optimalLoss = mse(optimum, x, y, rows, in);

        Mlp lbfgsModel = Mlp.builder(in).output(1, Activation.LINEAR).seed(2).kernels(Backends.reference()).build();
        Mlp gdModel = lbfgsModel.copy();
        TrainingResult result = Trainer.builder().lbfgs(Lbfgs.builder().gradientTolerance(1e-5).build())
                .epochs(200).health(null).build().train(lbfgsModel, data);
        long lbfgsIterations = result.steps();
        assertTrue(result.stoppedEarly(), "L-BFGS converged before the iteration limit");

        // Plain full-batch gradient descent at a stable rate for this problem (1 / the largest curvature, about 100), until as close.
        double target = optimalLoss * (1 + 1e-5);
        TrainingStep step = new TrainingStep(gdModel, new Sgd(0.01), rows);
        long gdIterations = 0;
        while (gdIterations < 100_000) {
            double loss = step.step(x, 0, y, 0, rows);
            if (loss <= target) {
                break;
            }
            gdIterations++;
        }
        double lbfgsLoss = Evaluation.loss(lbfgsModel, data);
        assertEquals(optimalLoss, lbfgsLoss, 1e-5 * optimalLoss, "L-BFGS loss vs the least-squares optimum");
        assertTrue(gdIterations < 100_000, "gradient descent converged");
        for (int j = 0; j < in; j++) {
            assertEquals(optimum[j], lbfgsModel.parameters()[j], 1e-3, "L-BFGS weight " + j);
            assertEquals(optimum[j], gdModel.parameters()[j], 1e-2, "GD weight " + j);
        }
        assertEquals(optimum[in], lbfgsModel.parameters()[in], 1e-3, "L-BFGS bias");
        assertTrue(lbfgsIterations * 20 < gdIterations, "L-BFGS " + lbfgsIterations + " iterations vs GD " + gdIterations);
        LOG.log(System.Logger.Level.INFO, "linear regression: L-BFGS {0} iterations, gradient descent {1}",
                lbfgsIterations, gdIterations);
    }

    @Test
    void logisticRegressionReachesTheSameOptimumAsGradientDescentInFarFewerIterations() {
        int rows = 400;
        int in = 4;
        SplittableRandom random = new SplittableRandom(3);
        float[] x = new float[rows * in];
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            double t = -0.5;
            for (int j = 0; j < in; j++) {
                double v = random.nextGaussian() * (1 + j);
                x[r * in + j] = (float) v;
                t += (j % 2 == 0 ? 0.8 : -0.4) * v;
            }
            y[r] = random.nextDouble() < 1 / (1 + Math.exp(-t)) ? 1 : 0; // noisy labels: a finite optimum
        }
        DataSet data = DataSet.of(x, in, y, 1);
        Mlp lbfgsModel = Mlp.builder(in).output(1, Activation.SIGMOID).seed(4).kernels(Backends.reference()).build();
        Mlp gdModel = lbfgsModel.copy();
        TrainingResult result = Trainer.builder().lbfgs(Lbfgs.builder().gradientTolerance(1e-6).lossTolerance(0).build())
                .epochs(300).health(null).build().train(lbfgsModel, data);
        double best = Evaluation.loss(lbfgsModel, data);
        TrainingStep step = new TrainingStep(gdModel, new Sgd(0.05), rows);
        long gdIterations = 0;
        while (gdIterations < 200_000 && step.step(x, 0, y, 0, rows) > best + 1e-6) {
            gdIterations++;
        }
        assertTrue(gdIterations < 200_000, "gradient descent reached the L-BFGS loss");
        for (int i = 0; i < lbfgsModel.parameterCount(); i++) {
            assertEquals(lbfgsModel.parameters()[i], gdModel.parameters()[i], 2e-2, "parameter " + i);
        }
        assertTrue(result.steps() * 20 < gdIterations, "L-BFGS " + result.steps() + " vs GD " + gdIterations);
        LOG.log(System.Logger.Level.INFO, "logistic regression: L-BFGS {0} iterations, gradient descent {1}",
                result.steps(), gdIterations);
    }

    @Test
    void trainsASmallMlpWellAndBetterThanGradientDescentInAsManyIterations() {
        DataSet data = spirals(100, 5);
        Mlp model = Mlp.builder(2).hidden(16, Activation.TANH).hidden(16, Activation.TANH)
                .output(2, Activation.SOFTMAX).seed(7).build();
        Mlp gd = model.copy();
        double initial = Evaluation.loss(model, data);
        TrainingResult result = Trainer.builder().lbfgs(Lbfgs.withDefaults()).epochs(300).health(null).build()
                .train(model, data);
        double after = Evaluation.loss(model, data);
        Trainer.builder().optimizer(new Sgd(0.5)).batchSize(data.rows()).shuffle(false).epochs((int) result.steps())
                .health(null).build().fit(gd, data);
        double gdAfter = Evaluation.loss(gd, data);
        assertTrue(after < initial / 10, "loss " + initial + " -> " + after);
        assertTrue(after < gdAfter / 3, "L-BFGS " + after + " vs GD " + gdAfter + " after " + result.steps() + " iterations");
        assertTrue(Evaluation.accuracy(model, data) > 0.95, "accuracy " + Evaluation.accuracy(model, data));
        LOG.log(System.Logger.Level.INFO, "spirals MLP: loss {0} -> {1} in {2} L-BFGS iterations (GD: {3})",
                String.valueOf(initial), String.valueOf(after), result.steps(), String.valueOf(gdAfter));
    }

    @Test
    void aResumedRunEndsBitIdenticalToTheUninterruptedOne() throws ModelFormatException {
        DataSet data = spirals(100, 9);
        Mlp base = Mlp.builder(2).hidden(8, Activation.TANH).output(2, Activation.SOFTMAX).seed(1).build();
        Mlp whole = base.copy();
        Mlp firstHalf = base.copy();
        Trainer.Builder b = Trainer.builder().lbfgs(Lbfgs.builder().history(4).lossTolerance(0).gradientTolerance(0)
                .build()).health(null);
        b.epochs(12).build().fit(whole, data);
        List<byte[]> saved = new ArrayList<>();
        Trainer.builder().lbfgs(Lbfgs.builder().history(4).lossTolerance(0).gradientTolerance(0).build()).health(null)
                .epochs(6).checkpoints((m, r) -> saved.add(Checkpoints.toBytes(m, r)), 6).build().fit(firstHalf, data);
        Checkpoint checkpoint = Checkpoints.fromBytes(saved.get(0));
        assertEquals("lbfgs", checkpoint.resume().optimizerState().kind());
        assertEquals(8, checkpoint.resume().optimizerState().arrays().size(), "4 pairs of history");
        Mlp resumed = checkpoint.model();
        resumed.useKernels(base.kernels());
        b.epochs(12).build().fit(resumed, data, checkpoint.resume());
        assertArrayEquals(whole.parameters(), resumed.parameters());
    }

    @Test
    void clippingIsRefusedWithLbfgs() {
        assertThrows(dev.vecmlp.errors.InvalidConfigurationException.class,
                () -> Trainer.builder().lbfgs(Lbfgs.withDefaults()).clipNorm(1).build());
    }

    static DataSet spirals(int perClass, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[perClass * 2 * 2];
        int[] labels = new int[perClass * 2];
        for (int i = 0; i < perClass; i++) {
            double r = (double) i / perClass * 5 + 0.5;
            double t = 1.75 * i / perClass * 2 * Math.PI;
            for (int c = 0; c < 2; c++) {
                int row = i * 2 + c;
                double angle = t + c * Math.PI;
                x[row * 2] = (float) (r * Math.cos(angle) / 5 + 0.02 * random.nextGaussian());
                x[row * 2 + 1] = (float) (r * Math.sin(angle) / 5 + 0.02 * random.nextGaussian());
                labels[row] = c;
            }
        }
        return DataSet.ofClasses(x, 2, labels, 2);
    }

    private static double[] leastSquares(float[] x, float[] y, int rows, int in) {
        int n = in + 1;
        double[][] a = new double[n][n + 1];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                double xi = i < in ? x[r * in + i] : 1;
                for (int j = 0; j < n; j++) {
                    a[i][j] += xi * (j < in ? x[r * in + j] : 1);
                }
                a[i][n] += xi * y[r];
            }
        }
        for (int c = 0; c < n; c++) {
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int k = c; k <= n; k++) {
                    a[r][k] -= f * a[c][k];
                }
            }
        }
        double[] w = new double[n];
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int k = r + 1; k < n; k++) {
                s -= a[r][k] * w[k];
            }
            w[r] = s / a[r][r];
        }
        return w;
    }

    private static double mse(double[] w, float[] x, float[] y, int rows, int in) {
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            double t = w[in];
            for (int j = 0; j < in; j++) {
                t += w[j] * x[r * in + j];
            }
            sum += (t - y[r]) * (t - y[r]);
        }
        return sum / rows;
    }
}
