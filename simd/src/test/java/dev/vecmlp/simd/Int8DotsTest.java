package dev.vecmlp.simd;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The int8 matrix-vector kernels ({@link Int8Dots}): on the packed dot tiles, with both reductions
 * (vector folds and lane-by-lane sums) and in two ranges of tiles as the pool hands them out, the
 * same bits as on W in place; and both against a scalar loop in the same summation order, so the
 * widening from bytes is exact. 1-3 rows, full and partial tiles, K tails and K shorter than a
 * vector, extreme codes (-127, 127), at this JVM's vector width (8 or more lanes).
 */
class Int8DotsTest {
    private static final int[][] SHAPES = {{1, 8, 16}, {1, 9, 17}, {2, 24, 7}, {3, 17, 33}, {1, 64, 784},
            {2, 31, 100}, {1, 7, 40}, {3, 16, 0}, {1, 1, 1}, {1, 40, 255}, {2, 130, 64}};

    @Test
    void packedInt8DotsEqualTheInPlaceDotsAndTheScalarOrderBitForBit() {
        Assumptions.assumeTrue(Int8Dots.SUPPORTED, "int8 vector kernels need 8 or more float lanes");
        int l = Lanes.LENGTH;
        for (int[] s : SHAPES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            SplittableRandom random = new SplittableRandom(23L * n + k);
            float[] a = new float[1 + m * k];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (random.nextDouble() * 2 - 1);
            }
            byte[] w = new byte[4 + n * k];
            for (int i = 0; i < w.length; i++) {
                int pick = random.nextInt(10);
                w[i] = (byte) (pick == 0 ? -127 : pick == 1 ? 127 : random.nextInt(255) - 127);
            }
            float[] scales = new float[3 + n];
            for (int j = 0; j < scales.length; j++) {
                scales[j] = (float) (random.nextDouble() / 100);
            }
            byte[] tiles = Int8Dots.pack(n, k, w, 4);
            float[] lanes = new float[8 * 16];
            float[] expected = new float[m * n];
            float[] lanesSum = new float[m * n];
            float[] vectorSum = new float[m * n];
            int tileCount = Gemm.dotTiles(n);
            Int8Dots.dots(m, n, k, a, 1, w, 4, scales, 3, expected, 0, lanes, 0, tileCount);
            Int8Dots.dotsPacked(m, n, k, a, 1, tiles, scales, 3, lanesSum, 0, false, lanes, 0, tileCount);
            int half = tileCount / 2;
            Int8Dots.dotsPacked(m, n, k, a, 1, tiles, scales, 3, vectorSum, 0, true, lanes, half, tileCount);
            Int8Dots.dotsPacked(m, n, k, a, 1, tiles, scales, 3, vectorSum, 0, true, lanes, 0, half);
            String what = "int8 m=" + m + " n=" + n + " k=" + k;
            assertArrayEquals(expected, lanesSum, what + ", lane sums");
            assertArrayEquals(expected, vectorSum, what + ", vector folds");
            // The in-place kernel against a scalar emulation: lane accumulators down K, pairwise tree, tail.
            int kv = k / l * l;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float[] acc = new float[l];
                    for (int p = 0; p < kv; p++) {
                        acc[p % l] = Math.fma(a[1 + i * k + p], w[4 + j * k + p], acc[p % l]);
                    }
                    float sum = VectorMath.sumLanes(acc, 0);
                    for (int p = kv; p < k; p++) {
                        sum = Math.fma(a[1 + i * k + p], w[4 + j * k + p], sum);
                    }
                    assertEquals(sum * scales[3 + j], expected[i * n + j], 0f, what + " out[" + i + "][" + j + "]");
                }
            }
        }
    }
}
