package dev.vecmlp.model;

import java.util.random.RandomGenerator;

/**
 * Weight initialisation schemes. Each scales the weights of a layer with {@code fanIn} inputs
 * and {@code fanOut} outputs so that activations and gradients keep roughly unit variance
 * through depth, which is the first defence against vanishing and exploding gradients.
 * Biases start at zero.
 */
public enum Initializer {
    /** Glorot/Xavier uniform: {@code U(-a, a)}, {@code a = sqrt(6 / (fanIn + fanOut))}; for sigmoid and tanh. */
    XAVIER_UNIFORM,
    /** Glorot/Xavier normal: {@code N(0, 2 / (fanIn + fanOut))}. */
    XAVIER_NORMAL,
    /** He/Kaiming uniform: {@code U(-a, a)}, {@code a = sqrt(6 / fanIn)}; for ReLU. */
    HE_UNIFORM,
    /** He/Kaiming normal: {@code N(0, 2 / fanIn)}. */
    HE_NORMAL,
    /** LeCun uniform: {@code U(-a, a)}, {@code a = sqrt(3 / fanIn)}; for linear outputs. */
    LECUN_UNIFORM,
    /** LeCun normal: {@code N(0, 1 / fanIn)}. */
    LECUN_NORMAL,
    /** All zeros (only sensible for tests and single-layer models). */
    ZEROS;

    /**
     * The scheme matched to an activation: He for the ReLU family (ReLU, leaky ReLU, ELU, GELU,
     * SiLU, softplus), Xavier for sigmoid, tanh and softmax, LeCun for linear.
     */
    public static Initializer matchedTo(Activation activation) {
        switch (activation) {
            case RELU:
            case LEAKY_RELU:
            case ELU:
            case GELU:
            case SILU:
            case SOFTPLUS:
                return HE_UNIFORM;
            case LINEAR: return LECUN_UNIFORM;
            default: return XAVIER_UNIFORM;
        }
    }

    /** Fills {@code w[off, off + fanIn * fanOut)} with draws from this scheme. */
    public void fill(float[] w, int off, int fanIn, int fanOut, RandomGenerator random) {
        fill(w, off, fanIn, fanOut, random, 0);
    }

    /**
     * As {@link #fill(float[], int, int, int, RandomGenerator)} for a leaky ReLU layer of negative
     * slope {@code a}: He's variance becomes {@code 2 / ((1 + a^2) fanIn)} (PyTorch's
     * {@code kaiming_uniform_(a=...)}); the other schemes ignore {@code a}.
     */
    public void fill(float[] w, int off, int fanIn, int fanOut, RandomGenerator random, double negativeSlope) {
        int len = fanIn * fanOut;
        double heGain = 2 / (1 + negativeSlope * negativeSlope);
        switch (this) {
            case ZEROS:
                java.util.Arrays.fill(w, off, off + len, 0f);
                return;
            case XAVIER_UNIFORM:
                uniform(w, off, len, Math.sqrt(6.0 / (fanIn + fanOut)), random);
                return;
            case HE_UNIFORM:
                uniform(w, off, len, Math.sqrt(3 * heGain / fanIn), random);
                return;
            case LECUN_UNIFORM:
                uniform(w, off, len, Math.sqrt(3.0 / fanIn), random);
                return;
            case XAVIER_NORMAL:
                normal(w, off, len, Math.sqrt(2.0 / (fanIn + fanOut)), random);
                return;
            case HE_NORMAL:
                normal(w, off, len, Math.sqrt(heGain / fanIn), random);
                return;
            case LECUN_NORMAL:
                normal(w, off, len, Math.sqrt(1.0 / fanIn), random);
                return;
            default:
                throw new AssertionError(this);
        }
    }

    private static void uniform(float[] w, int off, int len, double limit, RandomGenerator random) {
        for (int i = 0; i < len; i++) {
            w[off + i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
    }

    private static void normal(float[] w, int off, int len, double std, RandomGenerator random) {
        for (int i = 0; i < len; i++) {
            w[off + i] = (float) (random.nextGaussian() * std);
        }
    }
}
