package dev.vecmlp.train;

/** Training produced a non-finite loss or gradient; the offending update was not applied. */
public class TrainingDivergedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;
    private final long step;

    public TrainingDivergedException(String message) {
        this(message, -1);
    }

    /** @param step the 1-based step that diverged, or -1 when unknown */
    public TrainingDivergedException(String message, long step) {
        super(message);
        this.step = step;
    }

    /** The 1-based step that diverged, or -1 when unknown. */
    public long step() {
        return step;
    }
}
