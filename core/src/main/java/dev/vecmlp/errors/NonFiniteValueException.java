package dev.vecmlp.errors;

/** A NaN or infinite value where only finite numbers are allowed (inputs, targets, losses). */
public class NonFiniteValueException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public NonFiniteValueException(String message) {
        super(message);
    }

    /** Scans {@code values[off, off + len)} and throws naming the first bad element as row and column. */
    public static void requireFinite(String what, float[] values, int off, int len, int width) {
        for (int i = 0; i < len; i++) {
            float v = values[off + i];
            if (!Float.isFinite(v)) {
                throw new NonFiniteValueException(what + ": expected finite values, found " + v
                        + " at row " + (i / width) + ", column " + (i % width));
            }
        }
    }
}
