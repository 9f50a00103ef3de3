package dev.vecmlp.model;

/**
 * Gradients of the loss with respect to every parameter of an {@link Mlp}, in the same flat
 * layout as {@link Mlp#parameters()}: for each layer its {@code dW} (row-major,
 * {@code outputs x inputs}) at {@link Dense#weightOffset()} and its {@code db} at
 * {@link Dense#biasOffset()}.
 */
public final class Gradients {
    private final float[] values;

    Gradients(int parameterCount) {
        this.values = new float[parameterCount];
    }

    /** The flat gradient array (live, not a copy). */
    public float[] values() {
        return values;
    }

    /** A copy of layer {@code layer.index()}'s weight gradient. */
    public float[] weights(Dense layer) {
        return java.util.Arrays.copyOfRange(values, layer.weightOffset(), layer.weightOffset() + layer.weightCount());
    }

    /** A copy of a layer's bias gradient. */
    public float[] bias(Dense layer) {
        return java.util.Arrays.copyOfRange(values, layer.biasOffset(), layer.biasOffset() + layer.outputs());
    }
}
