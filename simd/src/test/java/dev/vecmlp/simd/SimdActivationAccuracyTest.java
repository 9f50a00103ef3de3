package dev.vecmlp.simd;

import dev.vecmlp.kernel.ScalarActivations;
import dev.vecmlp.model.Activation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stated accuracy of the SIMD activations and derivatives: on a dense grid of
 * {@code z in [-30, 30]} (plus values near 0), every value is compared with the formula
 * evaluated in double ({@link ScalarActivations}) on the same float input; the error measured is
 * {@code |simd - exact| / max(1, |exact|)} (absolute below 1, relative above). The bounds
 * asserted here are the ones the README states; the measured maxima are printed.
 */
class SimdActivationAccuracyTest {
    /** Stated maximum errors of f(z), by activation (absolute below 1, relative above). */
    static final Map<Activation, Double> FORWARD_BOUND = new EnumMap<>(Map.of(
            Activation.LEAKY_RELU, 6e-8,
            Activation.GELU, 5e-7,
            Activation.ELU, 3e-7,
            Activation.SILU, 5e-7,
            Activation.SOFTPLUS, 5e-7));
    /** Stated maximum errors of f'(z) (the derivative is at most ~1.13 in size for all of them). */
    static final Map<Activation, Double> BACKWARD_BOUND = new EnumMap<>(Map.of(
            Activation.LEAKY_RELU, 0.0,
            Activation.GELU, 5e-7,
            Activation.ELU, 3e-7,
            Activation.SILU, 5e-7,
            Activation.SOFTPLUS, 5e-7));
    static final float LEAKY_SLOPE = 0.2f;
    static final float ELU_ALPHA = 1f;

    static SimdKernels simd;

    @BeforeAll
    static void start() {
        simd = new SimdKernels(1);
    }

    @AfterAll
    static void stop() {
        simd.close();
    }

    static float[] grid() {
        int coarse = 600_001;
        int fine = 20_001;
        float[] z = new float[coarse + fine];
        for (int i = 0; i < coarse; i++) {
            z[i] = (float) (-30 + 60.0 * i / (coarse - 1));
        }
        for (int i = 0; i < fine; i++) {
            z[coarse + i] = (float) (-1e-3 + 2e-3 * i / (fine - 1));
        }
        return z;
    }

    static float parameter(Activation f) {
        return f == Activation.LEAKY_RELU ? LEAKY_SLOPE : f == Activation.ELU ? ELU_ALPHA : f.defaultParameter();
    }

    @Test
    void newActivationsAreWithinTheirStatedErrors() {
        float[] z = grid();
        StringBuilder report = new StringBuilder("SIMD activation errors (" + Lanes.LENGTH * 32 + "-bit vectors), max over "
                + z.length + " points in [-30, 30]:");
        for (Activation f : FORWARD_BOUND.keySet()) {
            float p = parameter(f);
            float[] y = new float[z.length];
            simd.activate(f, p, 1, z.length, z, 0, y, 0);
            double forward = 0;
            for (int i = 0; i < z.length; i++) {
                double exact = ScalarActivations.apply(f, p, z[i]);
                forward = Math.max(forward, Math.abs(y[i] - exact) / Math.max(1, Math.abs(exact)));
            }
            // The derivative from the kernel's own outputs (as training uses them) against the exact f'(z).
            float[] grad = new float[z.length];
            java.util.Arrays.fill(grad, 1f);
            simd.activationBackward(f, p, z.length, z, 0, y, 0, grad, 0);
            double backward = 0;
            for (int i = 0; i < z.length; i++) {
                double exact = ScalarActivations.derivative(f, p, z[i], ScalarActivations.apply(f, p, z[i]));
                backward = Math.max(backward, Math.abs(grad[i] - exact) / Math.max(1, Math.abs(exact)));
            }
            report.append(String.format("%n  %-10s f: %.2e (bound %.0e)   f': %.2e (bound %.0e)", f, forward,
                    FORWARD_BOUND.get(f), backward, BACKWARD_BOUND.get(f)));
            assertTrue(forward <= FORWARD_BOUND.get(f), f + " forward error " + forward);
            assertTrue(backward <= BACKWARD_BOUND.get(f), f + " backward error " + backward);
        }
        System.getLogger(getClass().getName()).log(System.Logger.Level.INFO, report.toString());
    }

    @Test
    void vectorBodyAndScalarTailAgreeBitForBit() {
        // Lengths 1..2L-1 at every offset put each value once in a vector and once in a tail.
        float[] z = {-7.5f, -2.25f, -1f, -0.3f, -1e-5f, 0f, 1e-5f, 0.3f, 1f, 2.25f, 7.5f, 31f, -31f, -0f, 5f, -5f};
        for (Activation f : FORWARD_BOUND.keySet()) {
            float p = parameter(f);
            float[] vector = new float[z.length];
            simd.activate(f, p, 1, z.length, z, 0, vector, 0);
            float[] vgrad = new float[z.length];
            java.util.Arrays.fill(vgrad, 1f);
            simd.activationBackward(f, p, z.length, z, 0, vector, 0, vgrad, 0);
            for (int i = 0; i < z.length; i++) {
                float[] one = {z[i]};
                float[] y = new float[1];
                simd.activate(f, p, 1, 1, one, 0, y, 0);
                assertEquals(vector[i], y[0], 0f, f + " at " + z[i]);
                float[] g = {1f};
                simd.activationBackward(f, p, 1, one, 0, y, 0, g, 0);
                assertEquals(vgrad[i], g[0], 0f, f + "' at " + z[i]);
            }
        }
    }
}
