package dev.vecmlp.train;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.health.GradientMonitor;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Gradients;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;
import dev.vecmlp.optim.Optimizer;

import java.util.Objects;

/**
 * One optimisation step on one batch — forward, loss, backward, guard, clipping, update — with
 * every buffer allocated once at construction for batches of up to {@code capacity} rows. A step
 * allocates nothing. Not thread-safe: it owns the model's update while it runs.
 *
 * <p><b>Non-finite guard.</b> Every step takes the gradient's squared L2 norm
 * ({@link Kernels#sumOfSquares}, one pass over the gradient): any NaN or infinity in the gradient
 * makes it non-finite, so together with the loss it decides whether the step is sound, and the
 * same norm serves clipping and the health monitor. A step with a non-finite loss or gradient
 * is never applied: under {@link NonFinitePolicy#STOP} it throws
 * {@link TrainingDivergedException}; under {@link NonFinitePolicy#SKIP} it is counted
 * ({@link #skippedSteps()}) and {@link #lastStepSkipped()} says so. Either way the weights keep
 * their last finite values. (Trade-off: backends that accumulate the norm in float treat a
 * finite gradient whose squared norm overflows float, ~1.8e19, as non-finite; such a gradient
 * has exploded anyway.)
 *
 * <p>A finite gradient can still overflow the weights when the step is huge. Checking the
 * weights after every update would cost a copy and a second pass over the parameters per
 * step, so the step does it only when the update is suspect: when the optimiser cannot bound
 * it ({@link Optimizer#changeBound}: for SGD {@code learningRate * ||g||} after clipping, for
 * momentum the velocity counts too, for Adam the moments' ratio) below {@value #VERIFY_ABOVE},
 * some four orders of magnitude above a healthy step. Such a step first copies the weights and
 * the optimiser state, and rolls both back (and is treated as non-finite) when the update left
 * a NaN or an infinity. Below the bound the update provably keeps finite weights finite: it
 * scales each weight by at most 1 in magnitude and adds at most the bound, far below the
 * half-ulp of {@code Float.MAX_VALUE}. An optimiser with no bound has every update verified.
 *
 * <p><b>Validation.</b> The learning rate of each call is checked (finite and {@code > 0})
 * before anything is computed; a bad one is an {@link InvalidConfigurationException} naming
 * the value, the step and the source, and changes nothing. Clipping limits and the
 * optimiser's own settings are checked where they are constructed. After any exception from
 * {@link #step}, the weights and the optimiser state are what they were before the call.
 *
 * <p><b>Clipping</b> (see {@link StepOptions}): by value first, then by global norm
 * ({@code g *= clipNorm / (norm + 1e-6)} when {@code norm > clipNorm}, PyTorch's rule).
 *
 * <p><b>Dropout.</b> Layers with a dropout rate are masked on every step
 * ({@link Mlp#computeTrainingGradients}), with masks keyed by {@link #dropoutSeed(long)} and the
 * step number.
 *
 * <p><b>Health.</b> On the monitor's check steps the step hands it the clipped gradient and the
 * activations before the update and the new weights after it.
 */
public final class TrainingStep {
    /** {@code lr * ||g||} above which an update is verified (and rolled back if it overflowed). */
    public static final double VERIFY_ABOVE = 1e4;

    private final Mlp model;
    private final Optimizer optimizer;
    private final Workspace workspace;
    private final Gradients gradients;
    private final float clipNorm;
    private final float clipValue;
    private final NonFinitePolicy policy;
    private final GradientMonitor monitor;
    private long steps;
    private long skipped;
    private boolean lastSkipped;
    private boolean lastClipped;
    private double lastGradientNorm;
    private float[] rollback;
    private long dropoutSeed;

    /** A step with {@link StepOptions#defaults()}: no clipping, stop on non-finite, no monitor. */
    public TrainingStep(Mlp model, Optimizer optimizer, int capacity) {
        this(model, optimizer, capacity, StepOptions.defaults());
    }

    public TrainingStep(Mlp model, Optimizer optimizer, int capacity, StepOptions options) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(options, "options");
        InvalidConfigurationException.requirePositive("batch size", capacity);
        this.workspace = model.newWorkspace(capacity);
        this.gradients = model.newGradients();
        this.clipNorm = (float) options.clipNorm();
        this.clipValue = (float) options.clipValue();
        this.policy = options.nonFinite();
        this.monitor = options.monitor();
    }

    /**
     * Trains on {@code rows} samples ({@code x} from {@code xOff}, targets {@code y} from
     * {@code yOff}) with the optimiser's base learning rate. Returns the batch's loss before the update.
     */
    public double step(float[] x, int xOff, float[] y, int yOff, int rows) {
        return step(x, xOff, y, yOff, rows, optimizer.learningRate());
    }

    /** As {@link #step(float[], int, float[], int, int)} with an explicit learning rate for this step. */
    public double step(float[] x, int xOff, float[] y, int yOff, int rows, float learningRate) {
        return step(x, xOff, y, yOff, null, 0, rows, learningRate);
    }

    /**
     * As {@link #step(float[], int, float[], int, int, float)} with one weight per row from
     * {@code weights[wOff]}: the loss is the weighted mean {@code sum_i w_i l_i / sum_i w_i}
     * (see {@link Mlp#computeGradients(Workspace, float[], int, float[], int, float[], int, int,
     * Gradients)}); {@code weights} null is the unweighted step.
     */
    public double step(float[] x, int xOff, float[] y, int yOff, float[] weights, int wOff, int rows,
                       float learningRate) {
        requireRate(learningRate, "TrainingStep.step");
        // Dropout masks are keyed by (seed, step number): a resumed run draws the same ones.
        double loss = model.computeTrainingGradients(workspace, x, xOff, y, yOff, weights, wOff, rows, gradients,
                dropoutSeed, steps + 1);
        return apply(loss, rows, learningRate);
    }

    /** Refuses a rate that is not finite and > 0, before anything changes. */
    private void requireRate(float learningRate, String source) {
        if (!(learningRate > 0) || learningRate == Float.POSITIVE_INFINITY) {
            throw new InvalidConfigurationException("learning rate passed to " + source + " at step " + (steps + 1)
                    + ": expected a finite value > 0, found " + learningRate + "; nothing was changed");
        }
    }

    /**
     * The second half of {@link #step}: guard, clipping, health and update, applied to the
     * gradient already in {@link #gradients()} (for example one summed over several machines)
     * whose batch had mean loss {@code loss}. On the health monitor's check steps the monitor
     * reads the activations of {@code rows} rows from {@link #workspace()}, so a caller that
     * computed the gradient elsewhere runs a forward pass of a sample into it first. Returns
     * {@code loss}; the non-finite policy applies as in {@link #step}.
     */
    public double apply(double loss, int rows, float learningRate) {
        requireRate(learningRate, "TrainingStep.apply");
        Kernels k = model.kernels();
        float[] g = gradients.values();
        double rawNorm = Math.sqrt(k.sumOfSquares(g.length, g, 0));
        lastGradientNorm = rawNorm;
        lastClipped = false;
        if (!Double.isFinite(loss) || !Double.isFinite(rawNorm)) {
            reject(loss, rawNorm, "loss " + loss + " and gradient norm " + rawNorm);
            return loss;
        }
        lastSkipped = false;
        double norm = rawNorm;
        if (clipValue > 0) {
            k.clipByValue(g.length, clipValue, g, 0);
            if (clipNorm > 0) {
                norm = Math.sqrt(k.sumOfSquares(g.length, g, 0));
            }
        }
        if (clipNorm > 0 && norm > clipNorm) {
            k.scale(g.length, (float) (clipNorm / (norm + 1e-6)), g, 0);
            lastClipped = true;
        }
        long next = steps + 1;
        boolean check = monitor != null && monitor.due(next);
        if (check) {
            monitor.beforeUpdate(next, model, g, workspace, rows, rawNorm);
        }
        float[] params = model.parameters();
        double bound = optimizer.changeBound(k, g.length, learningRate, norm);
        if (!(bound <= VERIFY_ABOVE)) {
            if (!verifiedUpdate(k, params, g, learningRate)) {
                reject(loss, rawNorm, "an update (learning rate " + learningRate + ", gradient norm " + norm
                        + ", bound on the change of a weight " + bound + ") that overflowed the weights");
                return loss;
            }
        } else {
            optimizer.update(k, params, g, g.length, learningRate);
        }
        steps = next;
        if (check) {
            monitor.afterUpdate(model);
        }
        return loss;
    }

    /** An update that keeps a copy to roll back to; false (and rolled back) when it overflowed. */
    private boolean verifiedUpdate(Kernels k, float[] params, float[] g, float learningRate) {
        if (rollback == null) {
            rollback = new float[params.length];
        }
        System.arraycopy(params, 0, rollback, 0, params.length);
        dev.vecmlp.optim.OptimizerState before = optimizer.state();
        optimizer.update(k, params, g, g.length, learningRate);
        if (k.allFinite(params.length, params, 0)) {
            return true;
        }
        System.arraycopy(rollback, 0, params, 0, params.length);
        optimizer.restore(before);
        return false;
    }

    private void reject(double loss, double norm, String found) {
        long step = steps + 1;
        skipped++;
        lastSkipped = true;
        if (monitor != null) {
            monitor.nonFinite(step, model, gradients.values(), loss);
        }
        if (policy == NonFinitePolicy.STOP) {
            throw new TrainingDivergedException("step " + step + ": expected a finite loss, gradient and update, found "
                    + found + "; the update was skipped and " + weightsState(model), step);
        }
    }

    /**
     * What a divergence report may say about the weights: that they kept their values and are
     * finite, or (when something outside training wrote non-finite values into them) that they
     * kept their values, which were already not finite. One pass over the parameters, only on
     * the failure path.
     */
    static String weightsState(Mlp model) {
        float[] p = model.parameters();
        return model.kernels().allFinite(p.length, p, 0)
                ? "the weights keep their values from before this step (all finite)"
                : "the weights keep their values from before this step, which were already not finite"
                + " (set outside training?)";
    }

    /**
     * Seeds the dropout masks (default 0; the trainer passes its seed). Each step's masks are a
     * function of this seed, the step number and the layer. Returns this step.
     */
    public TrainingStep dropoutSeed(long seed) {
        this.dropoutSeed = seed;
        return this;
    }

    /** Updates applied so far (skipped steps not counted). */
    public long steps() {
        return steps;
    }

    /** Continues the step count of an earlier run (for resumed training). */
    void resumeAt(long stepsDone) {
        this.steps = stepsDone;
    }

    /** Steps rejected as non-finite so far. */
    public long skippedSteps() {
        return skipped;
    }

    /** Whether the last call was rejected as non-finite (and not applied). */
    public boolean lastStepSkipped() {
        return lastSkipped;
    }

    /** Whether the last applied step's gradient was rescaled by norm clipping. */
    public boolean lastStepClipped() {
        return lastClipped;
    }

    /** The global L2 norm of the last step's gradient, before clipping. */
    public double lastGradientNorm() {
        return lastGradientNorm;
    }

    public Mlp model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The health monitor, or {@code null}. */
    public GradientMonitor monitor() {
        return monitor;
    }

    /** The gradient of the last step (live buffer; clipped when clipping is on). */
    public Gradients gradients() {
        return gradients;
    }

    /** The workspace of the last step (its activations and deltas). */
    public Workspace workspace() {
        return workspace;
    }
}
