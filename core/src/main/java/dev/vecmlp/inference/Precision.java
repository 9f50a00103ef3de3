package dev.vecmlp.inference;

/**
 * How a {@link Predictor} stores the weights it multiplies by. Biases, inputs, activations and
 * every sum stay float32 in both.
 */
public enum Precision {
    /** float32 weights: the model's own values (the default). */
    FP32,
    /**
     * bfloat16 weights ({@link dev.vecmlp.kernel.Bf16}): each weight rounded to nearest-even
     * bf16 once, at {@link Predictor#of(dev.vecmlp.model.Mlp, Precision)}, and widened exactly to
     * float32 in registers; products accumulate in float32. Half the weight bytes per call, so
     * faster wherever the weights stream from memory (batch 1 of larger layers); each weight
     * moves by at most {@code 2^-8} of itself, which moves outputs by a small relative amount
     * (see the README for the measured figures).
     */
    BF16,
    /**
     * int8 weights with one float32 scale per output channel ({@link dev.vecmlp.kernel.Int8}):
     * each row of W quantised once, at {@link Predictor#of(dev.vecmlp.model.Mlp, Precision)}, to
     * {@code q s_j} with {@code s_j = max |row| / 127}; single samples stream the bytes and sum
     * {@code x q} in float32, then scale. A quarter of the weight bytes per call; each weight moves
     * by at most {@code s_j / 2} ({@code 1/254} of its row's largest magnitude), a coarser
     * approximation than bf16 for rows with a few large weights (see the README for the
     * measured accuracy).
     */
    INT8
}
