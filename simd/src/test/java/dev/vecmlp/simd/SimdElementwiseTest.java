package dev.vecmlp.simd;

import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.kernel.reference.ReferenceKernels;
import dev.vecmlp.model.Activation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every non-GEMM kernel of {@link SimdKernels} against {@link ReferenceKernels}: lengths around
 * the vector width (so both the vector body and the scalar tail run), offsets, in-place use,
 * optional outputs left null, and values large enough to reach exp's clamping.
 */
class SimdElementwiseTest {
    static final int[] LENGTHS = {0, 1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 64, 65, 127, 257, 784, 5000};
    static SimdKernels simd;
    static final Kernels REF = ReferenceKernels.INSTANCE;

    @BeforeAll
    static void start() {
        simd = new SimdKernels(1);
    }

    @AfterAll
    static void stop() {
        simd.close();
    }

    static IntStream lengths() {
        return IntStream.of(LENGTHS);
    }

    /** Values in (-scale, scale) at offset {@code off}. */
    static float[] values(SplittableRandom random, int off, int len, double scale) {
        float[] x = Compare.random(random, off, len, 3);
        for (int i = 0; i < len; i++) {
            x[off + i] *= (float) scale;
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void activationsMatch(int len) {
        SplittableRandom random = new SplittableRandom(len);
        for (Activation f : Activation.values()) {
            for (double scale : new double[]{1, 30, 120}) {
                int n = f == Activation.SOFTMAX ? Math.max(1, Math.min(len, 37)) : Math.max(len, 1);
                int m = f == Activation.SOFTMAX ? Math.max(1, len / n) : 1;
                float[] z = values(random, 5, m * n, scale);
                float[] expected = z.clone();
                float[] actual = z.clone();
                REF.activate(f, m, n, z, 5, expected, 5);
                simd.activate(f, m, n, z, 5, actual, 5);
                Compare.assertClose(f + " in place, scale " + scale, expected, actual, 1e-6, 2e-6);
                float[] out = new float[m * n + 2];
                simd.activate(f, m, n, z, 5, out, 2);
                float[] shifted = new float[m * n + 2];
                System.arraycopy(expected, 5, shifted, 2, m * n);
                Compare.assertClose(f + " out of place", shifted, out, 1e-6, 2e-6);
            }
        }
    }

    @Test
    void activationEdgeValues() {
        float[] z = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 0f, 1e-30f, -1e-30f,
                88f, -88f, 200f, -200f, 1e-4f, -1e-4f, 20f, -20f, 0.5f, 3f};
        for (Activation f : new Activation[]{Activation.RELU, Activation.SIGMOID, Activation.TANH}) {
            float[] expected = new float[z.length];
            float[] actual = new float[z.length];
            REF.activate(f, 1, z.length, z, 0, expected, 0);
            simd.activate(f, 1, z.length, z, 0, actual, 0);
            Compare.assertClose(f + " edge values", expected, actual, 1e-7, 2e-6);
        }
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void activationBackwardMatches(int len) {
        SplittableRandom random = new SplittableRandom(len + 1);
        for (Activation f : new Activation[]{Activation.LINEAR, Activation.RELU, Activation.SIGMOID, Activation.TANH}) {
            float[] y = values(random, 1, len, 1);
            if (len > 3) {
                y[1 + len / 2] = 0f;
            }
            float[] expected = values(random, 4, len, 3);
            float[] actual = expected.clone();
            REF.activationBackward(f, len, y, 1, expected, 4);
            simd.activationBackward(f, len, y, 1, actual, 4);
            Compare.assertClose(f + " backward", expected, actual, 1e-7, 1e-6);
        }
        float[] y = new float[4];
        assertThrows(IllegalArgumentException.class, () -> simd.activationBackward(Activation.SOFTMAX, 4, y, 0, y.clone(), 0));
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void lossesMatch(int len) {
        SplittableRandom random = new SplittableRandom(len + 2);
        int n = len == 0 ? 3 : 1 + len % 23;
        int m = len / n;
        for (double scale : new double[]{1, 40}) {
            float[] z = values(random, 3, m * n, scale);
            float[] y = new float[m * n + 1];
            for (int i = 0; i < m; i++) {
                y[1 + i * n + random.nextInt(n)] = 1f;      // one-hot rows for cross-entropy
            }
            float[] yReal = values(random, 1, m * n, 0.5);  // targets in [0, 1] for BCE and MSE
            for (int i = 1; i <= m * n; i++) {
                yReal[i] += 0.5f;
            }
            for (boolean outputs : new boolean[]{false, true}) {
                float[] pe = outputs ? new float[m * n + 2] : null;
                float[] ge = outputs ? new float[m * n + 3] : null;
                float[] pa = outputs ? new float[m * n + 2] : null;
                float[] ga = outputs ? new float[m * n + 3] : null;
                double le = REF.softmaxCrossEntropy(m, n, z, 3, y, 1, pe, 2, ge, 3);
                double la = simd.softmaxCrossEntropy(m, n, z, 3, y, 1, pa, 2, ga, 3);
                Compare.assertClose("cross-entropy " + m + "x" + n, le, la, 1e-5, 1e-5);
                if (outputs) {
                    Compare.assertClose("softmax probabilities", pe, pa, 1e-7, 2e-6);
                    // p carries a few ulp of error relative to p itself, so (p - y) / m is compared on the scale 1/m.
                    Compare.assertClose("cross-entropy gradient", ge, ga, 3e-7 / Math.max(m, 1), 2e-6);
                }
                le = REF.sigmoidBinaryCrossEntropy(m, n, z, 3, yReal, 1, pe, 2, ge, 3);
                la = simd.sigmoidBinaryCrossEntropy(m, n, z, 3, yReal, 1, pa, 2, ga, 3);
                Compare.assertClose("binary cross-entropy " + m + "x" + n, le, la, 1e-6, 1e-5);
                if (outputs) {
                    Compare.assertClose("sigmoid probabilities", pe, pa, 1e-7, 2e-6);
                    Compare.assertClose("BCE gradient", ge, ga, 1e-9, 2e-6);
                }
                le = REF.mseLoss(m, n, z, 3, yReal, 1, ge, 3);
                la = simd.mseLoss(m, n, z, 3, yReal, 1, ga, 3);
                Compare.assertClose("mse " + m + "x" + n, le, la, 1e-7, 1e-5);
                if (outputs) {
                    Compare.assertClose("mse gradient", ge, ga, 1e-9, 1e-6);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void reductionsMatch(int len) {
        SplittableRandom random = new SplittableRandom(len + 3);
        float[] x = values(random, 2, len, 3);
        Compare.assertClose("sum of squares", REF.sumOfSquares(len, x, 2), simd.sumOfSquares(len, x, 2),
                1e-9, 4 * Compare.EPS * Math.sqrt(len + 1.0));
        assertTrue(simd.allFinite(len, x, 2));
        for (float bad : new float[]{Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            for (int at : new int[]{0, len / 2, len - 1}) {
                if (len == 0) {
                    continue;
                }
                float[] y = x.clone();
                y[2 + at] = bad;
                assertFalse(simd.allFinite(len, y, 2), bad + " at " + at + " of " + len);
            }
        }
        assertTrue(simd.allFinite(len, x, 2), "guard values outside the slice are ignored");

        int n = Math.max(1, Math.min(len, 77));
        int m = len / n;
        for (boolean accumulate : new boolean[]{false, true}) {
            float[] expected = values(random, 1, n, 1);
            float[] actual = expected.clone();
            REF.columnSums(m, n, x, 2, expected, 1, accumulate);
            simd.columnSums(m, n, x, 2, actual, 1, accumulate);
            Compare.assertClose("column sums " + m + "x" + n, expected, actual, 3 * Compare.EPS * Math.sqrt(m + 1.0) * m * 3, 1e-6);
        }
    }

    @ParameterizedTest
    @MethodSource("lengths")
    void updatesMatch(int len) {
        SplittableRandom random = new SplittableRandom(len + 4);
        float[] x = values(random, 1, len, 2);
        float[] y = values(random, 3, len, 2);

        float[] ye = y.clone();
        float[] ya = y.clone();
        REF.axpy(len, -0.37f, x, 1, ye, 3);
        simd.axpy(len, -0.37f, x, 1, ya, 3);
        assertArrayEquals(ye, ya, "axpy (same float operations as the reference)");
        simd.axpy(len, 0.5f, ya, 3, ya, 3);
        REF.axpy(len, 0.5f, ye, 3, ye, 3);
        assertArrayEquals(ye, ya, "axpy in place");

        ye = y.clone();
        ya = y.clone();
        REF.scale(len, 1.7f, ye, 3);
        simd.scale(len, 1.7f, ya, 3);
        assertArrayEquals(ye, ya, "scale");

        ye = y.clone();
        ya = y.clone();
        REF.clipByValue(len, 0.8f, ye, 3);
        simd.clipByValue(len, 0.8f, ya, 3);
        assertArrayEquals(ye, ya, "clip");

        for (boolean nesterov : new boolean[]{false, true}) {
            float[] we = y.clone();
            float[] wa = y.clone();
            float[] ve = values(random, 0, len, 1);
            float[] va = ve.clone();
            REF.momentumUpdate(len, 0.1f, 0.9f, nesterov, 1e-3f, we, 3, x, 1, ve, 0);
            simd.momentumUpdate(len, 0.1f, 0.9f, nesterov, 1e-3f, wa, 3, x, 1, va, 0);
            assertArrayEquals(we, wa, "momentum weights, nesterov " + nesterov);
            assertArrayEquals(ve, va, "momentum velocity, nesterov " + nesterov);
        }

        for (boolean decoupled : new boolean[]{false, true}) {
            float[] we = y.clone();
            float[] wa = y.clone();
            float[] me = values(random, 2, len, 0.1);
            float[] ma = me.clone();
            float[] ve = values(random, 0, len, 0.01);
            for (int i = 0; i < len; i++) {
                ve[i] = Math.abs(ve[i]);
            }
            float[] va = ve.clone();
            for (long t = 1; t <= 3; t++) {
                REF.adamUpdate(len, 1e-2f, 0.9f, 0.999f, 1e-8f, 1e-2f, decoupled, t, we, 3, x, 1, me, 2, ve, 0);
                simd.adamUpdate(len, 1e-2f, 0.9f, 0.999f, 1e-8f, 1e-2f, decoupled, t, wa, 3, x, 1, ma, 2, va, 0);
            }
            Compare.assertClose("adam weights", we, wa, 1e-6, 1e-5);
            Compare.assertClose("adam m", me, ma, 1e-8, 1e-5);
            Compare.assertClose("adam v", ve, va, 1e-10, 1e-5);
        }
    }

    @Test
    void badArgumentsThrowLikeTheReference() {
        float[] x = new float[8];
        for (Kernels k : new Kernels[]{REF, simd}) {
            assertThrows(IndexOutOfBoundsException.class, () -> k.axpy(9, 1f, x, 0, new float[9], 0));
            assertThrows(IllegalArgumentException.class, () -> k.axpy(4, 1f, x, 0, x, 2));
            assertThrows(IllegalArgumentException.class, () -> k.scale(-1, 1f, x, 0));
            assertThrows(IllegalArgumentException.class, () -> k.clipByValue(4, -1f, x, 0));
            assertThrows(IllegalArgumentException.class, () -> k.activate(Activation.RELU, 2, 2, x, 0, x, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> k.softmaxCrossEntropy(2, 4, x, 0, x, 0, null, 0, new float[7], 0));
            assertThrows(IllegalArgumentException.class, () -> k.columnSums(2, 2, x, 0, x, 1, false));
            assertThrows(IllegalArgumentException.class,
                    () -> k.adamUpdate(2, 1f, 0.9f, 0.99f, 1e-8f, 0f, false, 0, x, 0, x, 2, x, 4, x, 6));
            assertThrows(NullPointerException.class, () -> k.sumOfSquares(2, null, 0));
        }
        assertEquals(0.0, simd.mseLoss(0, 5, x, 0, x, 0, null, 0));
    }
}
