package dev.vecmlp.errors;

/** An array, batch or layer does not have the width, length or row count expected. */
public class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeMismatchException(String message) {
        super(message);
    }

    /** "{what}: expected {expected}, found {found}". */
    public static ShapeMismatchException of(String what, long expected, long found) {
        return new ShapeMismatchException(what + ": expected " + expected + ", found " + found);
    }
}
