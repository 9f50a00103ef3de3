package dev.vecmlp.kernel;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-output-channel symmetric int8 quantisation: scales, rounding, range and the error bound. */
class Int8Test {

    @Test
    void scalesEachRowByItsLargestMagnitude() {
        float[] w = {0.5f, -1.27f, 0.01f, /* row 1 */ 2.54f, 1.27f, -2.54f, /* row 2 */ 0f, 0f, 0f};
        float[] scales = new float[3];
        byte[] q = new byte[9];
        Int8.quantize(3, 3, w, 0, scales, 0, q, 0);
        assertEquals(1.27f / 127, scales[0], 0f);
        assertEquals(2.54f / 127, scales[1], 0f);
        assertEquals(0f, scales[2], 0f);
        assertEquals(-127, q[1]);
        assertEquals(50, q[0]);
        assertEquals(1, q[2]);
        assertEquals(127, q[3]);
        assertEquals(64, q[4], "1.27 / 0.02 = 63.5: ties to even");
        assertEquals(-127, q[5]);
        assertEquals(0, q[6]);
    }

    @Test
    void everyWeightMovesByAtMostHalfAStep() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 37;
        int k = 101;
        float[] w = new float[2 + n * k];
        for (int i = 0; i < w.length; i++) {
            // Rows of very different magnitudes, and a few outliers.
            w[i] = (float) ((random.nextDouble() * 2 - 1) * Math.pow(10, (i / k) % 5 - 2)
                    * (random.nextInt(50) == 0 ? 20 : 1));
        }
        float[] scales = new float[1 + n];
        byte[] q = new byte[3 + n * k];
        Int8.quantize(n, k, w, 2, scales, 1, q, 3);
        for (int j = 0; j < n; j++) {
            float s = scales[1 + j];
            double max = 0;
            for (int p = 0; p < k; p++) {
                max = Math.max(max, Math.abs(w[2 + j * k + p]));
            }
            assertEquals(max / 127, s, max * 1e-6, "scale of row " + j);
            for (int p = 0; p < k; p++) {
                byte v = q[3 + j * k + p];
                assertTrue(v >= -127, "-128 is never used");
                double error = Math.abs(Int8.value(v, s) - (double) w[2 + j * k + p]);
                assertTrue(error <= s / 2 * (1 + 1e-6) + Math.ulp(s * 127f),
                        "row " + j + " column " + p + ": error " + error + " > half a step " + s / 2);
            }
        }
        assertEquals(0, q[0]);
        assertEquals(0, q[2]);
    }

    @Test
    void dequantizedHoldsTheValuesTheCodesStandFor() {
        float[] w = {0.5f, -1.27f, 0.01f, 2.54f, 1.27f, -2.54f};
        float[] back = Int8.dequantized(2, 3, w, 0);
        assertEquals(6, back.length);
        assertEquals(50 * (1.27f / 127), back[0], 0f);
        assertEquals(-127 * (1.27f / 127), back[1], 0f);
        assertEquals(64 * (2.54f / 127), back[4], 0f);
    }

    @Test
    void refusesNonFiniteWeightsNamingWhere() {
        float[] w = {1f, 2f, 3f, Float.NaN};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Int8.quantize(2, 2, w, 0, new float[2], 0, new byte[4], 0));
        assertTrue(e.getMessage().contains("row 1, column 1"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> Int8.quantize(2, 2, w, 0, new float[1], 0, new byte[4], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Int8.quantize(2, 2, w, 0, new float[2], 0, new byte[3], 0));
    }
}
