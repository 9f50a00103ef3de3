package dev.vecmlp.errors;

/**
 * An array, batch or layer does not have the width, length or row count expected, or an index
 * (of a layer, a check) is outside the range the object has.
 */
public class ShapeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ShapeMismatchException(String message) {
        super(message);
    }

    /** "{what}: expected {expected}, found {found}". */
    public static ShapeMismatchException of(String what, long expected, long found) {
        return new ShapeMismatchException(what + ": expected " + expected + ", found " + found);
    }

    /**
     * Returns {@code index} when it is in {@code [0, count)}, else throws
     * "{what}: expected 0 to {count - 1} ({count} {items}), found {index}".
     */
    public static int checkIndex(String what, int index, int count, String items) {
        if (index < 0 || index >= count) {
            throw new ShapeMismatchException(what + ": expected " + (count == 0 ? "none (there are no " + items + ")"
                    : "0 to " + (count - 1) + " (" + count + " " + items + ")") + ", found " + index);
        }
        return index;
    }
}
