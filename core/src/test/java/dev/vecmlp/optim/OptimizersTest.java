package dev.vecmlp.optim;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The optimisers against updates computed by hand and against PyTorch's documented update
 * formulas (torch.optim.SGD / Adam / AdamW), replayed here in double precision.
 */
class OptimizersTest {
    private static final Kernels K = Backends.reference();

    @Test
    void sgdByHandWithAndWithoutWeightDecay() {
        float[] w = {1f, -2f};
        new Sgd(0.1).update(K, w, new float[]{0.5f, 0.25f}, 2, 0.1f);
        assertArrayEquals(new float[]{0.95f, -2.025f}, w, 1e-6f);
        float[] d = {1f, -2f};
        // g' = g + 0.1 w = (0.6, 0.05); w - 0.1 g' = (0.94, -2.005)
        new Sgd(0.1, 0.1).update(K, d, new float[]{0.5f, 0.25f}, 2, 0.1f);
        assertArrayEquals(new float[]{0.94f, -2.005f}, d, 1e-6f);
    }

    @Test
    void momentumAndNesterovByHand() {
        float[] g = {1f};
        float[] w = {0f};
        Momentum heavyBall = new Momentum(0.1, 0.9);
        float[] expected = {-0.1f, -0.29f, -0.561f}; // v = 1, 1.9, 2.71
        for (float e : expected) {
            heavyBall.update(K, w, g, 1, 0.1f);
            assertEquals(e, w[0], 1e-6f);
        }
        float[] n = {0f};
        Momentum nesterov = new Momentum(0.1, 0.9, true, 0);
        nesterov.update(K, n, g, 1, 0.1f);      // v = 1, step g + 0.9 v = 1.9
        assertEquals(-0.19f, n[0], 1e-6f);
        nesterov.update(K, n, g, 1, 0.1f);      // v = 1.9, step 1 + 1.71 = 2.71
        assertEquals(-0.461f, n[0], 1e-6f);
    }

    @Test
    void adamMovesByTheLearningRateUnderAConstantGradient() {
        // With a constant gradient the bias-corrected m-hat = g and v-hat = g^2: each step is lr.
        float[] w = {1f, -1f};
        Adam adam = new Adam(0.01);
        for (int t = 1; t <= 3; t++) {
            adam.update(K, w, new float[]{0.5f, -2f}, 2, 0.01f);
            assertEquals(1 - 0.01f * t, w[0], 1e-6f);
            assertEquals(-1 + 0.01f * t, w[1], 1e-6f);
        }
        assertEquals(3, adam.state().updates());
    }

    @Test
    void adamWeightDecayCoupledAndDecoupledByHand() {
        float[] l2 = {1f};
        // Adam: g' = 0.5 + 0.1 * 1 = 0.6; first step moves by lr * g'/|g'| = 0.01
        new Adam(0.01, 0.9, 0.999, 1e-8, 0.1, false).update(K, l2, new float[]{0.5f}, 1, 0.01f);
        assertEquals(0.99f, l2[0], 1e-6f);
        float[] decoupled = {1f};
        // AdamW: 1 - 0.01 * (0.5/0.5 + 0.1 * 1) = 0.989
        Adam.adamW(0.01, 0.1).update(K, decoupled, new float[]{0.5f}, 1, 0.01f);
        assertEquals(0.989f, decoupled[0], 1e-6f);
    }

    /** PyTorch's documented algorithms, in double, on random gradients and a varying rate. */
    @Test
    void allOptimisersFollowPyTorchFormulasOverManySteps() {
        int len = 37;
        SplittableRandom random = new SplittableRandom(3);
        float[][] grads = new float[25][len];
        for (float[] g : grads) {
            for (int i = 0; i < len; i++) {
                g[i] = (float) random.nextGaussian();
            }
        }
        float[] start = new float[len];
        for (int i = 0; i < len; i++) {
            start[i] = (float) random.nextGaussian();
        }
        for (Object[] c : new Object[][]{
                {new Sgd(0.05, 0.01), "sgd"},
                {new Momentum(0.05, 0.9, false, 0.01), "momentum"},
                {new Momentum(0.05, 0.8, true, 0.0), "nesterov"},
                {new Adam(0.05, 0.9, 0.99, 1e-8, 0.01, false), "adam"},
                {new Adam(0.05, 0.85, 0.999, 1e-6, 0.02, true), "adamw"}}) {
            Optimizer opt = (Optimizer) c[0];
            float[] w = start.clone();
            double[] ref = new double[len];
            double[] buf = new double[len];
            double[] sq = new double[len];
            for (int i = 0; i < len; i++) {
                ref[i] = start[i];
            }
            for (int t = 1; t <= grads.length; t++) {
                float lr = 0.05f / t;
                opt.update(K, w, grads[t - 1], len, lr);
                pytorchStep((String) c[1], opt, ref, buf, sq, grads[t - 1], lr, t);
            }
            for (int i = 0; i < len; i++) {
                assertEquals(ref[i], w[i], 1e-4 * Math.max(1, Math.abs(ref[i])), c[1] + " parameter " + i);
            }
        }
    }

    private static void pytorchStep(String kind, Optimizer opt, double[] w, double[] buf, double[] sq,
                                    float[] grad, double lr, int t) {
        for (int i = 0; i < w.length; i++) {
            double g = grad[i];
            switch (kind) {
                case "sgd": {
                    g += ((Sgd) opt).weightDecay() * w[i];
                    w[i] -= lr * g;
                    break;
                }
                case "momentum":
                case "nesterov": {
                    Momentum m = (Momentum) opt;
                    g += m.weightDecay() * w[i];
                    buf[i] = t == 1 ? g : m.momentum() * buf[i] + g; // torch: buf = g at the first step
                    w[i] -= lr * (m.nesterov() ? g + m.momentum() * buf[i] : buf[i]);
                    break;
                }
                default: {
                    Adam a = (Adam) opt;
                    if (a.decoupled()) {
                        w[i] *= 1 - lr * a.weightDecay();
                    } else {
                        g += a.weightDecay() * w[i];
                    }
                    buf[i] = a.beta1() * buf[i] + (1 - a.beta1()) * g;
                    sq[i] = a.beta2() * sq[i] + (1 - a.beta2()) * g * g;
                    double mHat = buf[i] / (1 - Math.pow(a.beta1(), t));
                    double vHat = sq[i] / (1 - Math.pow(a.beta2(), t));
                    w[i] -= lr * mHat / (Math.sqrt(vHat) + a.epsilon());
                }
            }
        }
    }

    @Test
    void stateAndRestoreContinueExactly() {
        for (java.util.function.Supplier<Optimizer> make : java.util.List.<java.util.function.Supplier<Optimizer>>of(
                () -> new Sgd(0.1, 0.01), () -> new Momentum(0.1, 0.9, true, 0.01),
                () -> new Adam(0.01), () -> Adam.adamW(0.01, 0.05))) {
            Optimizer first = make.get();
            float[] w = {0.3f, -0.7f, 1.1f};
            float[][] g = {{0.1f, 0.2f, -0.3f}, {0.5f, -0.1f, 0.2f}, {-0.4f, 0.3f, 0.1f}, {0.2f, 0.2f, 0.2f}};
            first.update(K, w, g[0], 3, 0.1f);
            first.update(K, w, g[1], 3, 0.1f);
            OptimizerState snapshot = first.state();
            float[] atSnapshot = w.clone();
            first.update(K, w, g[2], 3, 0.1f);
            first.update(K, w, g[3], 3, 0.1f);

            Optimizer resumed = make.get();
            resumed.restore(snapshot);
            float[] r = atSnapshot;
            resumed.update(K, r, g[2], 3, 0.1f);
            resumed.update(K, r, g[3], 3, 0.1f);
            assertArrayEquals(w, r, 0f, first.toString());
            assertEquals(4, resumed.state().updates());
            assertEquals(first.state().arrays().keySet(), resumed.state().arrays().keySet());
        }
    }

    @Test
    void snapshotsAreCopiesAndKindsAreChecked() {
        Momentum m = new Momentum(0.1, 0.5);
        float[] w = {1f};
        m.update(K, w, new float[]{1f}, 1, 0.1f);
        OptimizerState s = m.state();
        m.update(K, w, new float[]{1f}, 1, 0.1f);
        assertEquals(1f, s.arrays().get("velocity")[0]);
        assertEquals("momentum", s.kind());
        assertEquals("adamw", Adam.adamW(0.1, 0.01).state().kind());
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> new Adam(0.1).restore(s));
        assertTrue(e.getMessage().contains("expected the state of this optimizer, adam")
                && e.getMessage().contains("found the state of optimizer momentum"), e.getMessage());
        Momentum restored = new Momentum(0.1, 0.5);
        restored.restore(s);
        InvalidConfigurationException len = assertThrows(InvalidConfigurationException.class,
                () -> restored.update(K, new float[3], new float[3], 3, 0.1f));
        assertTrue(len.getMessage().contains("3 parameters"), len.getMessage());
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(InvalidConfigurationException.class, () -> new Momentum(0.1, 1.0));
        assertThrows(InvalidConfigurationException.class, () -> new Momentum(0.1, 0, true, 0));
        assertThrows(InvalidConfigurationException.class, () -> new Sgd(0.1, -1));
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> new Adam(0.1, 0.9, 1.5, 1e-8, 0, false));
        assertTrue(e.getMessage().contains("beta2") && e.getMessage().contains("found 1.5"), e.getMessage());
    }
}
