package dev.vecmlp.optim;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Kernels;

/** Plain stochastic gradient descent: {@code theta <- theta - lr * grad}. Stateless. */
public final class Sgd implements Optimizer {
    private final float learningRate;

    public Sgd(double learningRate) {
        this.learningRate = (float) InvalidConfigurationException.requirePositive("learning rate", learningRate);
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    @Override
    public void update(Kernels kernels, float[] params, float[] grads, int len, float lr) {
        kernels.axpy(len, -lr, grads, 0, params, 0);
        updates++;
    }

    private long updates;

    @Override
    public OptimizerState state() {
        return new OptimizerState("sgd", updates, java.util.Map.of());
    }

    @Override
    public void restore(OptimizerState state) {
        if (!"sgd".equals(state.kind()) || !state.arrays().isEmpty()) {
            throw new IllegalArgumentException("optimizer state: expected kind sgd with no arrays, found kind "
                    + state.kind() + " with " + state.arrays().keySet());
        }
        updates = state.updates();
    }

    @Override
    public String toString() {
        return "SGD(lr=" + learningRate + ")";
    }
}
