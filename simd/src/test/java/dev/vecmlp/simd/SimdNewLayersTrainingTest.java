package dev.vecmlp.simd;

import dev.vecmlp.kernel.reference.ReferenceKernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Gradients;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The new activations and dropout on the SIMD backend: training follows the reference backend
 * (same masks: they depend on the seed and step only), and is bit-identical for 1 and 3 kernel
 * threads on layers large enough to be split between threads.
 */
class SimdNewLayersTrainingTest {

    private static Mlp.Builder network(int in) {
        return Mlp.builder(in)
                .hidden(300, Activation.GELU).dropout(0.2)
                .hidden(160, Activation.LEAKY_RELU, 0.1).dropout(0.1)
                .hidden(40, Activation.SILU)
                .hidden(24, Activation.ELU, 0.8)
                .hidden(16, Activation.SOFTPLUS)
                .output(10, Activation.SOFTMAX).seed(3);
    }

    private static float[][] data(int rows, int in) {
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[rows * in];
        float[] y = new float[rows * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int r = 0; r < rows; r++) {
            y[r * 10 + (int) (Math.abs(x[r * in] + x[r * in + 1]) * 4) % 10] = 1f;
        }
        return new float[][]{x, y};
    }

    /** Plain SGD steps with dropout; returns the final parameters and writes the last loss into {@code loss[0]}. */
    private static float[] train(Mlp model, float[][] data, int batch, int steps, double[] loss) {
        int in = model.inputWidth();
        int rows = data[0].length / in;
        Workspace ws = model.newWorkspace(batch);
        Gradients g = model.newGradients();
        for (int step = 1; step <= steps; step++) {
            int start = (step * batch) % (rows - batch + 1);
            loss[step == 1 ? 1 : 0] = model.computeTrainingGradients(ws, data[0], start * in, data[1], start * 10, batch,
                    g, 77, step);
            model.kernels().axpy(g.values().length, -0.05f, g.values(), 0, model.parameters(), 0);
        }
        return model.parameters().clone();
    }

    @Test
    void trainingFollowsTheReferenceBackend() {
        int in = 24;
        float[][] data = data(120, in);
        Mlp reference = network(in).kernels(ReferenceKernels.INSTANCE).build();
        Mlp simd = reference.copy();
        try (SimdKernels kernels = new SimdKernels(1)) {
            simd.useKernels(kernels);
            double[] lossRef = new double[2];
            double[] lossSimd = new double[2];
            float[] pRef = train(reference, data, 20, 15, lossRef);
            float[] pSimd = train(simd, data, 20, 15, lossSimd);
            assertTrue(lossRef[0] < lossRef[1], "the reference run learns: " + lossRef[1] + " -> " + lossRef[0]);
            assertEquals(lossRef[0], lossSimd[0], 1e-3 * (1 + Math.abs(lossRef[0])), "final losses");
            double worst = 0;
            for (int i = 0; i < pRef.length; i++) {
                worst = Math.max(worst, Math.abs(pRef[i] - pSimd[i]));
            }
            assertTrue(worst < 2e-3, "largest weight difference after 15 steps: " + worst);
        }
    }

    @Test
    void trainingIsBitIdenticalForOneAndThreeThreads() {
        int in = 784;
        float[][] data = data(192, in);
        Mlp one = network(in).build();
        Mlp three = one.copy();
        try (SimdKernels k1 = new SimdKernels(1); SimdKernels k3 = new SimdKernels(3)) {
            one.useKernels(k1);
            three.useKernels(k3);
            double[] loss = new double[2];
            assertArrayEquals(train(one, data, 64, 4, loss), train(three, data, 64, 4, loss), "weights after 4 steps");
        }
    }
}
