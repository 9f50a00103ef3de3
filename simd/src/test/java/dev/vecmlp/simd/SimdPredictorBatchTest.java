package dev.vecmlp.simd;

import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predictor's batch path on the SIMD backend, which multiplies the weights packed once at
 * {@link Predictor#of} ({@link SimdKernels#denseForwardPacked}): its outputs equal the model's own
 * forward pass (unpacked weights) bit for bit on 1 and 2 threads, for batch sizes across the
 * tile-row remainders and the matrix-vector path. That steady-state calls allocate nothing is
 * checked by {@link SimdPredictorAllocationTest}, in a JVM of its own.
 */
class SimdPredictorBatchTest {
    private static final SimdKernels ONE = new SimdKernels(1);
    private static final SimdKernels TWO = new SimdKernels(2);

    @AfterAll
    static void stop() {
        ONE.close();
        TWO.close();
    }

    @Test
    void batchesEqualTheModelsOwnForwardPass() {
        for (SimdKernels kernels : new SimdKernels[]{ONE, TWO}) {
            Mlp mlp = PredictorTestModels.model(kernels, Activation.LEAKY_RELU);
            Predictor p = Predictor.of(mlp);
            assertTrue(p.packedWeightBytes() >= 4L * (784 * 256 + 256 * 70 + 70 * 10),
                    "packed bytes " + p.packedWeightBytes());
            for (int rows : new int[]{4, 5, 6, 7, 13, 32, 33, 128, 300}) {
                float[] x = PredictorTestModels.inputs(rows);
                float[] expected = mlp.predict(x, rows);
                float[] actual = new float[rows * 10];
                p.predictBatch(x, 0, rows, actual, 0);
                assertArrayEquals(expected, actual, kernels + ", " + rows + " rows");
            }
        }
    }
}
