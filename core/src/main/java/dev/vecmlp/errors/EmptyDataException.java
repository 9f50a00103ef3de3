package dev.vecmlp.errors;

/** A data set or batch with no rows where at least one is needed. */
public class EmptyDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public EmptyDataException(String message) {
        super(message);
    }
}
