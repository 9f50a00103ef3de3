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
        this.learningRate = OptimizerChecks.positiveFloat("learning rate", learningRate);
        this.momentum = OptimizerChecks.unitIntervalFloat("momentum", momentum);
        this.nesterov = nesterov;
        this.weightDecay = OptimizerChecks.nonNegativeFloat("weight decay", weightDecay);
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
        OptimizerChecks.updateRate(nesterov ? "Nesterov" : "Momentum", lr, updates);
        if (velocity == null) {
            velocity = new float[len];
        }
        OptimizerChecks.requireLength("momentum", velocity, len);
        kernels.momentumUpdate(len, lr, momentum, nesterov, weightDecay, params, 0, grads, 0, velocity, 0);
        updates++;
    }

    /**
     * Heavy ball: {@code w' = (1 - lr wd) w - lr (mu v + g)}; Nesterov:
     * {@code w' = (1 - lr wd (1 + mu)) w - lr ((1 + mu) g + mu^2 v)}. The velocity's size is
     * measured here (one pass over it, as the update's own cost), so a restored or accumulated
     * velocity is accounted for; decay above 0.5, or a velocity or gradient beyond 1e30, gets no
     * bound (the velocity itself could overflow).
     */
    @Override
    public double changeBound(Kernels kernels, int len, float lr, double gradientNorm) {
        double decay = (double) lr * weightDecay * (nesterov ? 1 + momentum : 1);
        if (weightDecay > 0.5f || decay > 2 || !(gradientNorm < 1e30)) {
            return Double.POSITIVE_INFINITY;
        }
        double v = 0;
        if (velocity != null) {
            OptimizerChecks.requireLength("momentum", velocity, len);
            v = Math.sqrt(kernels.sumOfSquares(len, velocity, 0));
        }
        if (!(v < 1e30)) {
            return Double.POSITIVE_INFINITY;
        }
        return nesterov ? lr * ((1 + momentum) * gradientNorm + momentum * momentum * v) : lr * (momentum * v + gradientNorm);
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
        OptimizerChecks.requireFinite(state);
        velocity = len < 0 ? null : state.arrays().get("velocity").clone();
        updates = state.updates();
    }

    @Override
    public String toString() {
        return (nesterov ? "Nesterov" : "Momentum") + "(lr=" + learningRate + ", momentum=" + momentum
                + (weightDecay != 0 ? ", weightDecay=" + weightDecay : "") + ")";
    }
}
