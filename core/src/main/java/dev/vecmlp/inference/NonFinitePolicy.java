package dev.vecmlp.inference;

/**
 * What a {@link Predictor} does with NaN or infinite input values. Rejecting is the default:
 * a non-finite input silently turns into a NaN score otherwise, which services rarely notice.
 */
public enum NonFinitePolicy {
    /** Throw {@link dev.vecmlp.errors.NonFiniteValueException} naming the first bad value. */
    REJECT,
    /** Pass the values through; the outputs may then be NaN or infinite. */
    ALLOW
}
