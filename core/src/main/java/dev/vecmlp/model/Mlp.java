package dev.vecmlp.model;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.InputScaling;
import dev.vecmlp.data.TargetScaling;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.NonFiniteValueException;
import dev.vecmlp.errors.ShapeMismatchException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A dense multi-layer perceptron: layers {@code Z_l = A_{l-1} W_l^T + b_l}, {@code A_l = f_l(Z_l)},
 * a loss averaged over the batch, and the backward pass that yields every parameter's gradient.
 *
 * <p>All parameters live in one flat array ({@link #parameters()}), layer after layer, each
 * layer's weights (row-major, {@code outputs x inputs}) followed by its biases; optimisers,
 * norms and files treat it as one vector. The numeric work runs on a {@link Kernels} backend.
 *
 * <p>Forward and backward use a caller-held {@link Workspace}; a model may be shared by threads
 * for forward passes (each with its own workspace) as long as nobody trains it at the same time.
 *
 * <p><b>Dropout.</b> A hidden layer may have a dropout rate {@code p} ({@link Builder#dropout}).
 * Only {@link #computeTrainingGradients} applies it (inverted dropout: each output unit is
 * zeroed with probability {@code p} and the kept ones are scaled by {@code 1/(1-p)}); every other
 * pass ({@link #forward}, {@link #loss}, {@link #computeGradients}, the predictor) is the
 * deterministic inference network. The masks are a function of a seed, the step and the layer
 * only, so training stays bit-identical for a seed whatever the kernel threads.
 */
public final class Mlp {
    private final int inputWidth;
    private final Dense[] layers;
    private final int[] layerOutputs;
    private final boolean[] keepsPreActivation;
    private final boolean[] hasDropout;
    private final Loss loss;
    private final float[] parameters;
    private volatile Kernels kernels;
    private volatile InputScaling inputScaling;
    private volatile TargetScaling targetScaling;

    private Mlp(int inputWidth, Dense[] layers, Loss loss, float[] parameters, Kernels kernels) {
        this.inputWidth = inputWidth;
        this.layers = layers;
        this.loss = loss;
        this.parameters = parameters;
        this.kernels = kernels;
        this.layerOutputs = new int[layers.length];
        this.keepsPreActivation = new boolean[layers.length];
        this.hasDropout = new boolean[layers.length];
        for (int l = 0; l < layers.length; l++) {
            layerOutputs[l] = layers[l].outputs();
            keepsPreActivation[l] = layers[l].activation().needsPreActivation();
            hasDropout[l] = layers[l].dropout() > 0;
        }
    }

    /** Starts a network with {@code inputWidth} input features. */
    public static Builder builder(int inputWidth) {
        return new Builder(inputWidth);
    }

    // ---------------------------------------------------------------- shape

    public int inputWidth() {
        return inputWidth;
    }

    public int outputWidth() {
        return layers[layers.length - 1].outputs();
    }

    /** Number of dense layers (hidden ones plus the output layer). */
    public int layerCount() {
        return layers.length;
    }

    /** Layer {@code l} ({@link ShapeMismatchException} naming the valid range when there is none). */
    public Dense layer(int l) {
        return layers[checkLayer(l)];
    }

    private int checkLayer(int l) {
        return ShapeMismatchException.checkIndex("layer index", l, layers.length, "layers");
    }

    /** The layers, in order (a copy of the list). */
    public List<Dense> layers() {
        return List.of(layers);
    }

    public Loss loss() {
        return loss;
    }

    public Kernels kernels() {
        return kernels;
    }

    /** Runs this model's numeric work on another backend from now on. */
    public void useKernels(Kernels kernels) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
    }

    /**
     * The scaling fitted on the training inputs, saved with the model and applied by the
     * predictor; {@code null} when inputs are used as they are. {@link #forward} and the trainer
     * never apply it: they work on already scaled data.
     */
    public InputScaling inputScaling() {
        return inputScaling;
    }

    /** Attaches (or with {@code null} removes) the input scaling; its width must be the input width. */
    public void setInputScaling(InputScaling scaling) {
        if (scaling != null && scaling.width() != inputWidth) {
            throw ShapeMismatchException.of("input scaling width (model input width)", inputWidth, scaling.width());
        }
        this.inputScaling = scaling;
    }

    /**
     * The standardisation of the regression targets the network was trained on, saved with the
     * model and inverted by {@link #predict} and the predictor; {@code null} when the network
     * predicts targets in their own units. {@link #forward}, {@link #loss} and the trainer work
     * in the scaled units (give them scaled targets: {@link TargetScaling#applied}).
     */
    public TargetScaling targetScaling() {
        return targetScaling;
    }

    /**
     * Attaches (or with {@code null} removes) the target scaling; its width must be the output
     * width, and only a model with the MSE loss (regression) can have one.
     */
    public void setTargetScaling(TargetScaling scaling) {
        if (scaling != null) {
            if (scaling.width() != outputWidth()) {
                throw ShapeMismatchException.of("target scaling width (model output width)", outputWidth(), scaling.width());
            }
            if (loss != Loss.MSE) {
                throw new InvalidConfigurationException("target scaling: expected a regression model (loss MSE), found loss "
                        + loss);
            }
        }
        this.targetScaling = scaling;
    }

    public int parameterCount() {
        return parameters.length;
    }

    /** The flat parameter array, live: writes change the model. See the class comment for its layout. */
    public float[] parameters() {
        return parameters;
    }

    /** A copy of layer {@code l}'s weights, row-major {@code outputs x inputs}. */
    public float[] weights(int l) {
        Dense d = layers[checkLayer(l)];
        return Arrays.copyOfRange(parameters, d.weightOffset(), d.weightOffset() + d.weightCount());
    }

    /** A copy of layer {@code l}'s biases. */
    public float[] bias(int l) {
        Dense d = layers[checkLayer(l)];
        return Arrays.copyOfRange(parameters, d.biasOffset(), d.biasOffset() + d.outputs());
    }

    /** Replaces layer {@code l}'s weights and biases (checked for shape and finiteness first). */
    public void setLayer(int l, float[] weights, float[] bias) {
        Dense d = layers[checkLayer(l)];
        checkLayerArrays(d, weights, bias);
        System.arraycopy(weights, 0, parameters, d.weightOffset(), d.weightCount());
        System.arraycopy(bias, 0, parameters, d.biasOffset(), d.outputs());
    }

    /** An independent copy (same shape, parameters and backend). */
    public Mlp copy() {
        Mlp copy = new Mlp(inputWidth, layers, loss, parameters.clone(), kernels);
        copy.inputScaling = inputScaling;
        copy.targetScaling = targetScaling;
        return copy;
    }

    /** Buffers for batches of up to {@code capacity} rows. */
    public Workspace newWorkspace(int capacity) {
        InvalidConfigurationException.requirePositive("workspace capacity (rows)", capacity);
        return new Workspace(capacity, layerOutputs, keepsPreActivation, hasDropout);
    }

    /** Gradient storage in this model's parameter layout. */
    public Gradients newGradients() {
        return new Gradients(parameters.length);
    }

    // ---------------------------------------------------------------- forward

    /**
     * Forward pass of {@code rows} samples ({@code rows x inputWidth} from {@code xOff}); the
     * result is in {@link Workspace#output()}. Inputs are checked for shape and finiteness.
     */
    public void forward(Workspace ws, float[] x, int xOff, int rows) {
        checkBatch(ws, x, xOff, rows);
        runForward(ws, x, xOff, rows, true);
    }

    /**
     * Convenience forward pass that allocates its buffers: returns {@code rows x outputWidth}
     * outputs, mapped back to target units when the model has a {@link #targetScaling()}.
     */
    public float[] predict(float[] x, int rows) {
        Workspace ws = newWorkspace(Math.max(rows, 1));
        forward(ws, x, 0, rows);
        float[] out = Arrays.copyOf(ws.output(), rows * outputWidth());
        TargetScaling t = targetScaling;
        if (t != null) {
            t.invert(out, 0, rows);
        }
        return out;
    }

    /** Forward without checks. The output activation is skipped for fused losses unless asked for. */
    void runForward(Workspace ws, float[] x, int xOff, int rows, boolean outputActivation) {
        runForward(ws, x, xOff, rows, outputActivation, false, 0, 0);
    }

    /** Forward without checks; with {@code dropout} the hidden layers' masks come from {@code (seed, step)}. */
    private void runForward(Workspace ws, float[] x, int xOff, int rows, boolean outputActivation,
                            boolean dropout, long seed, long step) {
        Kernels k = kernels;
        float[] in = x;
        int inOff = xOff;
        int last = layers.length - 1;
        for (int l = 0; l <= last; l++) {
            Dense d = layers[l];
            if (l == last && loss != Loss.MSE) {
                // Softmax/sigmoid outputs keep their logits: the fused loss works from them.
                k.denseForward(rows, d.outputs(), d.inputs(), in, inOff, parameters, d.weightOffset(),
                        parameters, d.biasOffset(), Activation.LINEAR, ws.logits, 0);
                if (outputActivation) {
                    k.activate(d.activation(), rows, d.outputs(), ws.logits, 0, ws.activations[l], 0);
                }
            } else {
                boolean drop = dropout && hasDropout[l];
                float[] target = drop ? ws.unmasked[l] : ws.activations[l];
                if (keepsPreActivation[l]) {
                    float[] z = ws.preActivations[l];
                    k.denseForward(rows, d.outputs(), d.inputs(), in, inOff, parameters, d.weightOffset(),
                            parameters, d.biasOffset(), Activation.LINEAR, z, 0);
                    k.activate(d.activation(), d.activationParameter(), rows, d.outputs(), z, 0, target, 0);
                } else {
                    k.denseForward(rows, d.outputs(), d.inputs(), in, inOff, parameters, d.weightOffset(),
                            parameters, d.biasOffset(), d.activation(), d.activationParameter(), target, 0);
                }
                if (drop) {
                    int len = rows * d.outputs();
                    DropoutMasks.fill(ws.masks[l], len, d.dropout(), DropoutMasks.key(seed, step, l));
                    DropoutMasks.apply(len, target, ws.masks[l], ws.activations[l]);
                }
            }
            in = ws.activations[l];
            inOff = 0;
        }
    }

    // ---------------------------------------------------------------- loss and gradients

    /**
     * Loss of a batch (forward only): {@code rows} samples from {@code xOff} with targets
     * ({@code rows x outputWidth}; one-hot rows for cross-entropy) from {@code yOff}.
     */
    public double loss(Workspace ws, float[] x, int xOff, float[] y, int yOff, int rows) {
        checkBatch(ws, x, xOff, rows);
        checkTargets(y, yOff, rows);
        runForward(ws, x, xOff, rows, true);
        return lossOfOutput(ws, y, yOff, rows, false);
    }

    /**
     * Weighted loss of a batch (forward only): {@code sum_i w_i l_i / sum_i w_i} with one weight per
     * row from {@code weights[wOff]} (finite, positive), or the plain mean when {@code weights} is null.
     */
    public double loss(Workspace ws, float[] x, int xOff, float[] y, int yOff, float[] weights, int wOff, int rows) {
        checkBatch(ws, x, xOff, rows);
        checkTargets(y, yOff, rows);
        if (weights == null) {
            runForward(ws, x, xOff, rows, true);
            return lossOfOutput(ws, y, yOff, rows, false);
        }
        DataSet.requireSampleWeights(weights, wOff, rows, -1);
        runForward(ws, x, xOff, rows, true);
        return weightedLossOfOutput(ws, y, yOff, weights, wOff, rows, false);
    }

    /**
     * Weighted loss and gradients of a batch: as {@link #computeGradients(Workspace, float[], int,
     * float[], int, int, Gradients)} with the loss {@code sum_i w_i l_i / sum_i w_i} and its
     * gradient; {@code weights} null is the unweighted call.
     */
    public double computeGradients(Workspace ws, float[] x, int xOff, float[] y, int yOff, float[] weights, int wOff,
                                   int rows, Gradients grads) {
        if (weights == null) {
            return computeGradients(ws, x, xOff, y, yOff, rows, grads);
        }
        checkBatch(ws, x, xOff, rows);
        checkTargets(y, yOff, rows);
        checkGradients(grads);
        DataSet.requireSampleWeights(weights, wOff, rows, -1);
        runForward(ws, x, xOff, rows, false);
        double value = weightedLossOfOutput(ws, y, yOff, weights, wOff, rows, true);
        backward(ws, x, xOff, rows, grads.values(), false);
        return value;
    }

    /**
     * Loss and gradients of a batch: runs forward and backward and writes {@code dL/dtheta}
     * for every parameter into {@code grads} (overwriting it). Returns the mean loss.
     * Inputs and targets are checked first; nothing is written when they are rejected.
     */
    public double computeGradients(Workspace ws, float[] x, int xOff, float[] y, int yOff, int rows,
                                   Gradients grads) {
        checkBatch(ws, x, xOff, rows);
        checkTargets(y, yOff, rows);
        checkGradients(grads);
        return runGradients(ws, x, xOff, y, yOff, rows, grads);
    }

    /**
     * As {@link #computeGradients} with dropout applied, as in training: the masks of every
     * dropout layer are drawn from {@code (dropoutSeed, step)}, so the same pair gives the same
     * masks. Without dropout layers this is {@link #computeGradients}.
     */
    public double computeTrainingGradients(Workspace ws, float[] x, int xOff, float[] y, int yOff, int rows,
                                           Gradients grads, long dropoutSeed, long step) {
        return computeTrainingGradients(ws, x, xOff, y, yOff, null, 0, rows, grads, dropoutSeed, step);
    }

    /**
     * As {@link #computeTrainingGradients(Workspace, float[], int, float[], int, int, Gradients,
     * long, long)} with one weight per row from {@code weights[wOff]} (the weighted mean loss, as
     * {@link #computeGradients(Workspace, float[], int, float[], int, float[], int, int, Gradients)});
     * {@code weights} null is the unweighted call.
     */
    public double computeTrainingGradients(Workspace ws, float[] x, int xOff, float[] y, int yOff, float[] weights,
                                           int wOff, int rows, Gradients grads, long dropoutSeed, long step) {
        checkBatch(ws, x, xOff, rows);
        checkTargets(y, yOff, rows);
        checkGradients(grads);
        if (weights != null) {
            DataSet.requireSampleWeights(weights, wOff, rows, -1);
        }
        boolean dropout = hasDropoutLayer();
        runForward(ws, x, xOff, rows, false, dropout, dropoutSeed, step);
        double value = weights == null
                ? lossOfOutput(ws, y, yOff, rows, true)
                : weightedLossOfOutput(ws, y, yOff, weights, wOff, rows, true);
        backward(ws, x, xOff, rows, grads.values(), dropout);
        return value;
    }

    /** The loss {@link #computeTrainingGradients} would return for the same masks (for gradient checks). */
    double trainingLoss(Workspace ws, float[] x, int xOff, float[] y, int yOff, int rows, long dropoutSeed, long step) {
        runForward(ws, x, xOff, rows, true, hasDropoutLayer(), dropoutSeed, step);
        return lossOfOutput(ws, y, yOff, rows, false);
    }

    /** Whether any hidden layer has a dropout rate above 0. */
    public boolean hasDropoutLayer() {
        for (boolean b : hasDropout) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** Convenience: loss and fresh gradients of one batch, allocating the buffers. */
    public Gradients gradients(float[] x, float[] y, int rows) {
        Gradients g = newGradients();
        computeGradients(newWorkspace(Math.max(rows, 1)), x, 0, y, 0, rows, g);
        return g;
    }

    /** Forward, loss and backward without input checks (the trainer validates data once). */
    double runGradients(Workspace ws, float[] x, int xOff, float[] y, int yOff, int rows, Gradients grads) {
        runForward(ws, x, xOff, rows, false);
        double value = lossOfOutput(ws, y, yOff, rows, true);
        backward(ws, x, xOff, rows, grads.values(), false);
        return value;
    }

    /** Loss from the output layer; with {@code withGradient} also writes {@code dL/dZ_L} into the last delta. */
    private double lossOfOutput(Workspace ws, float[] y, int yOff, int rows, boolean withGradient) {
        Kernels k = kernels;
        int last = layers.length - 1;
        int n = layers[last].outputs();
        float[] out = ws.activations[last];
        float[] delta = withGradient ? ws.deltas[last] : null;
        switch (loss) {
            case CROSS_ENTROPY:
                return k.softmaxCrossEntropy(rows, n, ws.logits, 0, y, yOff, out, 0, delta, 0);
            case BINARY_CROSS_ENTROPY:
                return k.sigmoidBinaryCrossEntropy(rows, n, ws.logits, 0, y, yOff, out, 0, delta, 0);
            case MSE: {
                double value = k.mseLoss(rows, n, out, 0, y, yOff, delta, 0);
                if (withGradient) {
                    Dense d = layers[last];
                    k.activationBackward(d.activation(), d.activationParameter(), rows * n, ws.preActivations[last], 0,
                            out, 0, delta, 0);
                }
                return value;
            }
            default:
                throw new AssertionError(loss);
        }
    }

    /**
     * The weighted loss {@code sum_i w_i l_i / sum_i w_i} and, with {@code withGradient}, its
     * gradient in the last delta. Each row goes through the same fused loss kernel as an
     * unweighted batch, called on that one row: it returns the row's loss {@code l_i} and writes
     * the row's gradient of {@code l_i}, which is then scaled by {@code w_i / sum w} (the
     * {@link Kernels#scale} kernel). The kernel SPI stays as it is, so every backend computes
     * weighted losses with the kernels it is already tested on, and the unweighted path is
     * untouched (bit-identical to a run without weights); the cost is one kernel call per row,
     * paid only by weighted batches.
     */
    private double weightedLossOfOutput(Workspace ws, float[] y, int yOff, float[] w, int wOff, int rows,
                                        boolean withGradient) {
        Kernels k = kernels;
        int last = layers.length - 1;
        int n = layers[last].outputs();
        float[] out = ws.activations[last];
        float[] delta = withGradient ? ws.deltas[last] : null;
        double weightSum = 0;
        for (int i = 0; i < rows; i++) {
            weightSum += w[wOff + i];
        }
        double total = 0;
        for (int i = 0; i < rows; i++) {
            int at = i * n;
            double rowLoss;
            switch (loss) {
                case CROSS_ENTROPY:
                    rowLoss = k.softmaxCrossEntropy(1, n, ws.logits, at, y, yOff + at, out, at, delta, at);
                    break;
                case BINARY_CROSS_ENTROPY:
                    rowLoss = k.sigmoidBinaryCrossEntropy(1, n, ws.logits, at, y, yOff + at, out, at, delta, at);
                    break;
                case MSE:
                    rowLoss = k.mseLoss(1, n, out, at, y, yOff + at, delta, at);
                    break;
                default:
                    throw new AssertionError(loss);
            }
            double weight = w[wOff + i];
            total += weight * rowLoss;
            if (withGradient) {
                k.scale(n, (float) (weight / weightSum), delta, at);
            }
        }
        if (withGradient && loss == Loss.MSE) {
            Dense d = layers[last];
            k.activationBackward(d.activation(), d.activationParameter(), rows * n, ws.preActivations[last], 0,
                    out, 0, delta, 0);
        }
        return total / weightSum;
    }

    /** Backpropagation: {@code dW_l = delta_l^T A_{l-1}}, {@code db_l = colsum(delta_l)}, {@code delta_{l-1} = (delta_l W_l) * f'}. */
    private void backward(Workspace ws, float[] x, int xOff, int rows, float[] g, boolean dropout) {
        Kernels k = kernels;
        for (int l = layers.length - 1; l >= 0; l--) {
            Dense d = layers[l];
            float[] in = l == 0 ? x : ws.activations[l - 1];
            int inOff = l == 0 ? xOff : 0;
            float[] delta = ws.deltas[l];
            k.gemmTN(d.outputs(), d.inputs(), rows, delta, 0, in, inOff, g, d.weightOffset(), false);
            k.columnSums(rows, d.outputs(), delta, 0, g, d.biasOffset(), false);
            if (l > 0) {
                float[] below = ws.deltas[l - 1];
                k.gemmNN(rows, d.inputs(), d.outputs(), delta, 0, parameters, d.weightOffset(), below, 0, false);
                Dense before = layers[l - 1];
                int len = rows * d.inputs();
                float[] y = ws.activations[l - 1];
                if (dropout && hasDropout[l - 1]) {
                    // Through the mask first (dA = mask * d(masked A)), then f' of the unmasked output.
                    DropoutMasks.apply(len, below, ws.masks[l - 1], below);
                    y = ws.unmasked[l - 1];
                }
                k.activationBackward(before.activation(), before.activationParameter(), len, ws.preActivations[l - 1], 0,
                        y, 0, below, 0);
            }
        }
    }

    // ---------------------------------------------------------------- checks

    private void checkBatch(Workspace ws, float[] x, int xOff, int rows) {
        Objects.requireNonNull(ws, "workspace");
        Objects.requireNonNull(x, "inputs");
        if (!ws.fits(layerOutputs, keepsPreActivation, hasDropout)) {
            throw new ShapeMismatchException("workspace was made for another network shape: expected layer widths "
                    + Arrays.toString(layerOutputs));
        }
        if (rows <= 0) {
            throw new ShapeMismatchException("batch rows: expected at least 1, found " + rows);
        }
        if (rows > ws.capacity()) {
            throw new ShapeMismatchException("batch rows: expected at most the workspace capacity "
                    + ws.capacity() + ", found " + rows);
        }
        long need = (long) rows * inputWidth;
        if (xOff < 0 || xOff + need > x.length) {
            throw new ShapeMismatchException("inputs: expected " + rows + " rows x " + inputWidth + " features = "
                    + need + " values from offset " + xOff + ", found an array of length " + x.length);
        }
        // One vector pass for the common case; the scalar scan only to name the bad value.
        if (!kernels.allFinite((int) need, x, xOff)) {
            NonFiniteValueException.requireFinite("inputs", x, xOff, (int) need, inputWidth);
        }
    }

    private void checkTargets(float[] y, int yOff, int rows) {
        Objects.requireNonNull(y, "targets");
        int n = outputWidth();
        long need = (long) rows * n;
        if (yOff < 0 || yOff + need > y.length) {
            throw new ShapeMismatchException("targets: expected " + rows + " rows x " + n + " outputs = "
                    + need + " values from offset " + yOff + ", found an array of length " + y.length);
        }
        if (!kernels.allFinite((int) need, y, yOff)) {
            NonFiniteValueException.requireFinite("targets", y, yOff, (int) need, n);
        }
    }

    private void checkGradients(Gradients grads) {
        Objects.requireNonNull(grads, "gradients");
        if (grads.values().length != parameters.length) {
            throw ShapeMismatchException.of("gradients length (parameter count)", parameters.length, grads.values().length);
        }
    }

    private static void checkLayerArrays(Dense d, float[] weights, float[] bias) {
        Objects.requireNonNull(weights, "weights of layer " + d.index());
        Objects.requireNonNull(bias, "bias of layer " + d.index());
        if (weights.length != d.weightCount()) {
            throw new ShapeMismatchException("weights of layer " + d.index() + ": expected " + d.outputs() + " x "
                    + d.inputs() + " = " + d.weightCount() + " values, found " + weights.length);
        }
        if (bias.length != d.outputs()) {
            throw ShapeMismatchException.of("bias of layer " + d.index(), d.outputs(), bias.length);
        }
        NonFiniteValueException.requireFinite("weights of layer " + d.index(), weights, 0, weights.length, d.inputs());
        NonFiniteValueException.requireFinite("bias of layer " + d.index(), bias, 0, bias.length, d.outputs());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Mlp(").append(inputWidth);
        for (Dense d : layers) {
            sb.append(" -> ").append(d.outputs()).append(' ').append(d.activation());
            if (d.activation().hasParameter()) {
                sb.append('(').append(d.activationParameter()).append(')');
            }
            if (d.dropout() > 0) {
                sb.append(" dropout ").append(d.dropout());
            }
        }
        return sb.append(", ").append(loss).append(')').toString();
    }

    // ---------------------------------------------------------------- builder

    /** Builds an {@link Mlp}; see {@link Mlp#builder(int)}. */
    public static final class Builder {
        private final int inputWidth;
        private final List<int[]> widths = new ArrayList<>();
        private final List<Activation> activations = new ArrayList<>();
        private final List<Float> activationParameters = new ArrayList<>();
        private final List<Double> dropouts = new ArrayList<>();
        private boolean hasOutput;
        private Loss loss;
        private Initializer initializer;
        private long seed = 42;
        private Kernels kernels;
        private final List<float[][]> explicit = new ArrayList<>();

        private Builder(int inputWidth) {
            this.inputWidth = InvalidConfigurationException.requirePositive("input width", inputWidth);
        }

        /** Adds a hidden layer of {@code width} units (a parameterised activation takes its {@link Activation#defaultParameter()}). */
        public Builder hidden(int width, Activation activation) {
            return hidden(width, activation, activation == null ? 0 : activation.defaultParameter());
        }

        /**
         * Adds a hidden layer of {@code width} units whose activation takes {@code parameter}:
         * leaky ReLU's negative slope ({@code >= 0}) or ELU's alpha ({@code > 0}); other
         * activations only accept 0.
         */
        public Builder hidden(int width, Activation activation, double parameter) {
            if (hasOutput) {
                throw new InvalidConfigurationException("hidden layers must come before the output layer");
            }
            Objects.requireNonNull(activation, "activation");
            if (activation == Activation.SOFTMAX) {
                throw new InvalidConfigurationException("softmax: expected only on the output layer, found on hidden layer "
                        + widths.size());
            }
            float checked = checkedParameter(activation, parameter, "hidden layer " + widths.size());
            widths.add(new int[]{InvalidConfigurationException.requirePositive("width of layer " + widths.size(), width)});
            activations.add(activation);
            activationParameters.add(checked);
            dropouts.add(0.0);
            return this;
        }

        /**
         * Dropout on the hidden layer added last: during training each of its output units is
         * zeroed with probability {@code p} in {@code [0, 1)} and the others scaled by {@code 1/(1-p)}.
         */
        public Builder dropout(double p) {
            if (widths.isEmpty() || hasOutput) {
                throw new InvalidConfigurationException("dropout: expected right after a hidden layer, found "
                        + (hasOutput ? "it after the output layer" : "no hidden layer yet"));
            }
            if (!(p >= 0 && p < 1)) {
                throw new InvalidConfigurationException("dropout of hidden layer " + (widths.size() - 1)
                        + ": expected a probability in [0, 1), found " + p);
            }
            dropouts.set(dropouts.size() - 1, p);
            return this;
        }

        private static float checkedParameter(Activation activation, double parameter, String where) {
            try {
                return activation.checkParameter(parameter);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(where + ": " + e.getMessage());
            }
        }

        /** Sets the output layer (a parameterised activation takes its {@link Activation#defaultParameter()}). */
        public Builder output(int width, Activation activation) {
            return output(width, activation, activation == null ? 0 : activation.defaultParameter());
        }

        /** Sets the output layer with the activation's parameter (see {@link #hidden(int, Activation, double)}). */
        public Builder output(int width, Activation activation, double parameter) {
            if (hasOutput) {
                throw new InvalidConfigurationException("the output layer is already set");
            }
            Objects.requireNonNull(activation, "activation");
            float checked = checkedParameter(activation, parameter, "output layer");
            widths.add(new int[]{InvalidConfigurationException.requirePositive("output width", width)});
            activations.add(activation);
            activationParameters.add(checked);
            dropouts.add(0.0);
            hasOutput = true;
            return this;
        }

        /** The loss; by default cross-entropy for softmax, binary cross-entropy for sigmoid, else MSE. */
        public Builder loss(Loss loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        /** One initialiser for every layer instead of the one matched to each layer's activation. */
        public Builder initializer(Initializer initializer) {
            this.initializer = Objects.requireNonNull(initializer, "initializer");
            return this;
        }

        /** Seed of the initial weights (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The backend (default: {@link Backends#defaultKernels()}). */
        public Builder kernels(Kernels kernels) {
            this.kernels = Objects.requireNonNull(kernels, "kernels");
            return this;
        }

        /** Explicit weights ({@code outputs x inputs}, row-major) and biases for layer {@code layer}. */
        public Builder weights(int layer, float[] weights, float[] bias) {
            if (layer < 0) {
                throw new InvalidConfigurationException("layer index: expected >= 0, found " + layer);
            }
            while (explicit.size() <= layer) {
                explicit.add(null);
            }
            explicit.set(layer, new float[][]{weights.clone(), bias.clone()});
            return this;
        }

        public Mlp build() {
            if (!hasOutput) {
                throw new InvalidConfigurationException("the network has no output layer: call output(width, activation)");
            }
            int count = widths.size();
            Activation outAct = activations.get(count - 1);
            Loss chosen = loss != null ? loss
                    : outAct == Activation.SOFTMAX ? Loss.CROSS_ENTROPY
                    : outAct == Activation.SIGMOID ? Loss.BINARY_CROSS_ENTROPY : Loss.MSE;
            Activation required = chosen.requiredOutputActivation();
            if (required != null && required != outAct) {
                throw new InvalidConfigurationException("loss " + chosen + ": expected a " + required
                        + " output layer, found " + outAct);
            }
            if (outAct == Activation.SOFTMAX && chosen != Loss.CROSS_ENTROPY) {
                throw new InvalidConfigurationException("softmax output: expected loss CROSS_ENTROPY, found " + chosen);
            }
            if (explicit.size() > count) {
                throw new InvalidConfigurationException("weights given for layer " + (explicit.size() - 1)
                        + ", but the network has " + count + " layers");
            }
            Dense[] layers = new Dense[count];
            int in = inputWidth;
            long offset = 0;
            for (int l = 0; l < count; l++) {
                int out = widths.get(l)[0];
                if (offset + (long) in * out + out > Integer.MAX_VALUE - 16) {
                    throw new InvalidConfigurationException("parameter count: expected at most "
                            + (Integer.MAX_VALUE - 16) + ", found more at layer " + l);
                }
                layers[l] = new Dense(l, in, out, activations.get(l), activationParameters.get(l), dropouts.get(l),
                        (int) offset);
                offset += (long) in * out + out;
                in = out;
            }
            float[] params = new float[(int) offset];
            SplittableRandom random = new SplittableRandom(seed);
            Kernels k = kernels != null ? kernels : Backends.defaultKernels();
            Mlp mlp = new Mlp(inputWidth, layers, chosen, params, k);
            for (int l = 0; l < count; l++) {
                Dense d = layers[l];
                // Each layer draws from its own split stream, so one layer's size never shifts another's weights.
                SplittableRandom layerRandom = random.split();
                float[][] given = l < explicit.size() ? explicit.get(l) : null;
                if (given != null) {
                    mlp.setLayer(l, given[0], given[1]);
                } else {
                    Initializer init = initializer != null ? initializer : Initializer.matchedTo(d.activation());
                    // He's gain takes the leaky slope: variance 2 / ((1 + a^2) fanIn), as PyTorch's kaiming_*.
                    double slope = d.activation() == Activation.LEAKY_RELU ? d.activationParameter() : 0;
                    init.fill(params, d.weightOffset(), d.inputs(), d.outputs(), layerRandom, slope);
                }
            }
            return mlp;
        }
    }
}
