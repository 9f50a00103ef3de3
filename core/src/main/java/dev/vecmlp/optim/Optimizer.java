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

    /** A snapshot of the optimiser's state (copies), for checkpoints. */
    OptimizerState state();

    /**
     * Restores a snapshot taken by {@link #state()} of an optimiser of the same kind on a
     * parameter vector of the same length.
     *
     * @throws dev.vecmlp.errors.InvalidConfigurationException when the kind (the message names both
     *                                                       optimisers) or an array length does not match
     */
    void restore(OptimizerState state);
}
