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
     * learning rate for this step. The built-in optimisers refuse a rate that is not finite and
     * {@code > 0} with {@link dev.vecmlp.errors.InvalidConfigurationException}, before anything changes.
     */
    void update(Kernels kernels, float[] params, float[] grads, int len, float learningRate);

    /**
     * What the next {@link #update} may do to the weights, for the overflow guard of
     * {@link dev.vecmlp.train.TrainingStep}: a bound {@code B} such that the update takes every
     * weight {@code w} to {@code a * w + b} with {@code |a| <= 1}, {@code |b| <= B}, and no
     * intermediate result (velocity, moment, decay term) can overflow; or
     * {@link Double#POSITIVE_INFINITY} when no such promise can be made. The step verifies
     * (copies, checks, rolls back) every update whose bound exceeds
     * {@link dev.vecmlp.train.TrainingStep#VERIFY_ABOVE}; a bound far below
     * {@code Float.MAX_VALUE}'s half-ulp (about 1e31) proves a finite weight stays finite.
     *
     * <p>The default makes no promise, so an optimiser that does not know its bound has every
     * update verified. Implementations must not allocate.
     *
     * @param gradientNorm the global L2 norm of the gradient about to be applied (after clipping)
     */
    default double changeBound(Kernels kernels, int len, float learningRate, double gradientNorm) {
        return Double.POSITIVE_INFINITY;
    }

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
