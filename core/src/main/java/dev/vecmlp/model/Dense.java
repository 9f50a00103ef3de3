package dev.vecmlp.model;

/**
 * The shape of one dense layer: {@code outputs x inputs} weights, {@code outputs} biases, an
 * activation with its parameter (leaky ReLU's negative slope, ELU's alpha) and, for a hidden
 * layer, a dropout rate (inverted dropout during training only; see {@link Mlp}). The numbers themselves live in the owning {@link Mlp}'s flat parameter array at
 * {@link #weightOffset()} (row-major, one row per output unit) and {@link #biasOffset()}.
 */
public final class Dense {
    private final int index;
    private final int inputs;
    private final int outputs;
    private final Activation activation;
    private final float activationParameter;
    private final double dropout;
    private final int weightOffset;
    private final int biasOffset;

    Dense(int index, int inputs, int outputs, Activation activation, int weightOffset) {
        this(index, inputs, outputs, activation, activation.defaultParameter(), 0, weightOffset);
    }

    Dense(int index, int inputs, int outputs, Activation activation, float activationParameter, double dropout,
          int weightOffset) {
        this.index = index;
        this.inputs = inputs;
        this.outputs = outputs;
        this.activation = activation;
        this.activationParameter = activationParameter;
        this.dropout = dropout;
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

    /** Leaky ReLU's negative slope or ELU's alpha; 0 for activations without a parameter. */
    public float activationParameter() {
        return activationParameter;
    }

    /** The probability that training drops a unit of this layer's output (0: no dropout; never on the output layer). */
    public double dropout() {
        return dropout;
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
        return "Dense(" + inputs + " -> " + outputs + ", " + activation
                + (activation.hasParameter() ? "(" + activationParameter + ")" : "")
                + (dropout > 0 ? ", dropout " + dropout : "") + ")";
    }
}
