package dev.vecmlp.cli.run;

import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.optim.Sgd;

/** The optimisers {@code --optimizer} accepts, and how each is built from the command's settings. */
public enum OptimizerChoice {
    /** Plain SGD: {@code theta <- theta - lr * grad}. */
    SGD;

    /** The lower-case name, as the options accept and the help lists it. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The optimiser with learning rate {@code lr}. */
    public Optimizer create(double lr) {
        switch (this) {
            case SGD:
                return new Sgd(lr);
            default:
                throw new AssertionError(this);
        }
    }
}
