package dev.vecmlp.train;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.health.GradientMonitor;

import java.util.Objects;

/**
 * The safety features of a {@link TrainingStep}.
 *
 * @param clipNorm     rescale the whole gradient to this global L2 norm when it is larger
 *                     (PyTorch's {@code clip_grad_norm_}); 0 = off
 * @param clipValue    clamp each gradient element to {@code [-clipValue, clipValue]}; 0 = off
 * @param nonFinite    what a step with a non-finite loss or gradient does
 * @param monitor      the gradient-health monitor, or {@code null} for none
 */
public record StepOptions(double clipNorm, double clipValue, NonFinitePolicy nonFinite, GradientMonitor monitor) {
    public StepOptions {
        clipLimit("gradient clipping norm", clipNorm);
        clipLimit("gradient clipping value", clipValue);
        Objects.requireNonNull(nonFinite, "nonFinite");
    }

    /** Throws unless {@code limit} is finite and {@code >= 0}. */
    static double clipLimit(String what, double limit) {
        if (!(limit >= 0) || Double.isInfinite(limit) || Float.isInfinite((float) limit)) {
            throw new InvalidConfigurationException(what + ": expected a finite value >= 0 (0 = off) as float32, found "
                    + limit);
        }
        return limit;
    }

    /** No clipping, stop on a non-finite step, no monitor. */
    public static StepOptions defaults() {
        return new StepOptions(0, 0, NonFinitePolicy.STOP, null);
    }
}
