package dev.vecmlp.optim;

import dev.vecmlp.kernel.Kernels;

/**
 * Updates a flat parameter vector from its gradient. Implementations keep whatever state they
 * need (velocities, moments), allocated on the first update and reused after, so a step
 * allocates nothing in steady state.
 */
public interface Optimizer {

    /** The base learning rate (a schedule may scale it per step). */
    float learningRate();

    /**
     * Applies one update to {@code params[0, len)} from {@code grads[0, len)} with the given
     * learning rate for this step.
     */
    void update(Kernels kernels, float[] params, float[] grads, int len, float learningRate);
}
