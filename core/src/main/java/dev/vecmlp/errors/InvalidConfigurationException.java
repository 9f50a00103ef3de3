package dev.vecmlp.errors;

/**
 * A setting out of its range: a non-positive size, learning rate or epoch count, or an
 * activation and loss that do not go together.
 */
public class InvalidConfigurationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigurationException(String message) {
        super(message);
    }

    /** Throws unless {@code value > 0}. */
    public static int requirePositive(String what, int value) {
        if (value <= 0) {
            throw new InvalidConfigurationException(what + ": expected a value > 0, found " + value);
        }
        return value;
    }

    /** Throws unless {@code value} is finite and {@code > 0}. */
    public static double requirePositive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new InvalidConfigurationException(what + ": expected a finite value > 0, found " + value);
        }
        return value;
    }
}
