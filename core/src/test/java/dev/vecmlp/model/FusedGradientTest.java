package dev.vecmlp.model;

import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.kernel.reference.ReferenceKernels;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The fused loss gradients equal the unfused chain rule: softmax then cross-entropy through the
 * softmax Jacobian, and sigmoid then binary cross-entropy through the sigmoid derivative.
 */
class FusedGradientTest {
    private final Kernels k = ReferenceKernels.INSTANCE;
    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void softmaxCrossEntropyEqualsTheChainRule() {
        int m = 5;
        int n = 7;
        float[] z = randoms(m * n, 4);
        float[] y = new float[m * n];
        for (int r = 0; r < m; r++) {
            y[r * n + random.nextInt(n)] = 1;
        }
        float[] fusedGrad = new float[m * n];
        double fusedLoss = k.softmaxCrossEntropy(m, n, z, 0, y, 0, null, 0, fusedGrad, 0);

        float[] p = new float[m * n];
        k.activate(Activation.SOFTMAX, m, n, z, 0, p, 0);
        double loss = 0;
        for (int r = 0; r < m; r++) {
            for (int j = 0; j < n; j++) {
                // dL/dz_j = sum_k dL/dp_k * dp_k/dz_j, dL/dp_k = -y_k / (p_k m), dp_k/dz_j = p_k (delta_kj - p_j)
                double g = 0;
                for (int c = 0; c < n; c++) {
                    double dLdp = -y[r * n + c] / (p[r * n + c] * (double) m);
                    double dpdz = p[r * n + c] * ((c == j ? 1 : 0) - p[r * n + j]);
                    g += dLdp * dpdz;
                }
                assertEquals(g, fusedGrad[r * n + j], 1e-6, "dL/dz at " + r + "," + j);
                loss -= y[r * n + j] * Math.log(p[r * n + j]) / m;
            }
        }
        assertEquals(loss, fusedLoss, 1e-5);
    }

    @Test
    void sigmoidBinaryCrossEntropyEqualsTheChainRule() {
        int m = 4;
        int n = 3;
        float[] z = randoms(m * n, 5);
        float[] y = new float[m * n];
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextInt(2);
        }
        float[] fusedGrad = new float[m * n];
        double fusedLoss = k.sigmoidBinaryCrossEntropy(m, n, z, 0, y, 0, null, 0, fusedGrad, 0);

        float[] p = new float[m * n];
        k.activate(Activation.SIGMOID, m, n, z, 0, p, 0);
        float[] grad = new float[m * n];
        double loss = 0;
        for (int i = 0; i < p.length; i++) {
            // dL/dp = (p - y) / (p (1 - p) m n)
            grad[i] = (float) ((p[i] - y[i]) / (p[i] * (1.0 - p[i]) * m * n));
            loss -= (y[i] * Math.log(p[i]) + (1 - y[i]) * Math.log(1 - p[i])) / (m * n);
        }
        k.activationBackward(Activation.SIGMOID, m * n, p, 0, grad, 0);
        for (int i = 0; i < grad.length; i++) {
            assertEquals(grad[i], fusedGrad[i], 1e-6, "dL/dz at " + i);
        }
        assertEquals(loss, fusedLoss, 1e-5);
    }

    private float[] randoms(int len, double range) {
        float[] v = new float[len];
        for (int i = 0; i < len; i++) {
            v[i] = (float) ((random.nextDouble() * 2 - 1) * range);
        }
        return v;
    }
}
