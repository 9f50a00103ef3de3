package dev.vecmlp.model;

import dev.vecmlp.errors.ShapeMismatchException;

/**
 * Scratch buffers for forward and backward passes of one {@link Mlp} shape on batches of up to
 * {@link #capacity()} rows: each layer's activations and deltas, the output layer's logits, the
 * pre-activations of GELU and SiLU layers (their derivative needs them), and for layers with
 * dropout the dropout masks and the outputs before masking.
 * Allocated once, reused by every call, so a training step allocates nothing. A workspace is
 * not thread-safe: one per thread.
 */
public final class Workspace {
    private final int capacity;
    private final int[] widths;
    final float[][] activations;
    final float[][] deltas;
    final float[] logits;
    /** {@code Z} of layers whose activation needs it, else null. */
    final float[][] preActivations;
    /** Dropout masks (0 or {@code 1/(1-p)}) of layers with dropout, else null. */
    final float[][] masks;
    /** Outputs {@code f(Z)} before the dropout mask, of layers with dropout, else null. */
    final float[][] unmasked;
    private final boolean[] keepsPreActivation;
    private final boolean[] hasDropout;

    Workspace(int capacity, int[] layerOutputs) {
        this(capacity, layerOutputs, new boolean[layerOutputs.length], new boolean[layerOutputs.length]);
    }

    Workspace(int capacity, int[] layerOutputs, boolean[] keepsPreActivation, boolean[] hasDropout) {
        this.capacity = capacity;
        this.widths = layerOutputs.clone();
        this.activations = new float[widths.length][];
        this.deltas = new float[widths.length][];
        this.preActivations = new float[widths.length][];
        this.masks = new float[widths.length][];
        this.unmasked = new float[widths.length][];
        for (int l = 0; l < widths.length; l++) {
            activations[l] = new float[capacity * widths[l]];
            deltas[l] = new float[capacity * widths[l]];
            if (keepsPreActivation[l]) {
                preActivations[l] = new float[capacity * widths[l]];
            }
            if (hasDropout[l]) {
                masks[l] = new float[capacity * widths[l]];
                unmasked[l] = new float[capacity * widths[l]];
            }
        }
        this.keepsPreActivation = keepsPreActivation.clone();
        this.hasDropout = hasDropout.clone();
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

    /**
     * Activations of layer {@code l} for the last batch (live buffer, row-major): what the next
     * layer received, so after a training pass with dropout the masked (and rescaled) values.
     */
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

    boolean fits(int[] layerOutputs, boolean[] keepsPreActivation, boolean[] hasDropout) {
        return java.util.Arrays.equals(widths, layerOutputs)
                && java.util.Arrays.equals(this.keepsPreActivation, keepsPreActivation)
                && java.util.Arrays.equals(this.hasDropout, hasDropout);
    }
}
