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
        if (!(clipNorm >= 0) || Double.isInfinite(clipNorm) || !(clipValue >= 0) || Double.isInfinite(clipValue)) {
            throw new InvalidConfigurationException("gradient clipping norm and value: expected finite values >= 0 (0 = off), found "
                    + clipNorm + " and " + clipValue);
        }
        Objects.requireNonNull(nonFinite, "nonFinite");
    }

    /** No clipping, stop on a non-finite step, no monitor. */
    public static StepOptions defaults() {
        return new StepOptions(0, 0, NonFinitePolicy.STOP, null);
    }
}
