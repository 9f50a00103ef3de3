package dev.vecmlp.model;

/**
 * The shape of one dense layer: {@code outputs x inputs} weights, {@code outputs} biases and an
 * activation. The numbers themselves live in the owning {@link Mlp}'s flat parameter array at
 * {@link #weightOffset()} (row-major, one row per output unit) and {@link #biasOffset()}.
 */
public final class Dense {
    private final int index;
    private final int inputs;
    private final int outputs;
    private final Activation activation;
    private final int weightOffset;
    private final int biasOffset;

    Dense(int index, int inputs, int outputs, Activation activation, int weightOffset) {
        this.index = index;
        this.inputs = inputs;
        this.outputs = outputs;
        this.activation = activation;
        this.weightOffset = weightOffset;
        this.biasOffset = weightOffset + inputs * outputs;
    }

    /** Position of the layer, 0 for the first hidden layer. */
    public int index() {
        return index;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public Activation activation() {
        return activation;
    }

    /** Offset of the weights ({@code outputs x inputs}, row-major) in the parameter array. */
    public int weightOffset() {
        return weightOffset;
    }

    /** Offset of the {@code outputs} biases in the parameter array. */
    public int biasOffset() {
        return biasOffset;
    }

    /** Number of weights, {@code outputs * inputs}. */
    public int weightCount() {
        return inputs * outputs;
    }

    /** Number of parameters, weights and biases. */
    public int parameterCount() {
        return inputs * outputs + outputs;
    }

    @Override
    public String toString() {
        return "Dense(" + inputs + " -> " + outputs + ", " + activation + ")";
    }
}
