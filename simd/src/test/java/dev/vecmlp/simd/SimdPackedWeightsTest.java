package dev.vecmlp.simd;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The panels a predictor packs once ({@link SimdPackedWeights#of}, plain copies) are exactly the
 * layout of {@link Gemm#packTransposed} (vector gathers) that the batch kernels were written
 * for, padding included, on widths around the panel edges and with a nonzero offset.
 */
class SimdPackedWeightsTest {

    @Test
    void packedPanelsEqualTheGatherLayout() {
        SplittableRandom random = new SplittableRandom(11);
        int lanes = Lanes.LENGTH;
        int[] outputs = {1, 3, lanes - 1, lanes, lanes + 1, 4 * lanes - 1, 4 * lanes, 4 * lanes + 3, 10, 130};
        int[] inputs = {1, 2, 7, lanes + 5, 40};
        for (int n : outputs) {
            for (int k : inputs) {
                int off = 3;
                float[] w = new float[off + n * k + 2];
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) (random.nextDouble() * 2 - 1);
                }
                SimdPackedWeights packed = SimdPackedWeights.of(n, k, w, off);
                int v = Gemm.panelVectors(n);
                assertEquals(v, packed.v, n + "x" + k);
                float[] expected = new float[Gemm.packedSize(n, k, v)];
                java.util.Arrays.fill(expected, Float.NaN); // the gathers must write every slot, padding too
                Gemm.packTransposed(n, k, w, off, v, expected, new int[lanes]);
                assertArrayEquals(expected, packed.panels, n + "x" + k);
            }
        }
    }
}
