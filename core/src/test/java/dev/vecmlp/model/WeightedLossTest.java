package dev.vecmlp.model;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weighted losses {@code sum_i w_i l_i / sum_i w_i}: the analytic gradients match central
 * differences of an independent double-precision weighted loss for MSE, cross-entropy and
 * binary cross-entropy; integer weights equal repeating rows on every core backend; bad
 * weights are refused with the sample's index.
 */
class WeightedLossTest {

    @TestFactory
    List<DynamicTest> weightedGradientsMatchCentralDifferences() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Object[] head : GradientCheckTest.HEADS) {
            for (int depth = 1; depth <= 3; depth++) {
                Activation out = (Activation) head[0];
                Loss loss = (Loss) head[1];
                int d = depth;
                tests.add(DynamicTest.dynamicTest(out + "+" + loss + ", depth " + depth, () -> check(out, loss, d)));
            }
        }
        return tests;
    }

    private static void check(Activation outAct, Loss loss, int depth) {
        SplittableRandom random = new SplittableRandom(depth * 17L + loss.ordinal());
        int in = 4;
        int outWidth = 3;
        int batch = 6;
        Mlp.Builder builder = Mlp.builder(in);
        for (int l = 0; l < depth - 1; l++) {
            builder.hidden(5, Activation.TANH);
        }
        Mlp mlp = builder.output(outWidth, outAct).loss(loss).initializer(Initializer.XAVIER_NORMAL)
                .seed(depth).kernels(Backends.reference()).build();
        float[] x = new float[batch * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        float[] y = GradientCheckTest.targets(loss, batch, outWidth, random);
        float[] w = new float[batch];
        for (int i = 0; i < batch; i++) {
            w[i] = (float) (0.1 + 3 * random.nextDouble());
        }
        Gradients g = mlp.newGradients();
        double value = mlp.computeGradients(mlp.newWorkspace(batch), x, 0, y, 0, w, 0, batch, g);

        DoubleMlp exact = new DoubleMlp(mlp);
        assertEquals(weightedLoss(exact, x, y, w, in, outWidth), value, 1e-5 * (1 + Math.abs(value)));
        double[] theta = exact.parameters();
        double h = 1e-6;
        for (int i = 0; i < theta.length; i++) {
            double saved = theta[i];
            theta[i] = saved + h;
            double plus = weightedLoss(exact, x, y, w, in, outWidth);
            theta[i] = saved - h;
            double minus = weightedLoss(exact, x, y, w, in, outWidth);
            theta[i] = saved;
            double numeric = (plus - minus) / (2 * h);
            double analytic = g.values()[i];
            assertTrue(Math.abs(numeric - analytic) <= 1e-4 + 2e-3 * Math.abs(numeric),
                    "parameter " + i + ": analytic " + analytic + " vs numeric " + numeric);
        }
    }

    /** {@code sum_i w_i l_i / sum_i w_i}, each row's loss from the double-precision network. */
    private static double weightedLoss(DoubleMlp exact, float[] x, float[] y, float[] w, int in, int out) {
        double total = 0;
        double weights = 0;
        for (int r = 0; r < w.length; r++) {
            double l = exact.loss(Arrays.copyOfRange(x, r * in, (r + 1) * in),
                    Arrays.copyOfRange(y, r * out, (r + 1) * out), 1);
            total += w[r] * l;
            weights += w[r];
        }
        return total / weights;
    }

    @TestFactory
    List<DynamicTest> integerWeightsEqualRepeatedRowsOnEveryBackend() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Kernels k : List.of(Backends.reference(), Backends.ejml())) {
            for (Object[] head : GradientCheckTest.HEADS) {
                Activation out = (Activation) head[0];
                Loss loss = (Loss) head[1];
                tests.add(DynamicTest.dynamicTest(k.name() + " " + out + "+" + loss,
                        () -> assertWeightsRepeatRows(k, out, loss)));
            }
        }
        return tests;
    }

    /**
     * Weights {1, 3, 2} on three rows give the loss and gradient of the six rows {r0, r1, r1, r1,
     * r2, r2} unweighted; {@code tolerance} covers float reductions of that length.
     */
    static void assertWeightsRepeatRows(Kernels kernels, Activation outAct, Loss loss) {
        SplittableRandom random = new SplittableRandom(11);
        Mlp mlp = Mlp.builder(5).hidden(7, Activation.RELU).output(4, outAct).loss(loss).seed(3).kernels(kernels).build();
        float[] x = new float[3 * 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] y = GradientCheckTest.targets(loss, 3, 4, random);
        float[] w = {1, 3, 2};
        int[] rows = {0, 1, 1, 1, 2, 2};
        float[] xr = new float[6 * 5];
        float[] yr = new float[6 * 4];
        for (int i = 0; i < 6; i++) {
            System.arraycopy(x, rows[i] * 5, xr, i * 5, 5);
            System.arraycopy(y, rows[i] * 4, yr, i * 4, 4);
        }
        Gradients weighted = mlp.newGradients();
        Gradients repeated = mlp.newGradients();
        double lw = mlp.computeGradients(mlp.newWorkspace(3), x, 0, y, 0, w, 0, 3, weighted);
        double lr = mlp.computeGradients(mlp.newWorkspace(6), xr, 0, yr, 0, 6, repeated);
        assertEquals(lr, lw, 1e-5 * (1 + Math.abs(lr)), "loss");
        assertEquals(lr, mlp.loss(mlp.newWorkspace(3), x, 0, y, 0, w, 0, 3), 1e-5 * (1 + Math.abs(lr)), "forward-only loss");
        float[] a = weighted.values();
        float[] b = repeated.values();
        for (int i = 0; i < a.length; i++) {
            assertEquals(b[i], a[i], 1e-5 * 6 * (1 + Math.abs(b[i])), "gradient " + i);
        }
    }

    @Test
    void unweightedCallIsTheUnweightedPathBitForBit() {
        Mlp mlp = Mlp.builder(3).hidden(4, Activation.TANH).output(2, Activation.SOFTMAX).seed(1).build();
        float[] x = {0.1f, -0.5f, 2f, 1f, 0f, -1f};
        float[] y = {1, 0, 0, 1};
        Gradients a = mlp.newGradients();
        Gradients b = mlp.newGradients();
        double la = mlp.computeGradients(mlp.newWorkspace(2), x, 0, y, 0, 2, a);
        double lb = mlp.computeGradients(mlp.newWorkspace(2), x, 0, y, 0, null, 0, 2, b);
        assertEquals(la, lb);
        assertTrue(Arrays.equals(a.values(), b.values()));
    }

    @Test
    void zeroNegativeAndNonFiniteWeightsAreRefusedWithTheSampleIndex() {
        Mlp mlp = Mlp.builder(2).output(1, Activation.LINEAR).build();
        float[] x = {1, 2, 3, 4, 5, 6};
        float[] y = {1, 2, 3};
        for (float bad : new float[]{0f, -1f, Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] w = {1, 1, bad};
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                    () -> mlp.computeGradients(mlp.newWorkspace(3), x, 0, y, 0, w, 0, 3, mlp.newGradients()));
            assertTrue(e.getMessage().contains("sample 2") && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
            InvalidConfigurationException d = assertThrows(InvalidConfigurationException.class,
                    () -> dev.vecmlp.data.DataSet.of(x, 2, y, 1).withSampleWeights(w));
            assertTrue(d.getMessage().contains("sample 2"), d.getMessage());
        }
        assertThrows(dev.vecmlp.errors.ShapeMismatchException.class,
                () -> dev.vecmlp.data.DataSet.of(x, 2, y, 1).withSampleWeights(new float[]{1, 1}));
    }
}
