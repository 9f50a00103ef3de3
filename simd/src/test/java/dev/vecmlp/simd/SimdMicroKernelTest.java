package dev.vecmlp.simd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every micro-kernel, whichever tile geometry this JDK's panel driver picks
 * ({@link Gemm#NARROW_TILES}): each tile against a double-precision product (tolerance scaled by
 * the reduction length), and bit for bit against the one-row kernel of its width, row by row,
 * overwriting and accumulating. That last property is what lets the driver pick 5x4 or 6x4
 * (10x2 or 12x2) per JDK without changing any result.
 */
class SimdMicroKernelTest {
    private static final int L = Lanes.LENGTH;

    interface Kernel {
        void run(int kLen, float[] a, int aBase, int lda, float[] b, int bBase,
                 float[] c, int cBase, int ldc, boolean accumulate);
    }

    private static final Kernel[] ONE_ROW = {null, MicroKernels::k1x1, MicroKernels::k1x2, MicroKernels::k1x3,
        MicroKernels::k1x4};

    static Stream<Arguments> kernels() {
        List<Arguments> all = new ArrayList<>();
        add(all, "16x1", 16, 1, MicroKernels::k16x1);
        add(all, "8x1", 8, 1, MicroKernels::k8x1);
        add(all, "4x1", 4, 1, MicroKernels::k4x1);
        add(all, "12x2", 12, 2, MicroKernels::k12x2);
        add(all, "10x2", 10, 2, MicroKernels::k10x2);
        add(all, "8x2", 8, 2, MicroKernels::k8x2);
        add(all, "4x2", 4, 2, MicroKernels::k4x2);
        add(all, "8x3", 8, 3, MicroKernels::k8x3);
        add(all, "4x3", 4, 3, MicroKernels::k4x3);
        add(all, "6x4", 6, 4, MicroKernels::k6x4);
        add(all, "5x4", 5, 4, MicroKernels::k5x4);
        add(all, "4x4", 4, 4, MicroKernels::k4x4);
        return all.stream();
    }

    private static void add(List<Arguments> all, String name, int rows, int v, Kernel kernel) {
        for (int k : new int[]{1, 2, 17, 784}) {
            all.add(Arguments.of(name, rows, v, kernel, k));
        }
    }

    @ParameterizedTest(name = "{0}, k = {4}")
    @MethodSource("kernels")
    void tileMatchesRowsAndTheDoubleProduct(String name, int rows, int v, Kernel kernel, int k) {
        SplittableRandom random = new SplittableRandom(31L * rows + 7L * v + k);
        int width = v * L;
        int lda = k + 3;
        int aBase = 5;
        int bBase = 2 * width;
        int ldc = width + 7;
        int cBase = 9;
        float[] a = Compare.random(random, aBase, rows * lda, 4);
        float[] b = Compare.random(random, bBase, k * width, 4);
        float[] c0 = Compare.random(random, 0, cBase + rows * ldc + 4, 0);
        for (boolean accumulate : new boolean[]{false, true}) {
            float[] tile = c0.clone();
            kernel.run(k, a, aBase, lda, b, bBase, tile, cBase, ldc, accumulate);
            float[] byRows = c0.clone();
            for (int r = 0; r < rows; r++) {
                ONE_ROW[v].run(k, a, aBase + r * lda, lda, b, bBase, byRows, cBase + r * ldc, ldc, accumulate);
            }
            for (int i = 0; i < tile.length; i++) {
                assertEquals(Float.floatToRawIntBits(byRows[i]), Float.floatToRawIntBits(tile[i]),
                        () -> name + ": the tile differs from its rows' one-row kernel");
            }
            float[] expected = c0.clone();
            double[] tol = new double[expected.length];
            for (int r = 0; r < rows; r++) {
                for (int t = 0; t < width; t++) {
                    double sum = 0;
                    double abs = 0;
                    for (int p = 0; p < k; p++) {
                        double term = (double) a[aBase + r * lda + p] * b[bBase + p * width + t];
                        sum += term;
                        abs += Math.abs(term);
                    }
                    int ci = cBase + r * ldc + t;
                    if (accumulate) {
                        sum += c0[ci];
                        abs += Math.abs(c0[ci]);
                    }
                    expected[ci] = (float) sum;
                    tol[ci] = 2 * (k + 2) * Compare.EPS * abs + Float.MIN_NORMAL;
                }
            }
            Compare.assertClose(name + (accumulate ? " accumulating" : ""), expected, tile, tol);
        }
    }

    @Test
    void balancedRowBlocksCoverEveryRowOnceWithEfficientKernels() {
        for (int tileRows : new int[]{5, 6}) {
            for (int rows = 1; rows <= 400; rows++) {
                int blocks = Gemm.ceilDiv(rows, tileRows);
                boolean balanced = rows / blocks >= 4;
                int next = 0;
                for (int rb = 0; rb < blocks; rb++) {
                    int start = Gemm.blockStart(rb, rows, blocks, tileRows, balanced);
                    int here = Gemm.blockRows(rb, rows, blocks, tileRows, balanced);
                    String where = "tileRows " + tileRows + ", rows " + rows + ", block " + rb;
                    assertEquals(next, start, where + ": blocks must be contiguous");
                    assertTrue(here >= 1 && here <= tileRows, where + ": " + here + " rows");
                    if (balanced) {
                        assertTrue(here >= 4, where + ": a balanced block of " + here + " rows");
                    } else if (rb < blocks - 1) {
                        assertEquals(tileRows, here, where);
                    }
                    next = start + here;
                }
                assertEquals(rows, next, "tileRows " + tileRows + ", rows " + rows + ": rows covered");
                if (rows >= 20) {
                    assertTrue(balanced, "tileRows " + tileRows + ", rows " + rows + " should balance");
                }
            }
        }
        assertTrue(Gemm.balancedRows(4, 32));
        assertFalse(Gemm.balancedRows(4, 3));
        assertFalse(Gemm.balancedRows(2, 32), "only 4-vector panels have 4-, 5- and 6-row kernels");
    }

    @Test
    void narrowTilesFollowTheJdkUnlessSet() {
        assertTrue(Gemm.narrowTiles(null, 17));
        assertTrue(Gemm.narrowTiles(" ", 24));
        assertFalse(Gemm.narrowTiles(null, 25));
        assertFalse(Gemm.narrowTiles("false", 17));
        assertTrue(Gemm.narrowTiles(" true ", 26));
        assertEquals(Gemm.NARROW_TILES ? 5 : 6, Gemm.tileRows(4));
        assertEquals(Gemm.NARROW_TILES ? 10 : 12, Gemm.tileRows(2));
    }
}
