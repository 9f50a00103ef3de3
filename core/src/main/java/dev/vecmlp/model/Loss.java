package dev.vecmlp.model;

/**
 * Loss of a network, averaged over the batch.
 *
 * <ul>
 *   <li>{@link #MSE}: {@code mean((y_hat - y)^2)} over batch <em>and</em> units; any output
 *       activation but softmax.</li>
 *   <li>{@link #CROSS_ENTROPY}: {@code -(1/B) sum_b sum_k y_bk log softmax(z_b)_k}, fused with a
 *       softmax output and computed with log-sum-exp.</li>
 *   <li>{@link #BINARY_CROSS_ENTROPY}: {@code mean(-[y log p + (1-y) log(1-p)])} over batch and
 *       units, fused with a sigmoid output and computed from the logits, so it never takes
 *       {@code log(0)}.</li>
 * </ul>
 */
public enum Loss {
    MSE,
    CROSS_ENTROPY,
    BINARY_CROSS_ENTROPY;

    /** The output activation this loss requires, or {@code null} when any elementwise one works. */
    public Activation requiredOutputActivation() {
        switch (this) {
            case CROSS_ENTROPY: return Activation.SOFTMAX;
            case BINARY_CROSS_ENTROPY: return Activation.SIGMOID;
            default: return null;
        }
    }
}
