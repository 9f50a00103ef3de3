package dev.vecmlp.inference;

/**
 * Scratch buffers for one thread's predictions with a {@link Predictor}: the scaled inputs,
 * every hidden layer's activations and the output layer's logits, for batches of up to
 * {@link #capacity()} rows (larger batches run in chunks of that size). Made by
 * {@link Predictor#newContext()}; reused by every call, so a prediction allocates nothing.
 *
 * <p>Not thread-safe: a context belongs to one thread at a time. It fits every predictor made
 * from the same model snapshot (for example one with another {@link NonFinitePolicy}).
 */
public final class PredictionContext {
    final Object shapeToken;
    final int capacity;
    /** {@code capacity x inputWidth}, or null when the model has no input scaling. */
    final float[] scaled;
    /** One {@code capacity x width} buffer per hidden layer. */
    final float[][] hidden;
    /** {@code capacity x outputWidth}: output logits before softmax/sigmoid. */
    final float[] logits;
    /** {@code outputWidth}: one sample's outputs, for {@link Predictor#predictClass}. */
    final float[] output;

    PredictionContext(Object shapeToken, int capacity, int inputWidth, boolean scaling, int[] widths) {
        this.shapeToken = shapeToken;
        this.capacity = capacity;
        this.scaled = scaling ? new float[Math.multiplyExact(capacity, inputWidth)] : null;
        int last = widths.length - 1;
        this.hidden = new float[last][];
        for (int l = 0; l < last; l++) {
            hidden[l] = new float[Math.multiplyExact(capacity, widths[l])];
        }
        this.logits = new float[Math.multiplyExact(capacity, widths[last])];
        this.output = new float[widths[last]];
    }

    /** The largest number of rows one kernel call handles with this context. */
    public int capacity() {
        return capacity;
    }
}
