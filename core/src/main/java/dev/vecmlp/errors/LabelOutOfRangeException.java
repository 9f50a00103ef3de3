package dev.vecmlp.errors;

/** A class label outside {@code [0, classes)}. */
public class LabelOutOfRangeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public LabelOutOfRangeException(String message) {
        super(message);
    }
}
