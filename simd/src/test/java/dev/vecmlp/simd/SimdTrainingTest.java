package dev.vecmlp.simd;

import dev.vecmlp.kernel.reference.ReferenceKernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Gradients;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole training runs: the same network, data and steps on {@link SimdKernels} and on
 * {@link ReferenceKernels} end with the same weights (to a tolerance) and similar losses, for a
 * softmax classifier, a sigmoid/BCE model and an MSE regressor.
 */
class SimdTrainingTest {

    @Test
    void softmaxClassifierTrainsLikeTheReference() {
        train(Mlp.builder(37).hidden(65, Activation.RELU).hidden(17, Activation.TANH)
                .output(10, Activation.SOFTMAX), 10, true);
    }

    @Test
    void sigmoidModelTrainsLikeTheReference() {
        train(Mlp.builder(20).hidden(33, Activation.SIGMOID).output(3, Activation.SIGMOID), 3, false);
    }

    @Test
    void regressorTrainsLikeTheReference() {
        train(Mlp.builder(16).hidden(31, Activation.TANH).output(2, Activation.LINEAR).loss(Loss.MSE), 2, false);
    }

    private static void train(Mlp.Builder builder, int outputs, boolean oneHot) {
        int rows = 200;
        int batch = 40;
        Mlp reference = builder.kernels(ReferenceKernels.INSTANCE).seed(5).build();
        Mlp simd = reference.copy();
        try (SimdKernels kernels = new SimdKernels(2)) {
            simd.useKernels(kernels);
            SplittableRandom random = new SplittableRandom(11);
            int in = reference.inputWidth();
            float[] x = new float[rows * in];
            float[] y = new float[rows * outputs];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) random.nextGaussian();
            }
            for (int r = 0; r < rows; r++) {
                if (oneHot) {
                    y[r * outputs + (int) (Math.abs(x[r * in]) * 3) % outputs] = 1f;
                } else {
                    for (int o = 0; o < outputs; o++) {
                        y[r * outputs + o] = x[r * in + o] > 0 ? 1f : 0f;
                    }
                }
            }
            Workspace wsRef = reference.newWorkspace(batch);
            Workspace wsSimd = simd.newWorkspace(batch);
            Gradients gRef = reference.newGradients();
            Gradients gSimd = simd.newGradients();
            double firstLoss = Double.NaN;
            double lossRef = 0;
            double lossSimd = 0;
            for (int step = 0; step < 25; step++) {
                int start = (step * batch) % rows;
                lossRef = reference.computeGradients(wsRef, x, start * in, y, start * outputs, batch, gRef);
                lossSimd = simd.computeGradients(wsSimd, x, start * in, y, start * outputs, batch, gSimd);
                if (step == 0) {
                    firstLoss = lossRef;
                }
                ReferenceKernels.INSTANCE.axpy(gRef.values().length, -0.1f, gRef.values(), 0, reference.parameters(), 0);
                kernels.axpy(gSimd.values().length, -0.1f, gSimd.values(), 0, simd.parameters(), 0);
            }
            assertTrue(lossRef < firstLoss, "the reference run learns: " + firstLoss + " -> " + lossRef);
            assertEquals(lossRef, lossSimd, 1e-4 * (1 + Math.abs(lossRef)), "final losses");
            Compare.assertClose("weights after 25 steps", reference.parameters(), simd.parameters(), 2e-4, 1e-3);
        }
    }
}
