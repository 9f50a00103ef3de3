package dev.vecmlp.model;

/**
 * Element-wise activation of a dense layer, {@code A = f(Z)}.
 *
 * <p>Most derivatives are expressed through the activation's <em>output</em> {@code y = f(z)},
 * so such a layer only keeps {@code A} and never a separate copy of {@code Z}: ReLU's derivative
 * is {@code y > 0}, sigmoid's is {@code y (1 - y)}, tanh's is {@code 1 - y^2}, softplus's is
 * {@code 1 - e^-y}. {@link #GELU} and {@link #SILU} are not monotonic, so their derivative needs
 * {@code z}: layers with them also keep the pre-activation ({@link #needsPreActivation()}).
 * {@link #SOFTMAX} works on whole rows and is only allowed on the output layer together with
 * {@link Loss#CROSS_ENTROPY}.
 *
 * <p>{@link #LEAKY_RELU} and {@link #ELU} take one parameter per layer (the negative slope,
 * the alpha), carried by the layer ({@link Dense#activationParameter()}) and the model file;
 * {@link #defaultParameter()} gives PyTorch's defaults.
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
    SOFTMAX,
    /**
     * {@code z > 0 ? z : a z} with the negative slope {@code a >= 0} (default 0.01, as PyTorch);
     * derivative 1 for {@code y > 0}, else {@code a}.
     */
    LEAKY_RELU,
    /**
     * The exact GELU, {@code z Phi(z) = z (1 + erf(z / sqrt 2)) / 2} (PyTorch's default form);
     * derivative {@code Phi(z) + z phi(z)}, from the pre-activation.
     */
    GELU,
    /** {@code z > 0 ? z : a (e^z - 1)} with {@code a > 0} (default 1.0); derivative 1 for {@code y > 0}, else {@code y + a}. */
    ELU,
    /** SiLU (swish), {@code z sigmoid(z)}; derivative {@code s (1 + z (1 - s))} with {@code s = sigmoid(z)}, from the pre-activation. */
    SILU,
    /** {@code log(1 + e^z)}, computed without overflow; derivative {@code sigmoid(z) = 1 - e^-y}. */
    SOFTPLUS;

    /** Whether the activation acts on each element alone (everything but softmax). */
    public boolean isElementwise() {
        return this != SOFTMAX;
    }

    /** Whether the derivative needs the pre-activation {@code z} besides the output (GELU, SiLU). */
    public boolean needsPreActivation() {
        return this == GELU || this == SILU;
    }

    /** Whether the activation takes a parameter: the negative slope of leaky ReLU, the alpha of ELU. */
    public boolean hasParameter() {
        return this == LEAKY_RELU || this == ELU;
    }

    /** PyTorch's default parameter: 0.01 for leaky ReLU, 1.0 for ELU, 0 for the others (unused). */
    public float defaultParameter() {
        switch (this) {
            case LEAKY_RELU: return 0.01f;
            case ELU: return 1f;
            default: return 0f;
        }
    }

    /**
     * Checks a parameter for this activation and returns it: a finite slope {@code >= 0} for leaky
     * ReLU, a finite alpha {@code > 0} for ELU, and 0 (the only value allowed) for the others.
     *
     * @throws IllegalArgumentException naming the activation, what was expected and what was found
     */
    public float checkParameter(double parameter) {
        switch (this) {
            case LEAKY_RELU:
                if (!(parameter >= 0) || Double.isInfinite(parameter)) {
                    throw new IllegalArgumentException("LEAKY_RELU negative slope: expected a finite value >= 0, found " + parameter);
                }
                return (float) parameter;
            case ELU:
                if (!(parameter > 0) || Double.isInfinite(parameter)) {
                    throw new IllegalArgumentException("ELU alpha: expected a finite value > 0, found " + parameter);
                }
                return (float) parameter;
            default:
                if (parameter != 0) {
                    throw new IllegalArgumentException(this + " takes no parameter: expected 0, found " + parameter);
                }
                return 0f;
        }
    }
}
