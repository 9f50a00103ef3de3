package dev.vecmlp.kernel;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.kernel.reference.ReferenceKernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.train.EpochReport;
import dev.vecmlp.train.Trainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The conformance suite every backend runs: each kernel of the {@link Kernels} SPI is compared
 * with {@link ReferenceKernels}, the oracle, on awkward shapes, offsets and values, and a whole
 * training run must end with the reference's weights.
 *
 * <p>A backend's test class extends this one and implements {@link #kernels()}; nothing else is
 * needed. The suite ships in core's test-jar so the simd module runs exactly these tests.
 *
 * <p>Tolerances. A GEMM element may differ from the reference by the classic bound for a float
 * dot product of length k in any summation order (with or without FMA),
 * {@code 2 ((k + 2) u (sum_p |a_p b_p| + |c_old|) + u |c|)} with {@code u = 2^-24}, so the allowed
 * error grows with the reduction length and with the magnitude of the terms, never with the
 * result alone. Reductions use the same bound over their length; elementwise kernels allow a
 * few float ulps (transcendental functions 1e-5 relative, to admit vectorised approximations of
 * exp and tanh).
 */
public abstract class KernelConformanceTest {

    /** The backend under test. */
    protected abstract Kernels kernels();

    /**
     * The backend under test limited to {@code threads} threads per call, for the check that
     * results do not depend on the thread count. Single-threaded backends keep this default,
     * which makes that check one of repeatability.
     */
    protected Kernels kernels(int threads) {
        return kernels();
    }

    /** The oracle. */
    protected static final Kernels REFERENCE = ReferenceKernels.INSTANCE;

    /** Sizes sampled in every dimension: tails around every plausible vector width, primes, large. */
    protected static final int[] SIZES = {1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 64, 65, 127, 257, 784};

    /** Unit roundoff of float. */
    protected static final double U = 0x1p-24;

    /** Upper bound on m n k of a sampled GEMM case, to keep the suite to seconds. */
    private static final long GEMM_WORK_CAP = 1L << 21;

    /** Offsets the cases draw from: 0 (EJML wraps in place) and odd ones (staging, unaligned vectors). */
    private static final int[] OFFSETS = {0, 0, 1, 3, 5, 16, 31};

    /** Elements after every slice, filled with data the kernel must not touch. */
    private static final int GUARD = 19;

    // ================================================================ GEMM

    /** The three GEMM shapes of the SPI. */
    protected enum Shape {
        NT, NN, TN;

        void run(Kernels kernels, int m, int n, int k, float[] a, int aOff, float[] b, int bOff,
                 float[] c, int cOff, boolean accumulate) {
            switch (this) {
                case NT: kernels.gemmNT(m, n, k, a, aOff, b, bOff, c, cOff, accumulate); break;
                case NN: kernels.gemmNN(m, n, k, a, aOff, b, bOff, c, cOff, accumulate); break;
                case TN: kernels.gemmTN(m, n, k, a, aOff, b, bOff, c, cOff, accumulate); break;
                default: throw new AssertionError(this);
            }
        }
    }

    /**
     * One GEMM call: shape, sizes, offsets, accumulate or overwrite, and whether A, B and C live
     * in one shared array (at disjoint places, as the model's flat parameter array does).
     */
    protected record GemmCase(Shape shape, int m, int n, int k, int aOff, int bOff, int cOff,
                              boolean accumulate, boolean shared, long seed) {

        /** Fresh operands; every call with the same case yields the same contents. */
        float[][] operands() {
            SplittableRandom random = new SplittableRandom(seed);
            if (shared) {
                int length = Math.max(aOff + m * k, Math.max(bOff + n * k, cOff + m * n)) + GUARD;
                float[] all = uniform(random, length, -1f, 1f);
                return new float[][]{all, all, all};
            }
            return new float[][]{uniform(random, aOff + m * k + GUARD, -1f, 1f),
                    uniform(random, bOff + n * k + GUARD, -1f, 1f),
                    uniform(random, cOff + m * n + GUARD, -1f, 1f)};
        }

        @Override
        public String toString() {
            return shape + " m=" + m + " n=" + n + " k=" + k + (accumulate ? " accumulate" : " overwrite")
                    + " offsets A " + aOff + " B " + bOff + " C " + cOff + (shared ? " (one shared array)" : "");
        }
    }

    /** The seeded sample of GEMM cases: every size appears in every dimension, in each shape and mode. */
    protected static List<GemmCase> gemmCases() {
        SplittableRandom random = new SplittableRandom(0x5eed);
        List<GemmCase> cases = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            for (int dim = 0; dim < 3; dim++) {
                for (int size : SIZES) {
                    int[] mnk = new int[3];
                    do {
                        for (int d = 0; d < 3; d++) {
                            mnk[d] = d == dim ? size : SIZES[random.nextInt(SIZES.length)];
                        }
                    } while ((long) mnk[0] * mnk[1] * mnk[2] > GEMM_WORK_CAP);
                    for (boolean accumulate : new boolean[]{false, true}) {
                        cases.add(new GemmCase(shape, mnk[0], mnk[1], mnk[2], pick(random, OFFSETS),
                                pick(random, OFFSETS), pick(random, OFFSETS), accumulate, false, random.nextLong()));
                    }
                }
            }
            // Zero sizes are legal: m or n = 0 writes nothing; k = 0 is an empty sum (zero, or no change).
            for (int[] zero : new int[][]{{0, 5, 3}, {4, 0, 3}, {4, 5, 0}, {0, 0, 0}}) {
                for (boolean accumulate : new boolean[]{false, true}) {
                    cases.add(new GemmCase(shape, zero[0], zero[1], zero[2], 2, 1, 3, accumulate, false, random.nextLong()));
                }
            }
            // One array holding A, B and C at disjoint places, C first and C last.
            cases.add(new GemmCase(shape, 17, 33, 65, 17 * 33, 17 * 33 + 17 * 65, 0, true, true, random.nextLong()));
            cases.add(new GemmCase(shape, 7, 64, 31, 0, 7 * 31 + 1, 7 * 31 + 1 + 64 * 31 + 2, false, true, random.nextLong()));
            // A and B may overlap each other: both are only read.
            cases.add(new GemmCase(shape, 3, 10, 15, 0, 0, 10 * 15, false, true, random.nextLong()));
        }
        return cases;
    }

    @TestFactory
    List<DynamicTest> gemmMatchesReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (GemmCase gemmCase : gemmCases()) {
            tests.add(DynamicTest.dynamicTest(gemmCase.toString(), () -> checkGemm(kernels(), gemmCase)));
        }
        return tests;
    }

    /**
     * Runs one case on {@code kernels} and on the reference and fails unless every element of C
     * is within the dot-product error bound and nothing outside C (inputs included) changed.
     */
    protected static void checkGemm(Kernels kernels, GemmCase gc) {
        int m = gc.m();
        int n = gc.n();
        int k = gc.k();
        float[][] pristine = gc.operands();
        float[][] expected = gc.operands();
        gc.shape().run(REFERENCE, m, n, k, expected[0], gc.aOff(), expected[1], gc.bOff(), expected[2], gc.cOff(),
                gc.accumulate());
        // sum_p |a_p b_p| per element, from the reference on absolute values.
        float[][] magnitude = gc.operands();
        float[] absA = abs(magnitude[0]);
        float[] absB = gc.shared() ? absA : abs(magnitude[1]);
        float[] absC = new float[gc.cOff() + m * n];
        gc.shape().run(REFERENCE, m, n, k, absA, gc.aOff(), absB, gc.bOff(), absC, gc.cOff(), false);

        float[][] actual = gc.operands();
        gc.shape().run(kernels, m, n, k, actual[0], gc.aOff(), actual[1], gc.bOff(), actual[2], gc.cOff(),
                gc.accumulate());

        float[] c = actual[2];
        for (int i = 0; i < c.length; i++) {
            boolean inC = i >= gc.cOff() && i < gc.cOff() + m * n;
            if (!inC) {
                if (Float.floatToRawIntBits(c[i]) != Float.floatToRawIntBits(pristine[2][i])) {
                    fail(gc + ": wrote outside C at index " + i + ": " + pristine[2][i] + " became " + c[i]);
                }
                continue;
            }
            double old = gc.accumulate() ? Math.abs(pristine[2][i]) : 0;
            double bound = 2 * ((k + 2) * U * (absC[i] + old) + U * Math.abs(expected[2][i])) + Float.MIN_NORMAL;
            double error = Math.abs((double) c[i] - expected[2][i]);
            if (!(error <= bound)) {
                int row = (i - gc.cOff()) / Math.max(n, 1);
                int col = (i - gc.cOff()) % Math.max(n, 1);
                fail(gc + ": C[" + row + "][" + col + "] expected " + expected[2][i] + " +- " + bound
                        + ", found " + c[i]);
            }
        }
        if (!gc.shared()) {
            assertArrayEquals(pristine[0], actual[0], gc + ": A was modified");
            assertArrayEquals(pristine[1], actual[1], gc + ": B was modified");
        }
    }

    /** A product small enough to work by hand, in all three shapes, overwrite and accumulate. */
    @Test
    void gemmMatchesHandWorkedProduct() {
        Kernels k = kernels();
        // A (2x3) = [1 2 3; 4 5 6], W (2x3) = [1 0 -1; 2 1 0]: A W^T = [-2 4; -2 13].
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] w = {1, 0, -1, 2, 1, 0};
        float[] c = new float[4];
        k.gemmNT(2, 2, 3, a, 0, w, 0, c, 0, false);
        assertArrayEquals(new float[]{-2, 4, -2, 13}, c, "gemmNT");
        k.gemmNT(2, 2, 3, a, 0, w, 0, c, 0, true);
        assertArrayEquals(new float[]{-4, 8, -4, 26}, c, "gemmNT accumulate");
        // dZ (2x2) = [1 2; 3 4], W (2x3) as above: dZ W = [5 2 -1; 11 4 -3].
        float[] dz = {1, 2, 3, 4};
        float[] dx = new float[6];
        k.gemmNN(2, 3, 2, dz, 0, w, 0, dx, 0, false);
        assertArrayEquals(new float[]{5, 2, -1, 11, 4, -3}, dx, "gemmNN");
        // dZ^T A with dZ (2x2), A (2x3): [1*1+3*4, 1*2+3*5, 1*3+3*6; 2*1+4*4, 2*2+4*5, 2*3+4*6].
        float[] dw = {100, 100, 100, 100, 100, 100, 7};
        k.gemmTN(2, 3, 2, dz, 0, a, 0, dw, 0, false);
        assertArrayEquals(new float[]{13, 17, 21, 18, 24, 30, 7}, dw, "gemmTN");
        // The same product at offsets inside one shared array.
        float[] shared = new float[32];
        System.arraycopy(a, 0, shared, 3, 6);
        System.arraycopy(w, 0, shared, 11, 6);
        k.gemmNT(2, 2, 3, shared, 3, shared, 11, shared, 20, false);
        assertArrayEquals(new float[]{-2, 4, -2, 13}, Arrays.copyOfRange(shared, 20, 24), "gemmNT at offsets");
    }

    // ================================================================ layer forward

    @TestFactory
    List<DynamicTest> denseForwardMatchesReference() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] shapes = {{1, 1, 1}, {3, 10, 784}, {7, 17, 13}, {16, 9, 17}, {33, 3, 9}, {2, 65, 31}, {5, 0, 4}, {0, 3, 4}};
        for (Activation f : Activation.values()) {
            for (int[] s : shapes) {
                tests.add(DynamicTest.dynamicTest(f + " m=" + s[0] + " n=" + s[1] + " k=" + s[2],
                        () -> checkDenseForward(f, s[0], s[1], s[2])));
            }
        }
        return tests;
    }

    private void checkDenseForward(Activation f, int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(m * 31L + n * 7L + k);
        // Weights and bias inside one parameter array at offsets, like the model's.
        float[] params = uniform(random, 5 + n * k + n + GUARD, -1f, 1f);
        int wOff = 5;
        int biasOff = 5 + n * k;
        float[] x = uniform(random, 2 + m * k, -1f, 1f);
        float[] expected = uniform(random, 1 + m * n + GUARD, -1f, 1f);
        float[] actual = expected.clone();
        REFERENCE.denseForward(m, n, k, x, 2, params, wOff, params, biasOff, f, expected, 1);
        kernels().denseForward(m, n, k, x, 2, params, wOff, params, biasOff, f, actual, 1);
        // The pre-activation bound: dot product of length k plus the bias, from the magnitudes.
        float[] magnitude = new float[1 + m * n];
        REFERENCE.gemmNT(m, n, k, abs(x), 2, abs(params), wOff, magnitude, 1, false);
        double[] zBound = new double[expected.length];
        for (int i = 0; i < m; i++) {
            double rowMax = 0;
            for (int j = 0; j < n; j++) {
                int at = 1 + i * n + j;
                zBound[at] = 2 * (k + 3) * U * (magnitude[at] + Math.abs(params[biasOff + j]));
                rowMax = Math.max(rowMax, zBound[at]);
            }
            if (f == Activation.SOFTMAX) {
                // Every logit of the row moves every probability (by at most p * 2 max|dz|).
                Arrays.fill(zBound, 1 + i * n, 1 + (i + 1) * n, 2 * rowMax);
            }
        }
        // Every activation is 1-Lipschitz, then its own rounding.
        assertClose("denseForward " + f, expected, actual, (i, e) -> zBound[i] + 1e-5 * Math.abs(e) + 2e-7);
    }

    /**
     * {@link Kernels#denseForwardPacked} on the backend's own {@link Kernels#packWeights}: the same
     * bound against the reference as {@link #denseForwardMatchesReference}, over batch sizes that
     * hit every tile-row remainder and matrix-vector sizes, widths around every panel width, K
     * tails, a 10-class head, and every activation; plus bit-equality with the backend's own
     * unpacked {@link Kernels#denseForward} (both are one FMA chain over K per element).
     */
    @TestFactory
    List<DynamicTest> denseForwardPackedMatchesReference() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] shapes = {{1, 1, 1}, {3, 10, 784}, {1, 17, 33}, {2, 64, 31}, {1, 24, 7}, {3, 40, 47}, {1, 256, 784},
                {2, 9, 0}, {4, 10, 128}, {5, 17, 13}, {6, 64, 33}, {7, 65, 31},
                {8, 130, 17}, {13, 49, 65}, {16, 9, 17}, {32, 256, 100}, {33, 3, 9}, {37, 200, 7}, {5, 0, 4}, {0, 3, 4},
                {4, 3, 0}};
        for (Activation f : Activation.values()) {
            for (int[] s : shapes) {
                tests.add(DynamicTest.dynamicTest("packed " + f + " m=" + s[0] + " n=" + s[1] + " k=" + s[2],
                        () -> checkDenseForwardPacked(kernels(), f, s[0], s[1], s[2])));
            }
        }
        return tests;
    }

    private static float[] checkDenseForwardPacked(Kernels kernels, Activation f, int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(m * 37L + n * 11L + k);
        float[] params = uniform(random, 5 + n * k + n + GUARD, -1f, 1f);
        int wOff = 5;
        int biasOff = 5 + n * k;
        float parameter = f.hasParameter() ? 0.3f : 0f;
        float[] x = uniform(random, 2 + m * k, -1f, 1f);
        float[] expected = uniform(random, 1 + m * n + GUARD, -1f, 1f);
        float[] unpacked = expected.clone();
        float[] actual = expected.clone();
        PackedWeights packed = kernels.packWeights(n, k, params, wOff);
        if (packed != null) {
            assertEquals(n, packed.outputs(), "packed outputs");
            assertEquals(k, packed.inputs(), "packed inputs");
        }
        REFERENCE.denseForward(m, n, k, x, 2, params, wOff, params, biasOff, f, parameter, expected, 1);
        kernels.denseForward(m, n, k, x, 2, params, wOff, params, biasOff, f, parameter, unpacked, 1);
        kernels.denseForwardPacked(m, n, k, x, 2, params, wOff, packed, params, biasOff, f, parameter, actual, 1);
        float[] magnitude = new float[1 + m * n];
        REFERENCE.gemmNT(m, n, k, abs(x), 2, abs(params), wOff, magnitude, 1, false);
        double[] zBound = new double[expected.length];
        for (int i = 0; i < m; i++) {
            double rowMax = 0;
            for (int j = 0; j < n; j++) {
                int at = 1 + i * n + j;
                zBound[at] = 2 * (k + 3) * U * (magnitude[at] + Math.abs(params[biasOff + j]));
                rowMax = Math.max(rowMax, zBound[at]);
            }
            if (f == Activation.SOFTMAX) {
                Arrays.fill(zBound, 1 + i * n, 1 + (i + 1) * n, 2 * rowMax);
            }
        }
        String what = "denseForwardPacked " + f + " m=" + m + " n=" + n + " k=" + k;
        assertClose(what, expected, actual, (i, e) -> zBound[i] + 1e-5 * Math.abs(e) + 2e-7);
        assertArrayEquals(unpacked, actual, what + ": packed and unpacked differ");
        return actual;
    }

    /** A batch product big enough for a multi-threaded backend to split: same bits on 1 and 2 threads. */
    @Test
    void denseForwardPackedIsBitIdenticalForOneAndTwoThreads() {
        for (int[] s : new int[][]{{32, 256, 784}, {128, 130, 300}, {1, 256, 784}, {2, 130, 700}}) {
            float[] one = checkDenseForwardPacked(kernels(1), Activation.RELU, s[0], s[1], s[2]);
            float[] two = checkDenseForwardPacked(kernels(2), Activation.RELU, s[0], s[1], s[2]);
            assertArrayEquals(one, two, "denseForwardPacked: 1 and 2 threads differ");
        }
    }

    @Test
    void denseForwardBf16PackedRejectsBadArguments() {
        Kernels k = kernels();
        short[] w = new short[12];
        float[] x = new float[64];
        float[] out = new float[64];
        PackedWeights p = k.packWeightsBf16(4, 3, w, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> k.packWeightsBf16(4, 3, new short[11], 0));
        assertThrows(IllegalArgumentException.class, () -> k.packWeightsBf16(-1, 3, w, 0));
        assertThrows(NullPointerException.class, () -> k.packWeightsBf16(4, 3, null, 0));
        if (p != null) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.denseForwardBf16Packed(1, 3, 4, x, 0, w, 0, p, x, 20, Activation.RELU, out, 0));
            assertTrue(e.getMessage().contains("3 x 4") && e.getMessage().contains("4 x 3"), e.getMessage());
        }
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.denseForwardBf16Packed(1, 4, 3, x, 0, new short[11], 0, null, x, 0, Activation.RELU, out, 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.denseForwardBf16Packed(1, 4, 3, x, 0, w, 0, p, x, 62, Activation.RELU, out, 0));
    }

    @Test
    void denseForwardPackedRejectsBadArguments() {
        Kernels k = kernels();
        float[] w = new float[12];
        float[] x = new float[64];
        float[] out = new float[64];
        PackedWeights p = k.packWeights(4, 3, w, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> k.packWeights(4, 3, new float[11], 0));
        assertThrows(IllegalArgumentException.class, () -> k.packWeights(-1, 3, w, 0));
        if (p != null) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.denseForwardPacked(8, 3, 4, x, 0, w, 0, p, x, 20, Activation.RELU, 0f, out, 0));
            assertTrue(e.getMessage().contains("3 x 4") && e.getMessage().contains("4 x 3"), e.getMessage());
        }
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.denseForwardPacked(8, 4, 3, x, 0, new float[11], 0, null, x, 0, Activation.RELU, 0f, out, 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.denseForwardPacked(8, 4, 3, x, 0, w, 0, p, x, 61, Activation.RELU, 0f, out, 0));
    }

    /**
     * {@link Kernels#denseForwardBf16}: every path (1-3 rows of matrix-vector, batches, vector
     * tails in K and N, offsets) against the same layer computed in double from the exactly
     * widened bf16 weights; the bound is the float32 dot-product bound of length k, as for
     * {@link #denseForwardMatchesReference}, since only the summation is in float32.
     */
    @TestFactory
    List<DynamicTest> denseForwardBf16MatchesDoubleReference() {
        List<DynamicTest> tests = new ArrayList<>();
        // {1, 601, 1000}: over 1 MB of bf16 weights, which the SIMD backend packs in plain tiles, not paired ones.
        int[][] shapes = {{1, 1, 1}, {1, 8, 16}, {1, 17, 33}, {2, 65, 31}, {3, 10, 784}, {1, 256, 784},
                {1, 24, 7}, {3, 40, 47}, {1, 16, 0}, {1, 601, 1000}, {2, 40, 48},
                {4, 9, 17}, {7, 17, 13}, {33, 3, 9}, {64, 130, 65}, {5, 0, 4}, {0, 3, 4}, {2, 3, 0}};
        for (Activation f : new Activation[]{Activation.LINEAR, Activation.RELU, Activation.SIGMOID, Activation.SOFTMAX}) {
            for (int[] s : shapes) {
                tests.add(DynamicTest.dynamicTest("bf16 " + f + " m=" + s[0] + " n=" + s[1] + " k=" + s[2],
                        () -> checkDenseForwardBf16(kernels(), f, s[0], s[1], s[2])));
            }
        }
        return tests;
    }

    private static float[] checkDenseForwardBf16(Kernels kernels, Activation f, int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(m * 131L + n * 17L + k);
        float[] weights = uniform(random, n * k, -1f, 1f);
        short[] w = new short[3 + n * k + GUARD];
        for (int i = 0; i < n * k; i++) {
            w[3 + i] = Bf16.round(weights[i]);
        }
        float[] bias = uniform(random, 1 + n, -1f, 1f);
        float[] x = uniform(random, 2 + m * k, -1f, 1f);
        float[] pristine = uniform(random, 1 + m * n + GUARD, -1f, 1f);
        float[] actual = pristine.clone();
        kernels.denseForwardBf16(m, n, k, x, 2, w, 3, bias, 1, f, actual, 1);
        // The packed variant on the backend's own bf16 layout: the same bits.
        PackedWeights packed = kernels.packWeightsBf16(n, k, w, 3);
        if (packed != null) {
            assertEquals(n, packed.outputs(), "packed bf16 outputs");
            assertEquals(k, packed.inputs(), "packed bf16 inputs");
        }
        float[] fromPacked = pristine.clone();
        kernels.denseForwardBf16Packed(m, n, k, x, 2, w, 3, packed, bias, 1, f, fromPacked, 1);
        assertArrayEquals(actual, fromPacked, "denseForwardBf16Packed " + f + " m=" + m + " n=" + n + " k=" + k
                + ": packed and unpacked differ");
        for (int i = 0; i < m; i++) {
            double[] z = new double[n];
            double[] zBound = new double[n];
            double rowMax = 0;
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double product = (double) x[2 + i * k + p] * Bf16.widen(w[3 + j * k + p]);
                    sum += product;
                    magnitude += Math.abs(product);
                }
                z[j] = sum + bias[1 + j];
                zBound[j] = 2 * (k + 3) * U * (magnitude + Math.abs(bias[1 + j]));
                rowMax = Math.max(rowMax, zBound[j]);
            }
            double[] y = activateInDouble(f, z);
            for (int j = 0; j < n; j++) {
                double bound = (f == Activation.SOFTMAX ? 2 * rowMax : zBound[j]) + 1e-5 * Math.abs(y[j]) + 2e-7;
                float found = actual[1 + i * n + j];
                if (!(Math.abs(found - y[j]) <= bound)) {
                    fail("denseForwardBf16 " + f + " m=" + m + " n=" + n + " k=" + k + ": out[" + i + "][" + j
                            + "] expected " + y[j] + " +- " + bound + ", found " + found);
                }
            }
        }
        for (int i = 0; i < actual.length; i++) {
            if ((i < 1 || i >= 1 + m * n) && Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(pristine[i])) {
                fail("denseForwardBf16 m=" + m + " n=" + n + " k=" + k + ": wrote outside out at index " + i);
            }
        }
        return actual;
    }

    @Test
    void denseForwardInt8PackedRejectsBadArguments() {
        Kernels k = kernels();
        byte[] w = new byte[12];
        float[] scales = new float[4];
        float[] x = new float[64];
        float[] out = new float[64];
        PackedWeights p = k.packWeightsInt8(4, 3, w, 0);
        assertThrows(IndexOutOfBoundsException.class, () -> k.packWeightsInt8(4, 3, new byte[11], 0));
        assertThrows(IllegalArgumentException.class, () -> k.packWeightsInt8(-1, 3, w, 0));
        assertThrows(NullPointerException.class, () -> k.packWeightsInt8(4, 3, null, 0));
        if (p != null) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> k.denseForwardInt8Packed(1, 3, 4, x, 0, w, 0, scales, 0, p, x, 20, Activation.RELU, out, 0));
            assertTrue(e.getMessage().contains("3 x 4") && e.getMessage().contains("4 x 3"), e.getMessage());
        }
        assertThrows(IndexOutOfBoundsException.class, () -> k.denseForwardInt8Packed(1, 4, 3, x, 0, new byte[11], 0,
                scales, 0, null, x, 0, Activation.RELU, out, 0));
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> k.denseForwardInt8Packed(
                1, 4, 3, x, 0, w, 0, new float[3], 0, p, x, 0, Activation.RELU, out, 0));
        assertTrue(e.getMessage().contains("scales"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> k.denseForwardInt8(1, 4, 3, x, 0, w, 0, out, 2,
                x, 0, Activation.RELU, out, 0), "out overlapping the scales");
    }

    /**
     * {@link Kernels#denseForwardInt8}: every path (1-3 rows of matrix-vector, batches, vector
     * tails in K and N, offsets) against the same layer computed in double from the int8 values
     * and their scales; the bound is the float32 dot-product bound of length k (the int8 values
     * are exact as floats), plus one rounding for the scale.
     */
    @TestFactory
    List<DynamicTest> denseForwardInt8MatchesDoubleReference() {
        List<DynamicTest> tests = new ArrayList<>();
        int[][] shapes = {{1, 1, 1}, {1, 8, 16}, {1, 17, 33}, {2, 65, 31}, {3, 10, 784}, {1, 256, 784},
                {1, 24, 7}, {3, 40, 47}, {1, 16, 0}, {1, 9, 64}, {2, 31, 128},
                {4, 9, 17}, {7, 17, 13}, {33, 3, 9}, {64, 130, 65}, {5, 0, 4}, {0, 3, 4}, {2, 3, 0}};
        for (Activation f : new Activation[]{Activation.LINEAR, Activation.RELU, Activation.SIGMOID, Activation.SOFTMAX}) {
            for (int[] s : shapes) {
                tests.add(DynamicTest.dynamicTest("int8 " + f + " m=" + s[0] + " n=" + s[1] + " k=" + s[2],
                        () -> checkDenseForwardInt8(kernels(), f, s[0], s[1], s[2])));
            }
        }
        return tests;
    }

    /** A matrix-vector product big enough for a multi-threaded backend to split: same bits on 1 and 2 threads. */
    @Test
    void denseForwardInt8IsBitIdenticalForOneAndTwoThreads() {
        for (int[] s : new int[][]{{1, 256, 784}, {2, 130, 700}, {3, 300, 1000}}) {
            float[] one = checkDenseForwardInt8(kernels(1), Activation.RELU, s[0], s[1], s[2]);
            float[] two = checkDenseForwardInt8(kernels(2), Activation.RELU, s[0], s[1], s[2]);
            assertArrayEquals(one, two, "denseForwardInt8: 1 and 2 threads differ");
        }
    }

    private static float[] checkDenseForwardInt8(Kernels kernels, Activation f, int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(m * 131L + n * 17L + k + 5);
        float[] weights = uniform(random, n * k, -1f, 1f);
        byte[] w = new byte[3 + n * k + GUARD];
        float[] scales = new float[2 + n + GUARD];
        Int8.quantize(n, k, weights, 0, scales, 2, w, 3);
        for (int i = 3 + n * k; i < w.length; i++) {
            w[i] = (byte) (random.nextInt(255) - 127);
        }
        float[] bias = uniform(random, 1 + n, -1f, 1f);
        float[] x = uniform(random, 2 + m * k, -1f, 1f);
        float[] pristine = uniform(random, 1 + m * n + GUARD, -1f, 1f);
        float[] actual = pristine.clone();
        String what = "denseForwardInt8 " + f + " m=" + m + " n=" + n + " k=" + k;
        kernels.denseForwardInt8(m, n, k, x, 2, w, 3, scales, 2, bias, 1, f, actual, 1);
        // The packed variant on the backend's own int8 layout: the same bits.
        PackedWeights packed = kernels.packWeightsInt8(n, k, w, 3);
        if (packed != null) {
            assertEquals(n, packed.outputs(), "packed int8 outputs");
            assertEquals(k, packed.inputs(), "packed int8 inputs");
        }
        float[] fromPacked = pristine.clone();
        kernels.denseForwardInt8Packed(m, n, k, x, 2, w, 3, scales, 2, packed, bias, 1, f, fromPacked, 1);
        assertArrayEquals(actual, fromPacked, what + ": packed and unpacked differ");
        for (int i = 0; i < m; i++) {
            double[] z = new double[n];
            double[] zBound = new double[n];
            double rowMax = 0;
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    double product = (double) x[2 + i * k + p] * w[3 + j * k + p];
                    sum += product;
                    magnitude += Math.abs(product);
                }
                double scale = scales[2 + j];
                z[j] = sum * scale + bias[1 + j];
                zBound[j] = 2 * (k + 4) * U * (magnitude * scale + Math.abs(bias[1 + j]));
                rowMax = Math.max(rowMax, zBound[j]);
            }
            double[] y = activateInDouble(f, z);
            for (int j = 0; j < n; j++) {
                double bound = (f == Activation.SOFTMAX ? 2 * rowMax : zBound[j]) + 1e-5 * Math.abs(y[j]) + 2e-7;
                float found = actual[1 + i * n + j];
                if (!(Math.abs(found - y[j]) <= bound)) {
                    fail(what + ": out[" + i + "][" + j + "] expected " + y[j] + " +- " + bound + ", found " + found);
                }
            }
        }
        for (int i = 0; i < actual.length; i++) {
            if ((i < 1 || i >= 1 + m * n) && Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(pristine[i])) {
                fail(what + ": wrote outside out at index " + i);
            }
        }
        return actual;
    }

    private static double[] activateInDouble(Activation f, double[] z) {
        double[] y = new double[z.length];
        if (f == Activation.SOFTMAX) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : z) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int j = 0; j < z.length; j++) {
                y[j] = Math.exp(z[j] - max);
                sum += y[j];
            }
            for (int j = 0; j < z.length; j++) {
                y[j] /= sum;
            }
            return y;
        }
        for (int j = 0; j < z.length; j++) {
            switch (f) {
                case LINEAR: y[j] = z[j]; break;
                case RELU: y[j] = Math.max(0, z[j]); break;
                case SIGMOID: y[j] = 1 / (1 + Math.exp(-z[j])); break;
                default: throw new AssertionError(f);
            }
        }
        return y;
    }

    /** Matrix-vector products big enough for a multi-threaded backend to split: same bits on 1 and 2 threads, packed or not. */
    @Test
    void denseForwardBf16IsBitIdenticalForOneAndTwoThreads() {
        for (int[] s : new int[][]{{1, 1100, 2048}, {3, 130, 700}}) {
            float[] one = checkDenseForwardBf16(kernels(1), Activation.RELU, s[0], s[1], s[2]);
            float[] two = checkDenseForwardBf16(kernels(2), Activation.RELU, s[0], s[1], s[2]);
            assertArrayEquals(one, two, "denseForwardBf16: 1 and 2 threads differ");
        }
    }

    @Test
    void denseForwardBf16RejectsBadArguments() {
        Kernels k = kernels();
        float[] x = new float[64];
        float[] out = new float[64];
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.denseForwardBf16(2, 4, 3, x, 0, new short[11], 0, x, 0, Activation.RELU, out, 0));
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.denseForwardBf16(2, 4, 3, x, 0, new short[12], 0, x, 61, Activation.RELU, out, 0));
        assertThrows(IllegalArgumentException.class,
                () -> k.denseForwardBf16(2, 4, 3, x, 0, new short[12], 0, x, 20, Activation.RELU, x, 2));
        assertThrows(NullPointerException.class,
                () -> k.denseForwardBf16(2, 4, 3, x, 0, null, 0, x, 20, Activation.RELU, out, 0));
    }

    @Test
    void addBiasMatchesReference() {
        for (int n : SIZES) {
            int m = 3;
            SplittableRandom random = new SplittableRandom(n);
            float[] bias = uniform(random, n + 4, -2f, 2f);
            float[] expected = uniform(random, 7 + m * n + GUARD, -2f, 2f);
            float[] actual = expected.clone();
            REFERENCE.addBias(m, n, bias, 4, expected, 7);
            kernels().addBias(m, n, bias, 4, actual, 7);
            assertClose("addBias n=" + n, expected, actual, (i, e) -> 0);
        }
    }

    // ================================================================ activations

    /** Values that stress activations: random, zeros of both signs, saturating, huge. */
    private static float[] activationInputs(SplittableRandom random, int len) {
        float[] z = uniform(random, len, -8f, 8f);
        float[] special = {0f, -0f, 1e-30f, -1e-30f, 20f, -20f, 88f, -88f, 100f, -100f, 1e4f, -1e4f, 0.5f, -0.5f};
        for (int i = 0; i < len; i++) {
            if (random.nextInt(5) == 0) {
                z[i] = special[random.nextInt(special.length)];
            }
        }
        return z;
    }

    @TestFactory
    List<DynamicTest> activationsMatchReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Activation f : Activation.values()) {
            if (!f.isElementwise()) {
                continue;
            }
            for (int len : SIZES) {
                for (boolean inPlace : new boolean[]{false, true}) {
                    tests.add(DynamicTest.dynamicTest(f + " len=" + len + (inPlace ? " in place" : ""), () -> {
                        SplittableRandom random = new SplittableRandom(len * 13L + f.ordinal());
                        float[] z = new float[3 + len + GUARD];
                        System.arraycopy(activationInputs(random, len), 0, z, 3, len);
                        float[] expected = inPlace ? z.clone() : new float[5 + len + GUARD];
                        float[] actualZ = z.clone();
                        float[] actual = inPlace ? actualZ : new float[5 + len + GUARD];
                        int outOff = inPlace ? 3 : 5;
                        REFERENCE.activate(f, 1, len, inPlace ? expected : z, 3, expected, outOff);
                        kernels().activate(f, 1, len, actualZ, 3, actual, outOff);
                        assertClose("activate " + f, expected, actual, (i, e) -> 1e-5 * Math.abs(e) + 2e-7);
                        if (!inPlace) {
                            assertArrayEquals(z, actualZ, "activate must not modify Z");
                        }
                    }));
                }
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> activationDerivativesMatchReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Activation f : Activation.values()) {
            if (!f.isElementwise()) {
                continue;
            }
            for (float parameter : parametersOf(f)) {
                for (int len : SIZES) {
                    tests.add(DynamicTest.dynamicTest(f + "(" + parameter + ")' len=" + len, () -> {
                        SplittableRandom random = new SplittableRandom(len * 17L + f.ordinal());
                        // z and y = f(z), as the model keeps them, at offsets.
                        float[] z = new float[1 + len];
                        System.arraycopy(activationInputs(random, len), 0, z, 1, len);
                        float[] y = new float[2 + len];
                        REFERENCE.activate(f, parameter, 1, len, z, 1, y, 2);
                        float[] expected = uniform(random, 4 + len + GUARD, -3f, 3f);
                        float[] actual = expected.clone();
                        float[] old = expected.clone();
                        REFERENCE.activationBackward(f, parameter, len, z, 1, y, 2, expected, 4);
                        kernels().activationBackward(f, parameter, len, z, 1, y, 2, actual, 4);
                        // f'(y) is formed from y in float: a few roundings of terms no larger than 1, times grad;
                        // the transcendental derivatives carry their functions' stated errors (a few 1e-7).
                        double fromFunctions = TRANSCENDENTAL_DERIVATIVES.contains(f) ? 1e-6 : 0;
                        assertClose("activationBackward " + f, expected, actual,
                                (i, e) -> 4 * U * (Math.abs(e) + Math.abs(old[i])) + fromFunctions * Math.abs(old[i]));
                        if (!f.needsPreActivation() && parameter == f.defaultParameter()) {
                            // The y-only overload gives the same as passing z.
                            float[] yOnly = old.clone();
                            kernels().activationBackward(f, len, y, 2, yOnly, 4);
                            assertArrayEquals(actual, yOnly, "activationBackward without z");
                        }
                    }));
                }
            }
        }
        return tests;
    }

    /** Derivatives computed with exp/erf (SIMD approximations) rather than from y alone. */
    private static final java.util.Set<Activation> TRANSCENDENTAL_DERIVATIVES =
            java.util.EnumSet.of(Activation.GELU, Activation.SILU, Activation.SOFTPLUS);

    /** The parameters each activation is tested with: the default, and one more for parameterised ones. */
    private static float[] parametersOf(Activation f) {
        switch (f) {
            case LEAKY_RELU: return new float[]{0.01f, 0.25f, 0f};
            case ELU: return new float[]{1f, 0.5f};
            default: return new float[]{0f};
        }
    }

    @TestFactory
    List<DynamicTest> parameterisedActivationsMatchReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Activation f : new Activation[]{Activation.LEAKY_RELU, Activation.ELU}) {
            for (float parameter : parametersOf(f)) {
                for (int len : new int[]{1, 7, 16, 33, 257}) {
                    tests.add(DynamicTest.dynamicTest(f + "(" + parameter + ") len=" + len, () -> {
                        SplittableRandom random = new SplittableRandom(len * 29L + f.ordinal());
                        float[] z = activationInputs(random, len);
                        float[] expected = new float[len];
                        float[] actual = new float[len];
                        REFERENCE.activate(f, parameter, 1, len, z, 0, expected, 0);
                        kernels().activate(f, parameter, 1, len, z, 0, actual, 0);
                        assertClose("activate " + f + "(" + parameter + ")", expected, actual,
                                (i, e) -> 1e-5 * Math.abs(e) + 2e-7);
                        // The fused dense layer takes the parameter too.
                        int n = len;
                        int k = 5;
                        float[] x = uniform(random, 3 * k, -2f, 2f);
                        float[] w = uniform(random, n * k + n, -1f, 1f);
                        float[] out1 = new float[3 * n];
                        float[] out2 = new float[3 * n];
                        REFERENCE.denseForward(3, n, k, x, 0, w, 0, w, n * k, f, parameter, out1, 0);
                        kernels().denseForward(3, n, k, x, 0, w, 0, w, n * k, f, parameter, out2, 0);
                        assertClose("denseForward " + f + "(" + parameter + ")", out1, out2,
                                (i, e) -> 1e-5 * Math.abs(e) + 1e-5);
                    }));
                }
            }
        }
        return tests;
    }

    @Test
    void badActivationParametersAreRefused() {
        float[] z = {1, -1};
        float[] y = new float[2];
        assertThrows(IllegalArgumentException.class, () -> kernels().activate(Activation.LEAKY_RELU, -0.1f, 1, 2, z, 0, y, 0));
        assertThrows(IllegalArgumentException.class, () -> kernels().activate(Activation.ELU, 0f, 1, 2, z, 0, y, 0));
        assertThrows(IllegalArgumentException.class, () -> kernels().activate(Activation.RELU, 0.5f, 1, 2, z, 0, y, 0));
        assertThrows(IllegalArgumentException.class,
                () -> kernels().activationBackward(Activation.GELU, 0f, 2, null, 0, y, 0, y.clone(), 0));
        assertThrows(IllegalArgumentException.class, () -> kernels().activationBackward(Activation.SILU, 2, y, 0, y.clone(), 0));
    }

    @TestFactory
    List<DynamicTest> softmaxRowsMatchReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int n : SIZES) {
            for (float logitScale : new float[]{1f, 30f, 1000f}) {
                tests.add(DynamicTest.dynamicTest("softmax n=" + n + " logits up to " + logitScale, () -> {
                    SplittableRandom random = new SplittableRandom(n * 19L + (long) logitScale);
                    int m = 5;
                    float[] z = uniform(random, 1 + m * n, -logitScale, logitScale);
                    // Row 1: equal logits; row 2: one dominant logit; row 3: large and shifted.
                    Arrays.fill(z, 1 + n, 1 + 2 * n, 0.25f * logitScale);
                    z[1 + 2 * n + n / 2] = 1e4f;
                    for (int j = 0; j < n; j++) {
                        z[1 + 3 * n + j] += 5e3f;
                    }
                    float[] expected = new float[m * n + GUARD];
                    float[] actual = new float[m * n + GUARD];
                    REFERENCE.activate(Activation.SOFTMAX, m, n, z, 1, expected, 0);
                    kernels().activate(Activation.SOFTMAX, m, n, z, 1, actual, 0);
                    double maxZ = maxAbs(z);
                    assertClose("softmax", expected, actual,
                            (i, e) -> (1e-5 + (n + 8 * maxZ) * U) * Math.abs(e) + 1e-7);
                    for (int i = 0; i < m; i++) {
                        double rowSum = 0;
                        for (int j = 0; j < n; j++) {
                            rowSum += actual[i * n + j];
                        }
                        assertEquals(1.0, rowSum, 1e-5 + 2 * n * U, "softmax row " + i + " sums to 1");
                    }
                    // In place gives the same result.
                    float[] inPlace = z.clone();
                    kernels().activate(Activation.SOFTMAX, m, n, inPlace, 1, inPlace, 1);
                    assertArrayEquals(Arrays.copyOfRange(actual, 0, m * n), Arrays.copyOfRange(inPlace, 1, 1 + m * n),
                            "softmax in place");
                }));
            }
        }
        return tests;
    }

    // ================================================================ losses

    /** A loss kernel under test, with optional outputs. */
    private interface LossCall {
        double run(Kernels k, int m, int n, float[] z, float[] y, float[] probs, float[] grad);
    }

    @TestFactory
    List<DynamicTest> lossesMatchReference() {
        List<DynamicTest> tests = new ArrayList<>();
        LossCall mse = (k, m, n, z, y, probs, grad) -> k.mseLoss(m, n, z, 1, y, 2, grad, 3);
        LossCall ce = (k, m, n, z, y, probs, grad) -> k.softmaxCrossEntropy(m, n, z, 1, y, 2, probs, 4, grad, 3);
        LossCall bce = (k, m, n, z, y, probs, grad) -> k.sigmoidBinaryCrossEntropy(m, n, z, 1, y, 2, probs, 4, grad, 3);
        int[][] shapes = {{1, 1}, {1, 10}, {7, 3}, {16, 17}, {33, 2}, {128, 10}, {3, 784}, {65, 1}, {0, 5}, {4, 0}};
        for (Loss loss : Loss.values()) {
            LossCall call = loss == Loss.MSE ? mse : loss == Loss.CROSS_ENTROPY ? ce : bce;
            for (int[] s : shapes) {
                for (float scale : new float[]{4f, 500f}) {
                    for (int outputs = 0; outputs < 4; outputs++) {
                        boolean withProbs = (outputs & 1) != 0;
                        boolean withGrad = (outputs & 2) != 0;
                        if (loss == Loss.MSE && withProbs) {
                            continue;
                        }
                        tests.add(DynamicTest.dynamicTest(loss + " m=" + s[0] + " n=" + s[1] + " |z|<=" + scale
                                        + (withProbs ? " +probs" : "") + (withGrad ? " +grad" : ""),
                                () -> checkLoss(loss, call, s[0], s[1], scale, withProbs, withGrad)));
                    }
                }
            }
        }
        return tests;
    }

    private void checkLoss(Loss loss, LossCall call, int m, int n, float scale, boolean withProbs, boolean withGrad) {
        SplittableRandom random = new SplittableRandom(m * 1000L + n + (long) scale);
        float[] z = uniform(random, 1 + m * n, -scale, scale);
        float[] y = new float[2 + m * n];
        for (int i = 0; i < m; i++) {
            if (loss == Loss.CROSS_ENTROPY) {
                // Alternate one-hot rows and distributions.
                if (i % 2 == 0 && n > 0) {
                    y[2 + i * n + random.nextInt(n)] = 1f;
                } else {
                    float[] d = uniform(random, n, 0f, 1f);
                    double sum = 0;
                    for (float v : d) {
                        sum += v;
                    }
                    for (int j = 0; j < n; j++) {
                        y[2 + i * n + j] = (float) (d[j] / sum);
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    y[2 + i * n + j] = loss == Loss.MSE ? (float) random.nextDouble(-scale, scale)
                            : random.nextInt(3) / 2f;
                }
            }
        }
        float[] probsExpected = withProbs ? uniform(random, 4 + m * n + GUARD, -1f, 1f) : null;
        float[] gradExpected = withGrad ? uniform(random, 3 + m * n + GUARD, -1f, 1f) : null;
        float[] probsActual = withProbs ? probsExpected.clone() : null;
        float[] gradActual = withGrad ? gradExpected.clone() : null;
        float[] zCopy = z.clone();
        float[] yCopy = y.clone();
        double expected = call.run(REFERENCE, m, n, z, y, probsExpected, gradExpected);
        double actual = call.run(kernels(), m, n, zCopy, yCopy, probsActual, gradActual);
        int len = m * n;
        double maxZ = maxAbs(z);
        double lossBound = (1e-5 + 4 * (len + n + 2) * U) * Math.max(1, Math.abs(expected)) + 16 * U * maxZ;
        if (loss == Loss.MSE) {
            lossBound = (1e-5 + 4 * (len + 2) * U) * Math.abs(expected) + 1e-9;
        }
        assertEquals(expected, actual, lossBound, loss + " value");
        assertArrayEquals(z, zCopy, "logits must not change");
        assertArrayEquals(y, yCopy, "targets must not change");
        double rows = loss == Loss.CROSS_ENTROPY ? Math.max(m, 1) : Math.max(len, 1);
        if (withProbs) {
            assertClose(loss + " probs", probsExpected, probsActual,
                    (i, e) -> (1e-5 + (n + 16 * maxZ) * U) * Math.abs(e) + 1e-7);
        }
        if (withGrad) {
            double gradBound = loss == Loss.MSE ? 0 : (1e-5 + (n + 16 * maxZ) * U) / rows;
            assertClose(loss + " grad", gradExpected, gradActual,
                    (i, e) -> gradBound + 4 * U * Math.abs(e) + 1e-7 / rows);
        }
    }

    @Test
    void lossesMatchHandWorkedValues() {
        Kernels k = kernels();
        // softmax([0, ln 3]) = [1/4, 3/4]; CE with target class 1 is -ln(3/4).
        float[] z = {0f, (float) Math.log(3)};
        float[] y = {0f, 1f};
        float[] probs = new float[2];
        float[] grad = new float[2];
        assertEquals(-Math.log(0.75), k.softmaxCrossEntropy(1, 2, z, 0, y, 0, probs, 0, grad, 0), 1e-6);
        assertArrayEquals(new float[]{0.25f, 0.75f}, probs, 1e-6f);
        assertArrayEquals(new float[]{0.25f, -0.25f}, grad, 1e-6f);
        // BCE at logit 0 is ln 2 whatever the target; gradient (1/2 - y) / 2.
        float[] bceGrad = new float[2];
        assertEquals(Math.log(2), k.sigmoidBinaryCrossEntropy(1, 2, new float[2], 0, new float[]{0f, 1f}, 0,
                null, 0, bceGrad, 0), 1e-6);
        assertArrayEquals(new float[]{0.25f, -0.25f}, bceGrad, 1e-7f);
        // MSE of [1, 3] against [0, 0] is 5; gradient 2 (yHat - y) / 2.
        float[] mseGrad = new float[2];
        assertEquals(5.0, k.mseLoss(1, 2, new float[]{1, 3}, 0, new float[2], 0, mseGrad, 0), 1e-6);
        assertArrayEquals(new float[]{1f, 3f}, mseGrad, 0f);
    }

    // ================================================================ reductions

    @TestFactory
    List<DynamicTest> columnSumsMatchReference() {
        List<DynamicTest> tests = new ArrayList<>();
        SplittableRandom sizes = new SplittableRandom(77);
        for (int size : SIZES) {
            for (boolean accumulate : new boolean[]{false, true}) {
                int m = size;
                int n = SIZES[sizes.nextInt(SIZES.length)];
                tests.add(DynamicTest.dynamicTest("m=" + m + " n=" + n + (accumulate ? " accumulate" : ""), () -> {
                    SplittableRandom random = new SplittableRandom(m * 7L + n);
                    float[] a = uniform(random, 3 + m * n, -1f, 1f);
                    float[] expected = uniform(random, 6 + n + GUARD, -1f, 1f);
                    float[] actual = expected.clone();
                    float[] old = expected.clone();
                    float[] magnitude = new float[expected.length];
                    REFERENCE.columnSums(m, n, abs(a), 3, magnitude, 6, false);
                    REFERENCE.columnSums(m, n, a, 3, expected, 6, accumulate);
                    kernels().columnSums(m, n, a, 3, actual, 6, accumulate);
                    assertClose("columnSums", expected, actual, (i, e) -> 2 * ((m + 2) * U
                            * (magnitude[i] + (accumulate ? Math.abs(old[i]) : 0)) + U * Math.abs(e)));
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("m=0 overwrite gives zeros", () -> {
            float[] out = {5f, 5f, 5f};
            kernels().columnSums(0, 2, new float[0], 0, out, 1, false);
            assertArrayEquals(new float[]{5f, 0f, 0f}, out, 0f);
        }));
        return tests;
    }

    @Test
    void sumOfSquaresMatchesReference() {
        int[] lengths = Arrays.copyOf(SIZES, SIZES.length + 3);
        lengths[SIZES.length] = 0;
        lengths[SIZES.length + 1] = 4099;
        lengths[SIZES.length + 2] = 100_003;
        for (int len : lengths) {
            SplittableRandom random = new SplittableRandom(len);
            float[] x = uniform(random, 5 + len, -3f, 3f);
            double expected = REFERENCE.sumOfSquares(len, x, 5);
            double actual = kernels().sumOfSquares(len, x, 5);
            assertEquals(expected, actual, (len + 2) * U * expected + 1e-30, "sumOfSquares len=" + len);
        }
        // Every position counts, the tail included: one non-zero element gives exactly its square.
        for (int len : SIZES) {
            for (int pos = 0; pos < len; pos += Math.max(1, len / 40)) {
                float[] x = new float[2 + len + 1];
                x[0] = 100f;
                x[x.length - 1] = 100f;
                x[2 + pos] = 3f;
                assertEquals(9.0, kernels().sumOfSquares(len, x, 2), 0.0, "len=" + len + " position " + pos);
                x[2 + len - 1] = 3f;
                assertEquals(pos == len - 1 ? 9.0 : 18.0, kernels().sumOfSquares(len, x, 2), 0.0,
                        "len=" + len + " last position");
            }
        }
    }

    @Test
    void allFiniteFindsEveryNonFiniteValue() {
        for (int len : SIZES) {
            float[] x = uniform(new SplittableRandom(len), 3 + len + 3, -1f, 1f);
            // Non-finite values just outside the slice do not count.
            x[2] = Float.NaN;
            x[3 + len] = Float.POSITIVE_INFINITY;
            assertTrue(kernels().allFinite(len, x, 3), "finite slice of " + len);
            assertTrue(REFERENCE.allFinite(len, x, 3));
            for (int pos = 0; pos < len; pos++) {
                // Every tail position, and a spread of positions in the body.
                if (pos < 8 || pos >= len - 17 || pos % 13 == 0) {
                    for (float bad : new float[]{Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
                        float keep = x[3 + pos];
                        x[3 + pos] = bad;
                        assertFalse(kernels().allFinite(len, x, 3), bad + " at " + pos + " of " + len);
                        x[3 + pos] = keep;
                    }
                }
            }
        }
        assertTrue(kernels().allFinite(0, new float[]{Float.NaN}, 0), "empty slice");
        assertTrue(kernels().allFinite(2, new float[]{Float.MAX_VALUE, -Float.MAX_VALUE}, 0), "largest finite");
    }

    // ================================================================ updates

    @Test
    void axpyScaleAndClipMatchReference() {
        for (int len : SIZES) {
            SplittableRandom random = new SplittableRandom(len * 3L);
            float[] x = uniform(random, 1 + len, -2f, 2f);
            float[] yExpected = uniform(random, 4 + len + GUARD, -2f, 2f);
            float[] yActual = yExpected.clone();
            REFERENCE.axpy(len, -0.37f, x, 1, yExpected, 4);
            kernels().axpy(len, -0.37f, x, 1, yActual, 4);
            // One rounding (or a fused multiply-add): within an ulp of each term.
            assertClose("axpy len=" + len, yExpected, yActual, (i, e) -> 2 * U * (Math.abs(e) + 2));
            // In place: y += alpha y.
            float[] selfExpected = x.clone();
            float[] selfActual = x.clone();
            REFERENCE.axpy(len, 0.5f, selfExpected, 1, selfExpected, 1);
            kernels().axpy(len, 0.5f, selfActual, 1, selfActual, 1);
            assertClose("axpy in place", selfExpected, selfActual, (i, e) -> 2 * U * Math.abs(e));

            float[] sExpected = uniform(random, 2 + len + GUARD, -5f, 5f);
            sExpected[2] = Float.POSITIVE_INFINITY;
            float[] sActual = sExpected.clone();
            REFERENCE.scale(len, 1.7f, sExpected, 2);
            kernels().scale(len, 1.7f, sActual, 2);
            assertClose("scale len=" + len, sExpected, sActual, (i, e) -> 0);

            for (float limit : new float[]{0f, 0.5f, 3f}) {
                float[] cExpected = uniform(random, 3 + len + GUARD, -5f, 5f);
                cExpected[3] = Float.NEGATIVE_INFINITY;
                cExpected[3 + len - 1] = limit;
                float[] cActual = cExpected.clone();
                REFERENCE.clipByValue(len, limit, cExpected, 3);
                kernels().clipByValue(len, limit, cActual, 3);
                assertClose("clipByValue " + limit + " len=" + len, cExpected, cActual, (i, e) -> 0);
            }
        }
    }

    @TestFactory
    List<DynamicTest> momentumUpdateMatchesReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (boolean nesterov : new boolean[]{false, true}) {
            for (float momentum : new float[]{0f, 0.9f}) {
                for (float decay : new float[]{0f, 1e-2f}) {
                    for (int len : new int[]{1, 7, 16, 17, 65, 257, 784}) {
                        tests.add(DynamicTest.dynamicTest("nesterov " + nesterov + " momentum " + momentum
                                + " decay " + decay + " len " + len, () -> {
                            SplittableRandom random = new SplittableRandom(len);
                            float[] w = uniform(random, 1 + len + GUARD, -1f, 1f);
                            float[] g = uniform(random, 2 + len, -1f, 1f);
                            float[] v = uniform(random, 3 + len + GUARD, -0.1f, 0.1f);
                            float[] wa = w.clone();
                            float[] va = v.clone();
                            for (int step = 0; step < 3; step++) {
                                REFERENCE.momentumUpdate(len, 0.05f, momentum, nesterov, decay, w, 1, g, 2, v, 3);
                                kernels().momentumUpdate(len, 0.05f, momentum, nesterov, decay, wa, 1, g, 2, va, 3);
                            }
                            assertClose("w", w, wa, (i, e) -> 1e-6 + 8 * U * Math.abs(e));
                            assertClose("v", v, va, (i, e) -> 1e-6 + 8 * U * Math.abs(e));
                        }));
                    }
                }
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> adamUpdateMatchesReference() {
        List<DynamicTest> tests = new ArrayList<>();
        for (boolean decoupled : new boolean[]{false, true}) {
            for (float decay : new float[]{0f, 1e-2f}) {
                for (long t : new long[]{1, 10, 1000}) {
                    for (int len : new int[]{1, 3, 16, 31, 64, 127, 784}) {
                        tests.add(DynamicTest.dynamicTest("decoupled " + decoupled + " decay " + decay + " t " + t
                                + " len " + len, () -> {
                            SplittableRandom random = new SplittableRandom(len + t);
                            float[] w = uniform(random, 1 + len + GUARD, -1f, 1f);
                            float[] g = uniform(random, 2 + len, -1f, 1f);
                            float[] m = uniform(random, 3 + len + GUARD, -0.1f, 0.1f);
                            float[] v = uniform(random, 4 + len + GUARD, 0.001f, 0.1f);
                            float[] wa = w.clone();
                            float[] ma = m.clone();
                            float[] va = v.clone();
                            for (long step = t; step < t + 3; step++) {
                                REFERENCE.adamUpdate(len, 1e-3f, 0.9f, 0.999f, 1e-8f, decay, decoupled, step,
                                        w, 1, g, 2, m, 3, v, 4);
                                kernels().adamUpdate(len, 1e-3f, 0.9f, 0.999f, 1e-8f, decay, decoupled, step,
                                        wa, 1, g, 2, ma, 3, va, 4);
                            }
                            assertClose("w", w, wa, (i, e) -> 1e-7 + 8 * U * Math.abs(e));
                            assertClose("m", m, ma, (i, e) -> 1e-7 + 8 * U * Math.abs(e));
                            assertClose("v", v, va, (i, e) -> 1e-9 + 8 * U * Math.abs(e));
                        }));
                    }
                }
            }
        }
        return tests;
    }

    // ================================================================ up-front checks

    /** A kernel call expected to be rejected before it writes anything. */
    private interface BadCall {
        void run(Kernels k, float[] out, float[] other);
    }

    /**
     * Each bad call must throw the same exception type as the reference, with a message, and
     * leave every array it was given exactly as it was.
     */
    @TestFactory
    List<DynamicTest> badCallsThrowAndWriteNothing() {
        List<DynamicTest> tests = new ArrayList<>();
        // out: the output array (length 64); other: a second array (length 64) for inputs.
        addBad(tests, "gemmNT A too short", (k, o, x) -> k.gemmNT(4, 4, 20, x, 0, x, 0, o, 0, false));
        addBad(tests, "gemmNN B too short", (k, o, x) -> k.gemmNN(2, 40, 2, x, 0, x, 0, o, 0, false));
        addBad(tests, "gemmTN C too short", (k, o, x) -> k.gemmTN(9, 9, 2, x, 0, x, 0, o, 0, true));
        addBad(tests, "gemmNT negative m", (k, o, x) -> k.gemmNT(-1, 2, 2, x, 0, x, 0, o, 0, false));
        addBad(tests, "gemmNT negative offset", (k, o, x) -> k.gemmNT(2, 2, 2, x, -1, x, 0, o, 0, false));
        addBad(tests, "gemmNT C overlaps A", (k, o, x) -> k.gemmNT(2, 2, 3, o, 0, x, 0, o, 5, false));
        addBad(tests, "gemmNN C overlaps B", (k, o, x) -> k.gemmNN(2, 3, 2, x, 0, o, 10, o, 14, true));
        addBad(tests, "gemmTN C overlaps A", (k, o, x) -> k.gemmTN(3, 3, 3, o, 8, x, 0, o, 0, false));
        addBad(tests, "gemmNT null C", (k, o, x) -> k.gemmNT(1, 1, 1, x, 0, x, 0, null, 0, false));
        addBad(tests, "denseForward bias too short",
                (k, o, x) -> k.denseForward(2, 4, 3, x, 0, x, 0, x, 62, Activation.RELU, o, 0));
        addBad(tests, "denseForward out overlaps bias",
                (k, o, x) -> k.denseForward(2, 4, 3, x, 0, x, 0, o, 3, Activation.TANH, o, 0));
        addBad(tests, "denseForward out overlaps X",
                (k, o, x) -> k.denseForward(2, 4, 3, o, 0, x, 0, x, 20, Activation.LINEAR, o, 4));
        addBad(tests, "addBias C too short", (k, o, x) -> k.addBias(9, 8, x, 0, o, 0));
        addBad(tests, "activate out too short", (k, o, x) -> k.activate(Activation.SIGMOID, 4, 10, x, 0, o, 30));
        addBad(tests, "activate partial overlap", (k, o, x) -> k.activate(Activation.TANH, 2, 5, o, 0, o, 3));
        addBad(tests, "softmax partial overlap", (k, o, x) -> k.activate(Activation.SOFTMAX, 2, 5, o, 1, o, 0));
        addBad(tests, "activationBackward of softmax",
                (k, o, x) -> k.activationBackward(Activation.SOFTMAX, 10, x, 0, o, 0));
        addBad(tests, "activationBackward Y too short",
                (k, o, x) -> k.activationBackward(Activation.RELU, 10, x, 60, o, 0));
        addBad(tests, "mseLoss grad too short", (k, o, x) -> k.mseLoss(8, 8, x, 0, x, 0, o, 1));
        addBad(tests, "mseLoss Y too short", (k, o, x) -> k.mseLoss(8, 4, x, 0, x, 40, o, 0));
        addBad(tests, "softmaxCrossEntropy grad too short",
                (k, o, x) -> k.softmaxCrossEntropy(4, 8, x, 0, x, 0, o, 0, o, 40));
        addBad(tests, "softmaxCrossEntropy probs too short",
                (k, o, x) -> k.softmaxCrossEntropy(4, 8, x, 0, x, 0, o, 60, o, 0));
        addBad(tests, "sigmoidBinaryCrossEntropy grad too short",
                (k, o, x) -> k.sigmoidBinaryCrossEntropy(4, 8, x, 0, x, 0, null, 0, o, 33));
        addBad(tests, "sigmoidBinaryCrossEntropy Z too short",
                (k, o, x) -> k.sigmoidBinaryCrossEntropy(4, 8, x, 40, x, 0, o, 0, o, 32));
        addBad(tests, "columnSums out too short", (k, o, x) -> k.columnSums(2, 10, x, 0, o, 60, false));
        addBad(tests, "columnSums out overlaps A", (k, o, x) -> k.columnSums(4, 4, o, 0, o, 10, true));
        addBad(tests, "sumOfSquares negative length", (k, o, x) -> k.sumOfSquares(-1, o, 0));
        addBad(tests, "allFinite past the end", (k, o, x) -> k.allFinite(10, o, 60));
        addBad(tests, "axpy partial overlap", (k, o, x) -> k.axpy(10, 2f, o, 0, o, 5));
        addBad(tests, "axpy y too short", (k, o, x) -> k.axpy(10, 2f, x, 0, o, 58));
        addBad(tests, "scale past the end", (k, o, x) -> k.scale(65, 2f, o, 0));
        addBad(tests, "clipByValue negative limit", (k, o, x) -> k.clipByValue(10, -1f, o, 0));
        addBad(tests, "clipByValue NaN limit", (k, o, x) -> k.clipByValue(10, Float.NaN, o, 0));
        addBad(tests, "momentumUpdate v too short",
                (k, o, x) -> k.momentumUpdate(40, 0.1f, 0.9f, true, 0f, o, 0, x, 0, x, 30));
        addBad(tests, "momentumUpdate g too short",
                (k, o, x) -> k.momentumUpdate(40, 0.1f, 0.9f, false, 0f, o, 0, x, 30, o, 20));
        addBad(tests, "adamUpdate t = 0",
                (k, o, x) -> k.adamUpdate(10, 0.1f, 0.9f, 0.999f, 1e-8f, 0f, true, 0, o, 0, x, 0, o, 20, o, 40));
        addBad(tests, "adamUpdate m too short",
                (k, o, x) -> k.adamUpdate(10, 0.1f, 0.9f, 0.999f, 1e-8f, 0f, false, 1, o, 0, x, 0, x, 60, o, 40));
        return tests;
    }

    private void addBad(List<DynamicTest> tests, String name, BadCall call) {
        tests.add(DynamicTest.dynamicTest(name, () -> {
            Class<? extends Throwable> expectedType = thrownBy(REFERENCE, call);
            assertNotNull(expectedType, "the reference must reject: " + name);
            float[] out = uniform(new SplittableRandom(1), 64, -1f, 1f);
            float[] other = uniform(new SplittableRandom(2), 64, -1f, 1f);
            float[] outBefore = out.clone();
            float[] otherBefore = other.clone();
            Throwable thrown = assertThrows(expectedType, () -> call.run(kernels(), out, other), name);
            assertNotNull(thrown.getMessage(), name + ": the exception says what is wrong");
            assertFalse(thrown.getMessage().isBlank(), name + ": the exception says what is wrong");
            assertArrayEquals(outBefore, out, name + ": output written before the check");
            assertArrayEquals(otherBefore, other, name + ": input written before the check");
        }));
    }

    private static Class<? extends Throwable> thrownBy(Kernels kernels, BadCall call) {
        try {
            call.run(kernels, new float[64], new float[64]);
            return null;
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    // ================================================================ threads

    /** Large enough for a multi-threaded backend to split the work. */
    @Test
    void resultsAreBitIdenticalForOneAndTwoThreads() {
        Kernels one = kernels(1);
        Kernels two = kernels(2);
        int m = 128;
        int n = 257;
        int k = 256;
        SplittableRandom random = new SplittableRandom(12);
        float[] a = uniform(random, 1 + m * k, -1f, 1f);
        float[] b = uniform(random, 2 + n * k, -1f, 1f);
        for (Shape shape : Shape.values()) {
            for (boolean accumulate : new boolean[]{false, true}) {
                float[] c1 = uniform(new SplittableRandom(3), 3 + m * n, -1f, 1f);
                float[] c2 = c1.clone();
                shape.run(one, m, n, k, a, 1, b, 2, c1, 3, accumulate);
                shape.run(two, m, n, k, a, 1, b, 2, c2, 3, accumulate);
                assertArrayEquals(c1, c2, shape + (accumulate ? " accumulate" : "") + ": 1 and 2 threads differ");
            }
        }
        float[] z = uniform(random, m * n, -5f, 5f);
        float[] y = uniform(random, m * n, 0f, 1f);
        float[] g1 = new float[m * n];
        float[] g2 = new float[m * n];
        assertEquals(one.softmaxCrossEntropy(m, n, z, 0, y, 0, null, 0, g1, 0),
                two.softmaxCrossEntropy(m, n, z, 0, y, 0, null, 0, g2, 0), 0.0, "softmaxCrossEntropy");
        assertArrayEquals(g1, g2, "softmaxCrossEntropy gradient");
        float[] s1 = new float[n];
        float[] s2 = new float[n];
        one.columnSums(m, n, z, 0, s1, 0, false);
        two.columnSums(m, n, z, 0, s2, 0, false);
        assertArrayEquals(s1, s2, "columnSums");
        assertEquals(one.sumOfSquares(a.length, a, 0), two.sumOfSquares(a.length, a, 0), 0.0, "sumOfSquares");
    }

    /** Concurrent calls on disjoint outputs (the SPI's thread-safety promise) give the serial results. */
    @Test
    void concurrentCallsOnDisjointOutputsGiveTheSerialResults() throws Exception {
        Kernels kernels = kernels();
        int callers = 4;
        int m = 33;
        int n = 65;
        int k = 127;
        SplittableRandom random = new SplittableRandom(8);
        // Operands at non-zero offsets, so backends that stage operands use their buffers.
        float[] a = uniform(random, 7 + callers * m * k, -1f, 1f);
        float[] b = uniform(random, 5 + callers * n * k, -1f, 1f);
        float[][] serial = new float[callers][];
        for (int t = 0; t < callers; t++) {
            serial[t] = new float[1 + m * n];
            kernels.gemmNT(m, n, k, a, 7 + t * m * k, b, 5 + t * n * k, serial[t], 1, false);
        }
        float[][] concurrent = new float[callers][1 + m * n];
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(callers);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(callers);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < callers; t++) {
                int caller = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int repeat = 0; repeat < 20; repeat++) {
                        kernels.gemmNT(m, n, k, a, 7 + caller * m * k, b, 5 + caller * n * k,
                                concurrent[caller], 1, false);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int t = 0; t < callers; t++) {
            assertArrayEquals(serial[t], concurrent[t], "caller " + t);
        }
    }

    // ================================================================ whole training

    /**
     * Tolerance on trained weights, relative to {@code max(1, |w|)}: a few epochs of SGD on
     * float kernels that round differently from the reference drift apart by far less.
     */
    protected static final double TRAINED_WEIGHT_TOLERANCE = 2e-4;

    @Test
    void trainingASoftmaxNetworkEndsWithTheReferenceWeights() {
        checkTrainingMatchesReference(Activation.TANH, Activation.RELU, Activation.SOFTMAX, Loss.CROSS_ENTROPY);
    }

    @Test
    void trainingASigmoidNetworkEndsWithTheReferenceWeights() {
        checkTrainingMatchesReference(Activation.RELU, Activation.TANH, Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY);
    }

    /** A 13-17-9-3 network trained for 4 epochs from the same seed on both backends. */
    private void checkTrainingMatchesReference(Activation first, Activation second, Activation out, Loss loss) {
        int rows = 240;
        int inputs = 13;
        int outputs = 3;
        SplittableRandom random = new SplittableRandom(2718);
        float[] x = uniform(random, rows * inputs, -1f, 1f);
        DataSet data;
        if (loss == Loss.CROSS_ENTROPY) {
            int[] labels = new int[rows];
            for (int r = 0; r < rows; r++) {
                // A learnable rule: the class follows the sign pattern of two features.
                labels[r] = x[r * inputs] > 0 ? (x[r * inputs + 1] > 0 ? 0 : 1) : 2;
            }
            data = DataSet.ofClasses(x, inputs, labels, outputs);
        } else {
            float[] y = new float[rows * outputs];
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < outputs; j++) {
                    y[r * outputs + j] = x[r * inputs + j] + x[r * inputs + j + 3] > 0 ? 1f : 0f;
                }
            }
            data = DataSet.of(x, inputs, y, outputs);
        }
        Mlp reference = network(first, second, out, loss, REFERENCE);
        Mlp candidate = network(first, second, out, loss, kernels());
        float[] initial = reference.parameters().clone();
        assertArrayEquals(initial, candidate.parameters(), "same seed, same initial weights");

        Trainer trainer = Trainer.builder().learningRate(0.2).batchSize(16).epochs(4).seed(99).build();
        List<EpochReport> referenceHistory = trainer.fit(reference, data);
        List<EpochReport> candidateHistory = trainer.fit(candidate, data);

        assertTrue(referenceHistory.get(3).loss() < referenceHistory.get(0).loss() * 0.95,
                "the run must actually learn: " + referenceHistory);
        float[] expected = reference.parameters();
        float[] actual = candidate.parameters();
        double moved = 0;
        for (int i = 0; i < expected.length; i++) {
            moved = Math.max(moved, Math.abs(expected[i] - initial[i]));
            double bound = TRAINED_WEIGHT_TOLERANCE * Math.max(1, Math.abs(expected[i]));
            if (!(Math.abs(actual[i] - expected[i]) <= bound)) {
                fail("parameter " + i + " after training: expected " + expected[i] + " +- " + bound
                        + ", found " + actual[i]);
            }
        }
        assertTrue(moved > 100 * TRAINED_WEIGHT_TOLERANCE, "training must move the weights, moved " + moved);
        for (int e = 0; e < referenceHistory.size(); e++) {
            assertEquals(referenceHistory.get(e).loss(), candidateHistory.get(e).loss(),
                    TRAINED_WEIGHT_TOLERANCE * Math.max(1, referenceHistory.get(e).loss()), "epoch " + (e + 1) + " loss");
        }
    }

    private static Mlp network(Activation first, Activation second, Activation out, Loss loss, Kernels kernels) {
        return Mlp.builder(13).hidden(17, first).hidden(9, second).output(3, out).loss(loss)
                .seed(31).kernels(kernels).build();
    }

    // ================================================================ helpers

    /** Tolerance of one element, given its index and the reference value. */
    protected interface Bound {
        double at(int index, float expected);
    }

    /**
     * Fails unless the arrays have the same length and every element is within its bound
     * (exactly equal where the bound is 0; NaN only where the reference has NaN).
     */
    protected static void assertClose(String what, float[] expected, float[] actual, Bound bound) {
        assertEquals(expected.length, actual.length, what + ": array length");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = actual[i];
            if (Float.floatToIntBits(e) == Float.floatToIntBits(a)) {
                continue;
            }
            double allowed = bound.at(i, e);
            if (Float.isNaN(e) || Float.isNaN(a) || !(Math.abs((double) a - e) <= allowed)) {
                fail(what + ": element " + i + " expected " + e + " +- " + allowed + ", found " + a);
            }
        }
    }

    /** {@code len} floats uniform in {@code [lo, hi)}. */
    protected static float[] uniform(SplittableRandom random, int len, float lo, float hi) {
        float[] values = new float[len];
        for (int i = 0; i < len; i++) {
            values[i] = (float) random.nextDouble(lo, hi);
        }
        return values;
    }

    private static float[] abs(float[] values) {
        float[] result = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = Math.abs(values[i]);
        }
        return result;
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static int pick(SplittableRandom random, int[] values) {
        return values[random.nextInt(values.length)];
    }
}
