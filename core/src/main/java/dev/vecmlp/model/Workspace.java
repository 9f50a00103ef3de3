package dev.vecmlp.model;

import dev.vecmlp.errors.ShapeMismatchException;

/**
 * Scratch buffers for forward and backward passes of one {@link Mlp} shape on batches of up to
 * {@link #capacity()} rows: each layer's activations and deltas, and the output layer's logits.
 * Allocated once, reused by every call, so a training step allocates nothing. A workspace is
 * not thread-safe: one per thread.
 */
public final class Workspace {
    private final int capacity;
    private final int[] widths;
    final float[][] activations;
    final float[][] deltas;
    final float[] logits;

    Workspace(int capacity, int[] layerOutputs) {
        this.capacity = capacity;
        this.widths = layerOutputs.clone();
        this.activations = new float[widths.length][];
        this.deltas = new float[widths.length][];
        for (int l = 0; l < widths.length; l++) {
            activations[l] = new float[capacity * widths[l]];
            deltas[l] = new float[capacity * widths[l]];
        }
        this.logits = new float[capacity * widths[widths.length - 1]];
    }

    /** The largest batch this workspace holds. */
    public int capacity() {
        return capacity;
    }

    /**
     * The network's output for the last batch: {@code rows x outputWidth} values from offset 0
     * (probabilities for softmax and sigmoid outputs). A live buffer, overwritten by the next call.
     */
    public float[] output() {
        return activations[activations.length - 1];
    }

    /** Activations of layer {@code l} for the last batch (live buffer, row-major). */
    public float[] activations(int l) {
        return activations[ShapeMismatchException.checkIndex("layer index", l, activations.length, "layers")];
    }

    /** {@code dL/dZ} of layer {@code l} for the last backward pass (live buffer, row-major). */
    public float[] deltas(int l) {
        return deltas[ShapeMismatchException.checkIndex("layer index", l, deltas.length, "layers")];
    }

    /** Logits of the output layer (before softmax or sigmoid) for the last batch. */
    public float[] logits() {
        return logits;
    }

    boolean fits(int[] layerOutputs) {
        return java.util.Arrays.equals(widths, layerOutputs);
    }
}
