package dev.vecmlp.simd;

import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.kernel.reference.ReferenceKernels;
import dev.vecmlp.model.Activation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The three GEMM shapes and the fused dense forward of {@link SimdKernels} against
 * {@link ReferenceKernels} on sampled awkward sizes (every listed size appears in every
 * dimension), accumulate and overwrite, non-zero offsets and guard values around each slice;
 * plus bit-identical results for 1 and 2 threads above the threading threshold.
 */
class SimdGemmTest {
    static final int[] SIZES = {1, 2, 3, 7, 15, 16, 17, 31, 33, 63, 64, 65, 127, 257, 784};
    /** Largest m n k sampled, to keep the double-precision oracle fast. */
    static final long MAX_MACS = 3_000_000;

    enum Shape { NT, NN, TN }

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

    /** Each size in each dimension, the two others drawn from the list under the size cap. */
    static List<int[]> sampledShapes() {
        SplittableRandom random = new SplittableRandom(7);
        List<int[]> shapes = new ArrayList<>();
        for (int dim = 0; dim < 3; dim++) {
            for (int s : SIZES) {
                int[] mnk = new int[3];
                do {
                    for (int d = 0; d < 3; d++) {
                        mnk[d] = d == dim ? s : SIZES[random.nextInt(SIZES.length)];
                    }
                } while ((long) mnk[0] * mnk[1] * mnk[2] > MAX_MACS);
                shapes.add(mnk);
            }
        }
        // The canonical layer shapes at the batches that choose the other paths.
        shapes.add(new int[]{128, 256, 64});
        shapes.add(new int[]{32, 128, 256});
        shapes.add(new int[]{128, 10, 128});
        shapes.add(new int[]{1, 256, 784});
        shapes.add(new int[]{4, 33, 65});
        shapes.add(new int[]{65, 64, 257});
        return shapes;
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (int[] s : sampledShapes()) {
            for (Shape shape : Shape.values()) {
                cases.add(Arguments.of(shape, s[0], s[1], s[2]));
            }
        }
        return cases.stream();
    }

    static void gemm(Kernels k, Shape shape, int m, int n, int kk, float[] a, int aOff, float[] b, int bOff,
                     float[] c, int cOff, boolean accumulate) {
        switch (shape) {
            case NT: k.gemmNT(m, n, kk, a, aOff, b, bOff, c, cOff, accumulate); break;
            case NN: k.gemmNN(m, n, kk, a, aOff, b, bOff, c, cOff, accumulate); break;
            default: k.gemmTN(m, n, kk, a, aOff, b, bOff, c, cOff, accumulate);
        }
    }

    static float[] abs(float[] x) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.abs(y[i]);
        }
        return y;
    }

    /** {@code 2 eps sqrt(k + 1) (|A||B|)_ij} for each element of an {@code m x n} product, indexed from 0. */
    static double[] productTolerance(Shape shape, int m, int n, int k, float[] a, int aOff, float[] b, int bOff) {
        float[] magnitude = new float[m * n];
        gemm(REF, shape, m, n, k, abs(a), aOff, abs(b), bOff, magnitude, 0, false);
        double[] tol = new double[m * n];
        for (int i = 0; i < tol.length; i++) {
            tol[i] = 2 * Compare.EPS * Math.sqrt(k + 1.0) * magnitude[i] + 1e-30;
        }
        return tol;
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("cases")
    void matchesReference(Shape shape, int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(31L * m + 17L * n + k + shape.ordinal());
        int aOff = 3;
        int bOff = 5;
        int cOff = 7;
        float[] a = Compare.random(random, aOff, m * k, 2);
        float[] b = Compare.random(random, bOff, n * k, 3);
        float[] c0 = Compare.random(random, cOff, m * n, 4);
        for (boolean accumulate : new boolean[]{false, true}) {
            float[] expected = c0.clone();
            float[] actual = c0.clone();
            gemm(REF, shape, m, n, k, a, aOff, b, bOff, expected, cOff, accumulate);
            gemm(simd, shape, m, n, k, a, aOff, b, bOff, actual, cOff, accumulate);
            double[] slice = productTolerance(shape, m, n, k, a, aOff, b, bOff);
            double[] tol = new double[expected.length];
            for (int i = 0; i < m * n; i++) {
                tol[cOff + i] = slice[i] + Compare.EPS * (Math.abs(expected[cOff + i]) + Math.abs(c0[cOff + i]));
            }
            Compare.assertClose(shape + " " + m + "x" + n + "x" + k + (accumulate ? " accumulate" : ""),
                    expected, actual, tol);
        }
    }

    @Test
    void zeroSizesAreLegal() {
        float[] a = new float[20];
        float[] b = new float[20];
        for (Shape shape : Shape.values()) {
            float[] c = new float[12];
            Arrays.fill(c, 5f);
            gemm(simd, shape, 0, 4, 3, a, 0, b, 0, c, 0, false);
            gemm(simd, shape, 4, 0, 3, a, 0, b, 0, c, 0, false);
            assertArrayEquals(filled(12, 5f), c, shape + ": an empty product writes nothing");
            gemm(simd, shape, 3, 4, 0, a, 0, b, 0, c, 0, true);
            assertArrayEquals(filled(12, 5f), c, shape + ": k = 0 adds nothing");
            gemm(simd, shape, 3, 4, 0, a, 0, b, 0, c, 0, false);
            assertArrayEquals(new float[12], c, shape + ": k = 0 overwrites with zeros");
        }
    }

    private static float[] filled(int len, float value) {
        float[] x = new float[len];
        Arrays.fill(x, value);
        return x;
    }

    static Stream<Arguments> denseCases() {
        List<Arguments> cases = new ArrayList<>();
        int[][] shapes = {{1, 7, 33}, {2, 65, 17}, {3, 10, 128}, {5, 31, 16}, {33, 64, 15}, {128, 10, 64},
                {17, 257, 31}, {64, 127, 63}};
        for (int[] s : shapes) {
            for (Activation f : Activation.values()) {
                cases.add(Arguments.of(f, s[0], s[1], s[2]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("denseCases")
    void denseForwardMatchesReference(Activation f, int m, int n, int k) {
        SplittableRandom random = new SplittableRandom(m * 1000L + n * 10L + k);
        float[] x = Compare.random(random, 2, m * k, 1);
        float[] w = Compare.random(random, 9, n * k, 1);
        float[] bias = Compare.random(random, 4, n, 2);
        float[] expected = Compare.random(random, 6, m * n, 3);
        float[] actual = expected.clone();
        REF.denseForward(m, n, k, x, 2, w, 9, bias, 4, f, expected, 6);
        simd.denseForward(m, n, k, x, 2, w, 9, bias, 4, f, actual, 6);
        // Pre-activation error ~eps sqrt(k); every activation here has slope <= 1.
        Compare.assertClose(f + " " + m + "x" + n + "x" + k, expected, actual,
                4 * Compare.EPS * Math.sqrt(k + 1.0) * k + 2e-6, 2e-6);
    }

    static Stream<Arguments> threadedCases() {
        return Stream.of(
                Arguments.of(Shape.NT, 128, 256, 784),  // transposed path, fused epilogue
                Arguments.of(Shape.NT, 512, 100, 200),  // W^T packed, direct path
                Arguments.of(Shape.NT, 2, 2100, 2048),  // dot products
                Arguments.of(Shape.NN, 128, 784, 256),
                Arguments.of(Shape.TN, 257, 784, 65));
    }

    @ParameterizedTest(name = "{0} m={1} n={2} k={3}")
    @MethodSource("threadedCases")
    void twoThreadsGiveTheSameBits(Shape shape, int m, int n, int k) {
        assertEquals(true, (long) m * n * k >= SimdKernels.PARALLEL_MIN_MACS, "shape above the threshold");
        SplittableRandom random = new SplittableRandom(99);
        float[] a = Compare.random(random, 1, m * k, 0);
        float[] b = Compare.random(random, 0, n * k, 0);
        float[] c0 = Compare.random(random, 0, m * n, 0);
        try (SimdKernels two = new SimdKernels(2)) {
            for (boolean accumulate : new boolean[]{false, true}) {
                float[] one = c0.clone();
                float[] both = c0.clone();
                gemm(simd, shape, m, n, k, a, 1, b, 0, one, 0, accumulate);
                gemm(two, shape, m, n, k, a, 1, b, 0, both, 0, accumulate);
                assertArrayEquals(one, both, shape + " accumulate=" + accumulate);
            }
            if (shape == Shape.NT) {
                float[] bias = Compare.random(random, 0, n, 0);
                float[] one = new float[m * n];
                float[] both = new float[m * n];
                simd.denseForward(m, n, k, a, 1, b, 0, bias, 0, Activation.TANH, one, 0);
                two.denseForward(m, n, k, a, 1, b, 0, bias, 0, Activation.TANH, both, 0);
                assertArrayEquals(one, both, "denseForward");
            }
        }
    }

    @Test
    void badArgumentsThrowLikeTheReferenceBeforeWriting() {
        float[] a = new float[12];
        float[] b = new float[12];
        float[] c = filled(12, 3f);
        for (Shape shape : Shape.values()) {
            for (Kernels k : new Kernels[]{REF, simd}) {
                assertThrows(IndexOutOfBoundsException.class, () -> gemm(k, shape, 4, 3, 4, a, 0, b, 0, c, 0, false));
                assertThrows(IndexOutOfBoundsException.class, () -> gemm(k, shape, 3, 3, 3, a, 0, b, 4, c, 0, false));
                assertThrows(IllegalArgumentException.class, () -> gemm(k, shape, -1, 3, 3, a, 0, b, 0, c, 0, false));
                assertThrows(NullPointerException.class, () -> gemm(k, shape, 3, 3, 3, null, 0, b, 0, c, 0, false));
                assertThrows(IllegalArgumentException.class, () -> gemm(k, shape, 2, 2, 2, c, 0, b, 0, c, 2, false));
            }
            assertArrayEquals(filled(12, 3f), c, "nothing written");
        }
        float[] bias = new float[2];
        assertThrows(IndexOutOfBoundsException.class,
                () -> simd.denseForward(2, 3, 2, a, 0, b, 0, bias, 0, Activation.RELU, c, 0));
        assertArrayEquals(filled(12, 3f), c, "denseForward checks the bias before writing");
    }
}
