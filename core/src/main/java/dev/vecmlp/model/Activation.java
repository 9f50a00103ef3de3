package dev.vecmlp.model;

/**
 * Element-wise activation of a dense layer, {@code A = f(Z)}.
 *
 * <p>Every derivative is expressed through the activation's <em>output</em> {@code y = f(z)},
 * so a layer only keeps {@code A} and never a separate copy of {@code Z}: ReLU's derivative is
 * {@code y > 0}, sigmoid's is {@code y (1 - y)}, tanh's is {@code 1 - y^2}. {@link #SOFTMAX}
 * works on whole rows and is only allowed on the output layer together with
 * {@link Loss#CROSS_ENTROPY}.
 */
public enum Activation {
    /** Identity: {@code f(z) = z}, {@code f' = 1}. */
    LINEAR,
    /** {@code max(0, z)}; derivative 1 for {@code z > 0}, else 0. */
    RELU,
    /** {@code 1 / (1 + e^-z)}; derivative {@code y (1 - y)}. */
    SIGMOID,
    /** {@code tanh(z)}; derivative {@code 1 - y^2}. */
    TANH,
    /** Row-wise {@code e^z_k / sum_j e^z_j}; output layer only, with cross-entropy. */
    SOFTMAX;

    /** Whether the activation acts on each element alone (everything but softmax). */
    public boolean isElementwise() {
        return this != SOFTMAX;
    }
}
