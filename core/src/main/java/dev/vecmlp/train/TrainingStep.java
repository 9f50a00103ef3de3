package dev.vecmlp.train;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.model.Gradients;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;
import dev.vecmlp.optim.Optimizer;

import java.util.Objects;

/**
 * One optimisation step on one batch — forward, loss, backward, update — with every buffer
 * allocated once at construction for batches of up to {@code capacity} rows. A step allocates
 * nothing. Not thread-safe: it owns the model's update while it runs.
 *
 * <p>A step whose gradient holds a NaN or an infinity is rejected before the update, so the
 * model keeps its last finite weights; {@link TrainingDivergedException} reports it.
 */
public final class TrainingStep {
    private final Mlp model;
    private final Optimizer optimizer;
    private final Workspace workspace;
    private final Gradients gradients;
    private long steps;

    public TrainingStep(Mlp model, Optimizer optimizer, int capacity) {
        this.model = Objects.requireNonNull(model, "model");
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        InvalidConfigurationException.requirePositive("batch size", capacity);
        this.workspace = model.newWorkspace(capacity);
        this.gradients = model.newGradients();
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
        double loss = model.computeGradients(workspace, x, xOff, y, yOff, rows, gradients);
        float[] g = gradients.values();
        if (!Double.isFinite(loss) || !model.kernels().allFinite(g.length, g, 0)) {
            throw new TrainingDivergedException("step " + (steps + 1) + ": expected a finite loss and gradient, found loss "
                    + loss + (Double.isFinite(loss) ? " and a non-finite gradient" : "")
                    + "; the update was skipped and the weights keep their last finite values");
        }
        optimizer.update(model.kernels(), model.parameters(), g, g.length, learningRate);
        steps++;
        return loss;
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    public Mlp model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    /** The gradient of the last step (live buffer). */
    public Gradients gradients() {
        return gradients;
    }

    /** The workspace of the last step (its activations and deltas). */
    public Workspace workspace() {
        return workspace;
    }
}
