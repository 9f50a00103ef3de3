package dev.vecmlp.kernel.ejml;

import dev.vecmlp.model.Activation;
import org.junit.jupiter.api.Test;

import dev.vecmlp.testing.AllocationMeter;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What is particular to the EJML backend (its numbers are covered by {@link EjmlConformanceTest}):
 * its identity, and that steady-state calls allocate nothing although EJML cannot start a
 * matrix at an offset.
 */
class EjmlKernelsTest {

    @Test
    void identity() {
        EjmlKernels kernels = new EjmlKernels();
        assertEquals("ejml", kernels.name());
        assertEquals(0, kernels.vectorBitSize());
        assertEquals(1, kernels.threads());
    }

    /**
     * Counts the bytes this thread allocates over many calls of every kernel, GEMMs at non-zero
     * offsets (the staging path) and at offset 0 (the wrapping path), after the buffers have
     * grown (see {@link AllocationMeter} for how warm-up is told apart from real allocation).
     */
    @Test
    void steadyStateCallsAllocateNothing() {
        EjmlKernels kernels = new EjmlKernels();
        int m = 16;
        int n = 31;
        int k = 65;
        SplittableRandom random = new SplittableRandom(1);
        float[] params = new float[3 + n * k + m * n];
        float[] x = new float[m * k];
        float[] out = new float[5 + m * n];
        for (int i = 0; i < params.length; i++) {
            params[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        float[] grad = new float[5 + n * k];
        float[] probs = new float[m * n];
        float[] delta = new float[m * n];
        float[] velocity = new float[grad.length];
        float[] moment = new float[grad.length];
        float[] second = new float[grad.length];
        Runnable calls = () -> {
            kernels.gemmNT(m, n, k, x, 0, params, 3, out, 5, false);
            kernels.gemmNN(m, k, n, out, 5, params, 3, x, 0, false);
            kernels.gemmTN(n, k, m, out, 5, x, 0, grad, 5, true);
            kernels.gemmNT(m, n, k, x, 0, params, 0, out, 0, true);
            kernels.denseForward(m, n, k, x, 0, params, 3, params, 0, Activation.TANH, out, 5);
            kernels.softmaxCrossEntropy(m, n, out, 5, out, 5, probs, 0, delta, 0);
            kernels.sigmoidBinaryCrossEntropy(m, n, out, 5, out, 5, probs, 0, delta, 0);
            kernels.mseLoss(m, n, out, 5, probs, 0, delta, 0);
            kernels.activate(Activation.SOFTMAX, m, n, out, 5, probs, 0);
            kernels.activate(Activation.SIGMOID, m, n, out, 5, probs, 0);
            kernels.activationBackward(Activation.SIGMOID, m * n, probs, 0, delta, 0);
            kernels.columnSums(m, n, delta, 0, grad, 0, false);
            kernels.sumOfSquares(grad.length, grad, 0);
            kernels.allFinite(grad.length, grad, 0);
            kernels.clipByValue(grad.length, 1f, grad, 0);
            kernels.momentumUpdate(grad.length, 1e-6f, 0.9f, true, 1e-4f, velocity, 0, grad, 0, moment, 0);
            kernels.adamUpdate(grad.length, 1e-6f, 0.9f, 0.999f, 1e-8f, 0f, true, 3, velocity, 0, grad, 0, moment, 0,
                    second, 0);
        };
        Runnable hundredRounds = () -> {
            for (int i = 0; i < 100; i++) {
                calls.run();
            }
        };
        assertEquals(0, AllocationMeter.minBytesPerRound(hundredRounds, 3, 20),
                "bytes allocated by 100 rounds of every kernel");
    }
}
