package dev.vecmlp.optim;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Kernels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum (heavy ball) or Nesterov momentum and L2 weight decay, PyTorch's
 * convention, on the fused {@link Kernels#momentumUpdate} kernel:
 * {@code g' = g + wd * w; v = mu * v + g'; w -= lr * (nesterov ? g' + mu * v : v)}.
 * The velocity starts at zero (PyTorch starts it at the first gradient, which is the same
 * thing: {@code mu * 0 + g' = g'}). The velocity array is allocated on the first update and
 * reused after.
 */
public final class Momentum implements Optimizer {
    private final float learningRate;
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private float[] velocity;
    private long updates;

    /** Classic momentum, no weight decay. */
    public Momentum(double learningRate, double momentum) {
        this(learningRate, momentum, false, 0);
    }

    public Momentum(double learningRate, double momentum, boolean nesterov, double weightDecay) {
        this.learningRate = (float) InvalidConfigurationException.requirePositive("learning rate", learningRate);
        this.momentum = (float) OptimizerChecks.unitInterval("momentum", momentum);
        this.nesterov = nesterov;
        this.weightDecay = (float) OptimizerChecks.nonNegative("weight decay", weightDecay);
        if (nesterov && momentum == 0) {
            throw new InvalidConfigurationException("Nesterov momentum: expected momentum > 0, found 0");
        }
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    public float momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    public float weightDecay() {
        return weightDecay;
    }

    @Override
    public void update(Kernels kernels, float[] params, float[] grads, int len, float lr) {
        if (velocity == null) {
            velocity = new float[len];
        }
        OptimizerChecks.requireLength("momentum", velocity, len);
        kernels.momentumUpdate(len, lr, momentum, nesterov, weightDecay, params, 0, grads, 0, velocity, 0);
        updates++;
    }

    @Override
    public OptimizerState state() {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        if (velocity != null) {
            arrays.put("velocity", velocity);
        }
        return new OptimizerState("momentum", updates, arrays);
    }

    @Override
    public void restore(OptimizerState state) {
        OptimizerChecks.requireKind(state, "momentum");
        int len = OptimizerChecks.requireArrays(state, "velocity");
        velocity = len < 0 ? null : state.arrays().get("velocity").clone();
        updates = state.updates();
    }

    @Override
    public String toString() {
        return (nesterov ? "Nesterov" : "Momentum") + "(lr=" + learningRate + ", momentum=" + momentum
                + (weightDecay != 0 ? ", weightDecay=" + weightDecay : "") + ")";
    }
}
