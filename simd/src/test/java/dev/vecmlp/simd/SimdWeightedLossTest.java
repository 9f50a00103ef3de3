package dev.vecmlp.simd;

import dev.vecmlp.kernel.reference.ReferenceKernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Gradients;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Weighted losses on the SIMD backend (the per-row fused loss kernels and the row scaling they
 * are built from) agree with the reference backend for MSE, cross-entropy and binary
 * cross-entropy, rows wider than a vector and a batch that is not a multiple of the lanes.
 */
class SimdWeightedLossTest {

    @Test
    void weightedLossesAndGradientsMatchTheReference() {
        check(Activation.SOFTMAX, Loss.CROSS_ENTROPY);
        check(Activation.SIGMOID, Loss.BINARY_CROSS_ENTROPY);
        check(Activation.LINEAR, Loss.MSE);
        check(Activation.TANH, Loss.MSE);
    }

    private static void check(Activation out, Loss loss) {
        int rows = 37;
        int in = 23;
        int n = 19;
        Mlp reference = Mlp.builder(in).hidden(41, Activation.RELU).output(n, out).loss(loss).seed(9)
                .kernels(ReferenceKernels.INSTANCE).build();
        Mlp simd = reference.copy();
        try (SimdKernels kernels = new SimdKernels(2)) {
            simd.useKernels(kernels);
            SplittableRandom random = new SplittableRandom(4);
            float[] x = new float[rows * in];
            float[] y = new float[rows * n];
            float[] w = new float[rows];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            for (int r = 0; r < rows; r++) {
                w[r] = (float) (0.2 + 4 * random.nextDouble());
                if (loss == Loss.CROSS_ENTROPY) {
                    y[r * n + random.nextInt(n)] = 1;
                } else {
                    for (int j = 0; j < n; j++) {
                        y[r * n + j] = loss == Loss.MSE ? (float) random.nextGaussian() : random.nextInt(2);
                    }
                }
            }
            Gradients gr = reference.newGradients();
            Gradients gs = simd.newGradients();
            double lr = reference.computeGradients(reference.newWorkspace(rows), x, 0, y, 0, w, 0, rows, gr);
            double ls = simd.computeGradients(simd.newWorkspace(rows), x, 0, y, 0, w, 0, rows, gs);
            assertEquals(lr, ls, 1e-5 * Math.sqrt(rows * n) * (1 + Math.abs(lr)), out + "+" + loss + " loss");
            for (int i = 0; i < gr.values().length; i++) {
                float a = gr.values()[i];
                assertEquals(a, gs.values()[i], 1e-5 * Math.sqrt(rows * 41) * (1 + Math.abs(a)),
                        out + "+" + loss + " gradient " + i);
            }
        }
    }
}
