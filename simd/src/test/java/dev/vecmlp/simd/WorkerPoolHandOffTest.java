package dev.vecmlp.simd;

import dev.vecmlp.model.Activation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Back-to-back parallel calls: a worker that wakes late for one call must neither compute into
 * the next call's task under the old one's assumptions nor be waited for. Thousands of
 * consecutive two-thread products (matrix-vector and batch) must all equal the one-thread result.
 */
class WorkerPoolHandOffTest {

    @Test
    void consecutiveParallelCallsAllMatchOneThread() {
        // The hand-off does not depend on the vector width: run once, at the preferred species.
        Assumptions.assumeTrue(System.getProperty(Lanes.BITS_PROPERTY) == null, "runs at the preferred width only");
        SplittableRandom random = new SplittableRandom(5);
        int n = 1024;
        int k = 2048;
        float[] w = new float[n * k];
        float[] bias = new float[n];
        float[] x = new float[4 * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextDouble() - 0.5);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() - 0.5);
        }
        try (SimdKernels one = new SimdKernels(1); SimdKernels two = new SimdKernels(2)) {
            for (int rows : new int[]{1, 4}) {
                float[] expected = new float[rows * n];
                one.denseForward(rows, n, k, x, 0, w, 0, bias, 0, Activation.RELU, expected, 0);
                float[] actual = new float[rows * n];
                for (int call = 0; call < (rows == 1 ? 500 : 60); call++) {
                    two.denseForward(rows, n, k, x, 0, w, 0, bias, 0, Activation.RELU, actual, 0);
                    assertArrayEquals(expected, actual, rows + " rows, call " + call);
                    actual[call % actual.length] = Float.NaN;
                }
            }
        }
    }
}
