package dev.vecmlp.optim;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Kernels;

import java.util.Map;

/**
 * Plain stochastic gradient descent, {@code theta <- theta - lr * (grad + weightDecay * theta)}
 * (PyTorch's {@code SGD} with {@code momentum=0}: weight decay is L2, added to the gradient).
 * Keeps no arrays: the decay is a {@link Kernels#scale} of the weights by
 * {@code 1 - lr * weightDecay} before the {@link Kernels#axpy} step, which is the same update
 * without a velocity buffer.
 */
public final class Sgd implements Optimizer {
    private final float learningRate;
    private final float weightDecay;
    private long updates;

    public Sgd(double learningRate) {
        this(learningRate, 0);
    }

    /** SGD with L2 weight decay {@code weightDecay >= 0}. */
    public Sgd(double learningRate, double weightDecay) {
        this.learningRate = OptimizerChecks.positiveFloat("learning rate", learningRate);
        this.weightDecay = OptimizerChecks.nonNegativeFloat("weight decay", weightDecay);
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    public float weightDecay() {
        return weightDecay;
    }

    @Override
    public void update(Kernels kernels, float[] params, float[] grads, int len, float lr) {
        OptimizerChecks.updateRate("Sgd", lr, updates);
        if (weightDecay != 0) {
            kernels.scale(len, 1f - lr * weightDecay, params, 0);
        }
        kernels.axpy(len, -lr, grads, 0, params, 0);
        updates++;
    }

    /**
     * {@code w' = (1 - lr wd) w - lr g}: the factor stays within [-1, 1] while {@code lr wd <= 2},
     * and the rest is at most {@code lr ||g||}.
     */
    @Override
    public double changeBound(Kernels kernels, int len, float lr, double gradientNorm) {
        if (weightDecay > 1 || (double) lr * weightDecay > 2) {
            return Double.POSITIVE_INFINITY;
        }
        return lr * gradientNorm;
    }

    @Override
    public OptimizerState state() {
        return new OptimizerState("sgd", updates, Map.of());
    }

    @Override
    public void restore(OptimizerState state) {
        OptimizerChecks.requireKind(state, "sgd");
        if (!state.arrays().isEmpty()) {
            throw new InvalidConfigurationException("optimizer state: expected kind sgd with no arrays, found arrays "
                    + state.arrays().keySet());
        }
        updates = state.updates();
    }

    @Override
    public String toString() {
        return "SGD(lr=" + learningRate + (weightDecay != 0 ? ", weightDecay=" + weightDecay : "") + ")";
    }
}
