package dev.vecmlp.inference;

import dev.vecmlp.kernel.Int8;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Precision#INT8} predictors, on this JVM's default backend: their answers are those of
 * the same network with every weight replaced by the value its int8 code stands for, on every
 * path (one sample streams the bytes and scales each sum, batches multiply the dequantised
 * copy), to float32 rounding; and the first layer's pre-activations stay within the stated
 * bound, {@code (s_j / 2) sum_p |x_p|}, of float32's.
 */
class PredictorInt8Test {
    private static final int IN = 100;

    private static Mlp model() {
        return Mlp.builder(IN).hidden(64, Activation.RELU).hidden(33, Activation.LEAKY_RELU, 0.1f)
                .output(10, Activation.SOFTMAX).seed(4).build();
    }

    /** The same network with each weight replaced by its int8 value {@code q s_j} (biases unchanged). */
    private static Mlp dequantised(Mlp model) {
        Mlp copy = model();
        for (int l = 0; l < model.layerCount(); l++) {
            float[] w = Int8.dequantized(model.layer(l).outputs(), model.layer(l).inputs(), model.weights(l), 0);
            copy.setLayer(l, w, model.bias(l));
        }
        return copy;
    }

    private static float[] inputs(int rows) {
        SplittableRandom random = new SplittableRandom(77);
        float[] x = new float[rows * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return x;
    }

    @Test
    void batchesEqualTheFloat32PredictorOfTheDequantisedWeights() {
        Mlp model = model();
        Predictor int8 = Predictor.of(model, Precision.INT8);
        Predictor reference = Predictor.of(dequantised(model));
        assertEquals(Precision.INT8, int8.precision());
        int rows = 37;
        float[] x = inputs(rows);
        assertArrayEquals(reference.predictBatch(x), int8.predictBatch(x), "batch of " + rows);
    }

    @Test
    void singleSamplesAgreeWithBatchesAndStayNearFloat32() {
        Mlp model = model();
        Predictor int8 = Predictor.of(model, Precision.INT8);
        Predictor fp32 = Predictor.of(model);
        Predictor reference = Predictor.of(dequantised(model));
        int rows = 50;
        float[] x = inputs(rows);
        float[] batch = int8.predictBatch(x);
        float[] single = new float[10];
        float[] exact = new float[10];
        float[] full = new float[10];
        double worst = 0;
        for (int r = 0; r < rows; r++) {
            int8.predict(x, r * IN, single, 0);
            reference.predict(x, r * IN, exact, 0);
            fp32.predict(x, r * IN, full, 0);
            for (int j = 0; j < 10; j++) {
                // The same values, scaled after the sum instead of before: float32 rounding only.
                assertEquals(exact[j], single[j], 1e-5, "row " + r + " output " + j + " vs the dequantised network");
                assertEquals(batch[r * 10 + j], single[j], 1e-5, "row " + r + " output " + j + " single vs batch");
                worst = Math.max(worst, Math.abs(single[j] - full[j]));
            }
        }
        assertTrue(worst < 2e-2, "largest |p_int8 - p_fp32| = " + worst);
        assertTrue(worst > 0, "int8 outputs identical to float32: the weights were not quantised");
    }

    @Test
    void firstLayerMovesWithinTheStatedBound() {
        Mlp one = Mlp.builder(IN).output(40, Activation.LINEAR).seed(9).build();
        Predictor int8 = Predictor.of(one, Precision.INT8);
        Predictor fp32 = Predictor.of(one);
        float[] w = one.weights(0);
        float[] scales = new float[40];
        Int8.quantize(40, IN, w, 0, scales, 0, new byte[40 * IN], 0);
        float[] x = inputs(20);
        float[] a = new float[40];
        float[] b = new float[40];
        for (int r = 0; r < 20; r++) {
            int8.predict(x, r * IN, a, 0);
            fp32.predict(x, r * IN, b, 0);
            double l1 = 0;
            for (int p = 0; p < IN; p++) {
                l1 += Math.abs(x[r * IN + p]);
            }
            for (int j = 0; j < 40; j++) {
                double bound = scales[j] / 2 * l1 + 1e-5;
                assertTrue(Math.abs(a[j] - b[j]) <= bound, "row " + r + " output " + j + ": moved "
                        + Math.abs(a[j] - b[j]) + " > " + bound);
            }
        }
    }

    @Test
    void keepsItsPrecisionUnderAnotherInputPolicy() {
        Predictor int8 = Predictor.of(model(), Precision.INT8);
        Predictor allowing = int8.withNonFiniteInputPolicy(NonFiniteInputPolicy.ALLOW);
        assertEquals(Precision.INT8, allowing.precision());
        float[] x = inputs(1);
        assertArrayEquals(int8.predict(x), allowing.predict(x));
        assertTrue(int8.toString().contains("INT8"), int8.toString());
    }
}
