package dev.vecmlp.simd;

import dev.vecmlp.inference.Precision;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.kernel.Int8;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link Precision#INT8} predictors on the SIMD backend, one and two kernel threads (the first
 * layer's 200K weights split over both): single samples (the packed int8 tiles) and batches (the
 * dequantised float32 copy) agree with a float32 predictor of the dequantised network, and one
 * and two threads give the same bits.
 */
class SimdPredictorInt8Test {
    private static final SimdKernels ONE = new SimdKernels(1);
    private static final SimdKernels TWO = new SimdKernels(2);

    @AfterAll
    static void stop() {
        ONE.close();
        TWO.close();
    }

    private static Mlp dequantised(Mlp model, SimdKernels kernels) {
        Mlp copy = PredictorTestModels.model(kernels, Activation.GELU);
        for (int l = 0; l < model.layerCount(); l++) {
            float[] w = Int8.dequantized(model.layer(l).outputs(), model.layer(l).inputs(), model.weights(l), 0);
            copy.setLayer(l, w, model.bias(l));
        }
        return copy;
    }

    @Test
    void singleSamplesAndBatchesMatchTheDequantisedNetworkOnOneAndTwoThreads() {
        float[][] singles = new float[2][];
        int t = 0;
        for (SimdKernels kernels : new SimdKernels[]{ONE, TWO}) {
            Mlp model = PredictorTestModels.model(kernels, Activation.GELU);
            Predictor int8 = Predictor.of(model, Precision.INT8);
            Predictor reference = Predictor.of(dequantised(model, kernels));
            int rows = 24;
            float[] x = PredictorTestModels.inputs(rows);
            assertArrayEquals(reference.predictBatch(x), int8.predictBatch(x), "batch on " + kernels);
            float[] single = new float[rows * 10];
            float[] expected = new float[rows * 10];
            for (int r = 0; r < rows; r++) {
                int8.predict(x, r * 784, single, r * 10);
                reference.predict(x, r * 784, expected, r * 10);
            }
            for (int i = 0; i < single.length; i++) {
                assertEquals(expected[i], single[i], 1e-5, "output " + i + " on " + kernels);
            }
            singles[t++] = single;
        }
        assertArrayEquals(singles[0], singles[1], "int8 single samples: 1 and 2 threads differ");
    }

    @Test
    void theInt8TilesAddOneBytePerWeight() {
        Mlp model = PredictorTestModels.model(ONE, Activation.GELU);
        long weights = 0;
        for (int l = 0; l < model.layerCount(); l++) {
            weights += (long) model.layer(l).outputs() * model.layer(l).inputs();
        }
        assertEquals(Predictor.of(model).packedWeightBytes() + (Int8Dots.SUPPORTED ? weights : 0),
                Predictor.of(model, Precision.INT8).packedWeightBytes());
    }
}
