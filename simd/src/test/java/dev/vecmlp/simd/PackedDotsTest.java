package dev.vecmlp.simd;

import dev.vecmlp.kernel.Bf16;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The matrix-vector path on the packed dot tiles ({@link PackedDots}) against the dot products on
 * W in place ({@link Gemm#dots}, {@link Gemm#dotsBf16}), and on the paired bf16 tiles
 * ({@link PairedBf16Dots}): the same bits with both reductions (vector
 * folds and lane-by-lane sums), for 1-3 rows, full and partial tiles, K tails and K shorter than
 * a vector, at this JVM's vector width; plus the layout itself (a permutation of W).
 */
class PackedDotsTest {
    private static final int[][] SHAPES = {{1, 8, 16}, {1, 9, 17}, {2, 24, 7}, {3, 17, 33}, {1, 64, 784},
            {2, 31, 100}, {1, 7, 40}, {3, 16, 0}, {1, 1, 1}, {1, 40, 255}};

    @Test
    void packedFloatDotsEqualTheInPlaceDotsBitForBit() {
        for (int[] s : SHAPES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            SplittableRandom random = new SplittableRandom(31L * n + k);
            float[] a = values(random, 3 + m * k);
            float[] w = values(random, 5 + n * k);
            float[] tiles = PackedDots.pack(n, k, w, 5);
            float[] lanes = new float[8 * 16];
            for (boolean accumulate : new boolean[]{false, true}) {
                float[] expected = values(new SplittableRandom(m + n), 2 + m * n);
                float[] lanesSum = expected.clone();
                float[] vectorSum = expected.clone();
                int tileCount = Gemm.dotTiles(n);
                Gemm.dots(m, n, k, a, 3, w, 5, expected, 2, accumulate, lanes, 0, tileCount);
                PackedDots.dots(m, n, k, a, 3, tiles, lanesSum, 2, accumulate, false, lanes, 0, tileCount);
                // In two ranges of tiles, as the thread pool hands them out.
                int half = tileCount / 2;
                PackedDots.dots(m, n, k, a, 3, tiles, vectorSum, 2, accumulate, true, lanes, half, tileCount);
                PackedDots.dots(m, n, k, a, 3, tiles, vectorSum, 2, accumulate, true, lanes, 0, half);
                String what = "m=" + m + " n=" + n + " k=" + k + (accumulate ? " accumulate" : "");
                assertArrayEquals(expected, lanesSum, what + ", lane sums");
                assertArrayEquals(expected, vectorSum, what + ", vector folds");
            }
        }
    }

    @Test
    void packedBf16DotsEqualTheInPlaceDotsBitForBit() {
        for (int[] s : SHAPES) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            SplittableRandom random = new SplittableRandom(17L * n + k);
            float[] a = values(random, 1 + m * k);
            short[] w = Bf16.round(values(random, 4 + n * k), 0, 4 + n * k);
            short[] tiles = PackedDots.pack(n, k, w, 4);
            float[] lanes = new float[8 * 16];
            float[] expected = new float[m * n];
            float[] lanesSum = new float[m * n];
            float[] vectorSum = new float[m * n];
            int tileCount = Gemm.dotTiles(n);
            Gemm.dotsBf16(m, n, k, a, 1, w, 4, expected, 0, lanes, 0, tileCount);
            PackedDots.dotsBf16(m, n, k, a, 1, tiles, lanesSum, 0, false, lanes, 0, tileCount);
            PackedDots.dotsBf16(m, n, k, a, 1, tiles, vectorSum, 0, true, lanes, 0, tileCount);
            String what = "bf16 m=" + m + " n=" + n + " k=" + k;
            assertArrayEquals(expected, lanesSum, what + ", lane sums");
            assertArrayEquals(expected, vectorSum, what + ", vector folds");
        }
    }

    /** The paired bf16 tiles: even and odd numbers of K blocks, split tile ranges, partial tiles read in place. */
    @Test
    void pairedBf16DotsEqualTheInPlaceDotsBitForBit() {
        int[][] shapes = {{1, 16, 32}, {2, 16, 48}, {1, 24, 64}, {3, 8, 97}, {1, 256, 784}, {2, 130, 700}};
        for (int[][] set : new int[][][]{SHAPES, shapes}) {
            for (int[] s : set) {
                int m = s[0];
                int n = s[1];
                int k = s[2];
                SplittableRandom random = new SplittableRandom(13L * n + k);
                float[] a = values(random, 1 + m * k);
                short[] w = Bf16.round(values(random, 4 + n * k), 0, 4 + n * k);
                int[] tiles = PairedBf16Dots.pack(n, k, w, 4);
                assertEquals(n / 8 * PairedBf16Dots.tileInts(k), tiles.length, "paired tiles' length");
                float[] lanes = new float[8 * 16];
                float[] expected = new float[m * n];
                float[] lanesSum = new float[m * n];
                float[] vectorSum = new float[m * n];
                int tileCount = Gemm.dotTiles(n);
                Gemm.dotsBf16(m, n, k, a, 1, w, 4, expected, 0, lanes, 0, tileCount);
                PairedBf16Dots.dots(m, n, k, a, 1, tiles, w, 4, lanesSum, 0, false, lanes, 0, tileCount);
                int half = tileCount / 2;
                PairedBf16Dots.dots(m, n, k, a, 1, tiles, w, 4, vectorSum, 0, true, lanes, half, tileCount);
                PairedBf16Dots.dots(m, n, k, a, 1, tiles, w, 4, vectorSum, 0, true, lanes, 0, half);
                String what = "paired bf16 m=" + m + " n=" + n + " k=" + k;
                assertArrayEquals(expected, lanesSum, what + ", lane sums");
                assertArrayEquals(expected, vectorSum, what + ", vector folds");
            }
        }
    }

    @Test
    void theLayoutIsAPermutationOfW() {
        int n = 19;
        int k = 37;
        float[] w = new float[n * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = i;
        }
        float[] tiles = PackedDots.pack(n, k, w, 0);
        boolean[] seen = new boolean[w.length];
        for (float v : tiles) {
            seen[(int) v] = true;
        }
        for (int i = 0; i < seen.length; i++) {
            assertEquals(true, seen[i], "W element " + i + " missing from the tiles");
        }
        int l = Lanes.LENGTH;
        int kv = k / l * l;
        // Row 3 of tile 1, K block 1: right after rows 0-2 of that block.
        assertEquals(w[(8 + 3) * k + l], tiles[8 * k + l * 8 + 3 * l]);
        // Row 5 of tile 0, first tail element.
        assertEquals(w[5 * k + kv], tiles[8 * kv + 5 * (k - kv)]);
        // The partial last tile stays row-major.
        assertEquals(w[17 * k + 4], tiles[17 * k + 4]);
    }

    private static float[] values(SplittableRandom random, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) random.nextDouble(-1, 1);
        }
        return v;
    }
}
