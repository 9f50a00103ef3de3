package dev.vecmlp.model;

import dev.vecmlp.kernel.Backends;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Backpropagation through a 2-2-1 network with linear activations and MSE, every intermediate
 * value checked against numbers worked out by hand below.
 *
 * <pre>
 * X  = [[1, 2], [0, -1]]          (batch of 2, 2 features)
 * W1 = [[0.5, -1], [1, 0.25]]     b1 = [0.1, -0.2]
 * W2 = [[2, -1]]                  b2 = [0.5]
 * Y  = [-3, 3]
 *
 * z1 = X W1^T + b1:
 *   row 0: [0.5*1 - 1*2 + 0.1,  1*1 + 0.25*2 - 0.2]  = [-1.4,  1.3]
 *   row 1: [0.5*0 - 1*-1 + 0.1, 1*0 + 0.25*-1 - 0.2] = [ 1.1, -0.45]
 * a1 = z1 (linear)
 * z2 = a1 W2^T + b2:
 *   row 0: 2*-1.4 - 1*1.3 + 0.5  = -3.6
 *   row 1: 2*1.1  - 1*-0.45 + 0.5 =  3.15
 * L = mean((z2 - y)^2) = ((-0.6)^2 + 0.15^2) / 2 = 0.19125
 * dL/dz2 = 2 (z2 - y) / (B * outputs) = [-0.6, 0.15]
 * dL/dW2 = dL/dz2^T a1 = -0.6*[-1.4, 1.3] + 0.15*[1.1, -0.45] = [1.005, -0.8475]
 * dL/db2 = -0.6 + 0.15 = -0.45
 * dL/dz1 = dL/dz2 W2 (times f' = 1): row 0 = [-1.2, 0.6], row 1 = [0.3, -0.15]
 * dL/dW1 = dL/dz1^T X: [[-1.2*1 + 0.3*0, -1.2*2 + 0.3*-1], [0.6*1 - 0.15*0, 0.6*2 - 0.15*-1]]
 *        = [[-1.2, -2.7], [0.6, 1.35]]
 * dL/db1 = [-1.2 + 0.3, 0.6 - 0.15] = [-0.9, 0.45]
 * </pre>
 */
class HandComputedBackpropTest {
    private static final float EPS = 1e-6f;

    @Test
    void everyIntermediateValueMatchesTheHandComputation() {
        Mlp mlp = Mlp.builder(2)
                .hidden(2, Activation.LINEAR)
                .output(1, Activation.LINEAR)
                .loss(Loss.MSE)
                .weights(0, new float[]{0.5f, -1f, 1f, 0.25f}, new float[]{0.1f, -0.2f})
                .weights(1, new float[]{2f, -1f}, new float[]{0.5f})
                .kernels(Backends.reference())
                .build();
        float[] x = {1, 2, 0, -1};
        float[] y = {-3, 3};
        Workspace ws = mlp.newWorkspace(2);
        Gradients g = mlp.newGradients();

        double loss = mlp.computeGradients(ws, x, 0, y, 0, 2, g);

        assertArrayEquals(new float[]{-1.4f, 1.3f, 1.1f, -0.45f}, ws.activations(0), EPS, "z1 = a1");
        assertArrayEquals(new float[]{-3.6f, 3.15f}, ws.activations(1), EPS, "z2");
        assertEquals(0.19125, loss, 1e-6, "loss");
        assertArrayEquals(new float[]{-0.6f, 0.15f}, ws.deltas(1), EPS, "dL/dz2");
        assertArrayEquals(new float[]{1.005f, -0.8475f}, g.weights(mlp.layer(1)), EPS, "dL/dW2");
        assertArrayEquals(new float[]{-0.45f}, g.bias(mlp.layer(1)), EPS, "dL/db2");
        assertArrayEquals(new float[]{-1.2f, 0.6f, 0.3f, -0.15f}, ws.deltas(0), EPS, "dL/dz1");
        assertArrayEquals(new float[]{-1.2f, -2.7f, 0.6f, 1.35f}, g.weights(mlp.layer(0)), EPS, "dL/dW1");
        assertArrayEquals(new float[]{-0.9f, 0.45f}, g.bias(mlp.layer(0)), EPS, "dL/db1");
    }
}
