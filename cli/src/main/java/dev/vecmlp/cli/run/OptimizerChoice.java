package dev.vecmlp.cli.run;

import dev.vecmlp.optim.Adam;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.optim.Sgd;

/** The optimisers {@code --optimizer} accepts, and how each is built from the command's settings. */
public enum OptimizerChoice {
    /** Plain SGD: {@code theta <- theta - lr * grad} (with L2 weight decay when asked). */
    SGD,
    /** SGD with classic (heavy-ball) momentum. */
    MOMENTUM,
    /** SGD with Nesterov momentum. */
    NESTEROV,
    /** Adam (weight decay, if any, added to the gradient as L2). */
    ADAM,
    /** AdamW: Adam with decoupled weight decay. */
    ADAMW,
    /** Full-batch L-BFGS (one iteration per epoch; see {@link #lbfgs()}): not an {@link Optimizer}. */
    LBFGS;

    /** The L-BFGS solver {@code --optimizer lbfgs} uses: history 10 and the library's tolerances. */
    public static dev.vecmlp.optim.Lbfgs lbfgs() {
        return dev.vecmlp.optim.Lbfgs.withDefaults();
    }

    /** The lower-case name, as the options accept and the help lists it. */
    @Override
    public String toString() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The optimiser with learning rate {@code lr}, momentum {@code momentum} and weight decay {@code weightDecay}. */
    public Optimizer create(double lr, double momentum, double weightDecay) {
        switch (this) {
            case SGD:
                return new Sgd(lr, weightDecay);
            case MOMENTUM:
                return new Momentum(lr, momentum, false, weightDecay);
            case NESTEROV:
                return new Momentum(lr, momentum, true, weightDecay);
            case ADAM:
                return new Adam(lr, 0.9, 0.999, 1e-8, weightDecay, false);
            case ADAMW:
                return Adam.adamW(lr, weightDecay);
            case LBFGS:
                // The trainer runs L-BFGS instead of this optimiser; it only names the base rate in reports.
                return new Sgd(lr, weightDecay);
            default:
                throw new AssertionError(this);
        }
    }
}
