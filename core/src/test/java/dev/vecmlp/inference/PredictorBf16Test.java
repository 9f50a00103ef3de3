package dev.vecmlp.inference;

import dev.vecmlp.kernel.Bf16;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Precision#BF16} predictors, on this JVM's default backend: their answers are the
 * float32 answers of the same network with every weight rounded to bf16, on every path (one
 * sample streams bf16, batches multiply the widened copy), and stay close to float32's.
 */
class PredictorBf16Test {
    private static final int IN = 100;

    private static Mlp model() {
        return Mlp.builder(IN).hidden(64, Activation.RELU).hidden(33, Activation.TANH)
                .output(10, Activation.SOFTMAX).seed(4).build();
    }

    /** The same network with each weight replaced by its bf16 value (biases unchanged). */
    private static Mlp rounded(Mlp model) {
        Mlp copy = model();
        for (int l = 0; l < model.layerCount(); l++) {
            float[] w = model.weights(l);
            for (int i = 0; i < w.length; i++) {
                w[i] = Bf16.widen(Bf16.round(w[i]));
            }
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
    void batchesEqualTheFloat32PredictorOfTheRoundedWeights() {
        Mlp model = model();
        Predictor bf16 = Predictor.of(model, Precision.BF16);
        Predictor reference = Predictor.of(rounded(model));
        assertEquals(Precision.BF16, bf16.precision());
        assertEquals(Precision.FP32, reference.precision());
        int rows = 37;
        float[] x = inputs(rows);
        assertArrayEquals(reference.predictBatch(x), bf16.predictBatch(x), "batch of " + rows);
    }

    @Test
    void singleSamplesAgreeWithBatchesAndStayNearFloat32() {
        Mlp model = model();
        Predictor bf16 = Predictor.of(model, Precision.BF16);
        Predictor fp32 = Predictor.of(model);
        Predictor reference = Predictor.of(rounded(model));
        int rows = 50;
        float[] x = inputs(rows);
        float[] batch = bf16.predictBatch(x);
        float[] single = new float[10];
        float[] exact = new float[10];
        float[] full = new float[10];
        double worst = 0;
        for (int r = 0; r < rows; r++) {
            bf16.predict(x, r * IN, single, 0);
            reference.predict(x, r * IN, exact, 0);
            fp32.predict(x, r * IN, full, 0);
            for (int j = 0; j < 10; j++) {
                // Same products, summed in another order: float32 rounding only.
                assertEquals(exact[j], single[j], 1e-5, "row " + r + " output " + j + " vs the rounded network");
                assertEquals(batch[r * 10 + j], single[j], 1e-5, "row " + r + " output " + j + " single vs batch");
                worst = Math.max(worst, Math.abs(single[j] - full[j]));
            }
        }
        // Weights moved by at most 2^-8 of themselves; the probabilities move by far less than 1%.
        assertTrue(worst < 5e-3, "largest |p_bf16 - p_fp32| = " + worst);
        assertTrue(worst > 0, "bf16 outputs identical to float32: the weights were not rounded");
    }

    @Test
    void keepsItsPrecisionUnderAnotherInputPolicy() {
        Predictor bf16 = Predictor.of(model(), Precision.BF16);
        Predictor allowing = bf16.withNonFiniteInputPolicy(NonFiniteInputPolicy.ALLOW);
        assertEquals(Precision.BF16, allowing.precision());
        float[] x = inputs(1);
        assertArrayEquals(bf16.predict(x), allowing.predict(x));
        assertTrue(bf16.toString().contains("BF16"), bf16.toString());
    }
}
