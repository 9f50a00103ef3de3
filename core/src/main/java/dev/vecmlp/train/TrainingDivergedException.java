package dev.vecmlp.train;

/** Training produced a non-finite loss or gradient; the offending update was not applied. */
public class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public TrainingDivergedException(String message) {
        super(message);
    }
}
