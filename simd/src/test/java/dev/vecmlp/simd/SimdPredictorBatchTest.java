package dev.vecmlp.simd;

import dev.vecmlp.inference.PredictionContext;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.testing.AllocationMeter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The predictor's batch path on the SIMD backend, which multiplies the weights packed once at
 * {@link Predictor#of} ({@link SimdKernels#denseForwardPacked}): its outputs equal the model's own
 * forward pass (unpacked weights) bit for bit on 1 and 2 threads, for batch sizes across the
 * tile-row remainders and the matrix-vector path, and steady-state calls allocate nothing, the
 * two-thread matrix-vector split included.
 */
class SimdPredictorBatchTest {
    private static final SimdKernels ONE = new SimdKernels(1);
    private static final SimdKernels TWO = new SimdKernels(2);

    @AfterAll
    static void stop() {
        ONE.close();
        TWO.close();
    }

    private static Mlp model(SimdKernels kernels, Activation second) {
        return Mlp.builder(784).hidden(256, Activation.RELU).hidden(70, second)
                .output(10, Activation.SOFTMAX).seed(5).kernels(kernels).build();
    }

    private static float[] inputs(int rows) {
        SplittableRandom random = new SplittableRandom(rows);
        float[] x = new float[rows * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return x;
    }

    @Test
    void batchesEqualTheModelsOwnForwardPass() {
        for (SimdKernels kernels : new SimdKernels[]{ONE, TWO}) {
            Mlp mlp = model(kernels, Activation.LEAKY_RELU);
            Predictor p = Predictor.of(mlp);
            assertTrue(p.packedWeightBytes() >= 4L * (784 * 256 + 256 * 70 + 70 * 10),
                    "packed bytes " + p.packedWeightBytes());
            for (int rows : new int[]{4, 5, 6, 7, 13, 32, 33, 128, 300}) {
                float[] x = inputs(rows);
                float[] expected = mlp.predict(x, rows);
                float[] actual = new float[rows * 10];
                p.predictBatch(x, 0, rows, actual, 0);
                assertArrayEquals(expected, actual, kernels + ", " + rows + " rows");
            }
        }
    }

    @Test
    void steadyStateBatchCallsAllocateNothing() {
        checkNoAllocation(Predictor.of(model(ONE, Activation.RELU)), 0);
        checkNoAllocation(Predictor.of(model(TWO, Activation.RELU)), 0);
    }

    @Test
    void steadyStateSingleCallsOnTwoThreadsAllocateNothing() {
        checkNoAllocation(Predictor.of(model(TWO, Activation.RELU)), 20);
    }

    private static void checkNoAllocation(Predictor p, int singles) {
        // At forced narrower widths (256 bits) this model's batch path allocated before prepacking
        // too (measured: ~460 KB per batch-32 call at 256 bits, the same with the old path): a
        // known gap at non-preferred widths, left out here and stated in the notes.
        assumeTrue(System.getProperty("vecmlp.simd.bits") == null, "checked at the preferred vector width");
        float[] x = inputs(128);
        float[] out = new float[128 * 10];
        PredictionContext ctx = p.newContext();
        Runnable calls = () -> {
            for (int i = 0; i < singles; i++) {
                p.predict(x, i * 784, out, i * 10, ctx);
            }
            p.predictBatch(x, 0, 32, out, 0, ctx);
            p.predictBatch(x, 0, 128, out, 0, ctx);
        };
        assertEquals(0, AllocationMeter.minBytesPerRound(calls, 400, 20),
                "bytes allocated by " + (singles + 2) + " prediction calls on " + p.kernels());
    }
}
