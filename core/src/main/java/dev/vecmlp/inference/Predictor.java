package dev.vecmlp.inference;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.data.TargetScaling;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.NonFiniteValueException;
import dev.vecmlp.errors.ShapeMismatchException;
import dev.vecmlp.kernel.Bf16;
import dev.vecmlp.kernel.Int8;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.kernel.PackedWeights;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, thread-safe view of a trained {@link Mlp} for serving: the forward pass
 * {@code A_l = f_l(A_{l-1} W_l^T + b_l)} on a snapshot of the weights, with the model's input
 * scaling applied first, on the model's {@link Kernels} backend.
 *
 * <p>Why a separate class: a model that is still being trained changes under its readers and
 * its {@link dev.vecmlp.model.Workspace} is per thread. A predictor copies the parameters once
 * ({@link #of}), so training the model afterwards never changes its answers, and it keeps one
 * {@link PredictionContext} of scratch buffers per calling thread (or uses the one the caller
 * passes), so steady-state calls allocate nothing and many threads can share one predictor.
 * Backends that stream the weights of a batch product in their own layout get them packed once
 * here ({@link #packedWeightBytes()}), not on every call.
 *
 * <p>Every call checks its arguments before computing: slice bounds and widths
 * ({@link ShapeMismatchException}), and NaN or infinite inputs under the
 * {@link NonFiniteInputPolicy} ({@link NonFiniteValueException} by default). The checks are a bounds
 * test and one vectorised finiteness scan, cheap next to the matrix products.
 *
 * <p>Outputs: {@link #predict} gives probabilities for softmax and sigmoid heads and the output
 * layer's values otherwise; {@link #predictRaw} gives the output layer's pre-activation
 * {@code Z_L} (logits); {@link #predictClass} the arg-max class (for one output, class 1 when
 * the output is at least 0.5). A regression model with a {@link TargetScaling} has its
 * {@link #predict} outputs mapped back to target units; {@link #predictRaw} stays in the
 * network's own (standardised) units.
 *
 * <p>Per-thread scratch lives in a {@link ThreadLocal}; with virtual threads or short-lived
 * threads prefer the overloads taking a caller-held {@link #newContext() context}.
 */
public final class Predictor {
    /** Rows per kernel call with the default contexts; larger batches run in chunks. */
    public static final int DEFAULT_CONTEXT_ROWS = 256;

    private static final System.Logger LOG = System.getLogger(Predictor.class.getName());
    /** Longest {@link #warmUp()} may take; it returns earlier, when the latencies have converged. */
    private static final Duration DEFAULT_WARM_UP_BUDGET = Duration.ofSeconds(5);

    /**
     * With {@link Precision#BF16}, calls of up to this many rows stream the bf16 weights (a
     * matrix-vector product is bound by the bytes it reads); larger batches are bound by
     * arithmetic and multiply the float32 copy of the same, exactly widened, values.
     */
    static final int BF16_STREAMING_ROWS = 3;

    /**
     * With {@link Precision#INT8}, calls of up to this many rows stream the int8 weights; larger
     * batches multiply the float32 copy of the dequantised values {@code q s_j}.
     */
    static final int INT8_STREAMING_ROWS = 3;

    /** Shared by every predictor made from the same snapshot: a context fits all of them. */
    private final Object shapeToken;
    private final int inputWidth;
    private final int outputWidth;
    private final int[] widths;
    private final int[] fanIns;
    private final int[] weightOffsets;
    private final int[] biasOffsets;
    private final Activation[] activations;
    /** Each layer's activation parameter (leaky slope, ELU alpha; 0 for the others). */
    private final float[] activationParameters;
    private final Loss loss;
    /** Softmax/sigmoid heads keep logits and apply the activation after, as {@link Mlp} does. */
    private final boolean separateOutputActivation;
    private final float[] parameters;
    /**
     * The parameters rounded to bf16 (at the same offsets; only the weights are read), or null
     * for {@link Precision#FP32}. With bf16, {@link #parameters} holds those weights widened back.
     */
    private final short[] bf16Parameters;
    /**
     * The weights quantised to int8 (at the same offsets as in {@link #parameters}; only the
     * weights are written), or null unless {@link Precision#INT8}. With int8, {@link #parameters}
     * holds the dequantised weights {@code q s_j}.
     */
    private final byte[] int8Parameters;
    /** With {@link Precision#INT8}: each layer's per-output scales, layer {@code l}'s from {@link #scaleOffsets}. */
    private final float[] int8Scales;
    private final int[] scaleOffsets;
    private final Precision precision;
    /**
     * Each layer's weights as the backend's batch kernel streams them ({@link Kernels#packWeights},
     * made once here: the weights never change), or null entries where the backend packs nothing.
     */
    private final PackedWeights[] packedWeights;
    /**
     * With {@link Precision#BF16} or {@link Precision#INT8}: each layer's narrow weights as the
     * backend's matrix-vector kernel streams them ({@link Kernels#packWeightsBf16},
     * {@link Kernels#packWeightsInt8}), or null entries; null for float32.
     */
    private final PackedWeights[] packedNarrowWeights;
    private final InputScaling scaling;
    private final TargetScaling targetScaling;
    private final Kernels kernels;
    private final NonFiniteInputPolicy inputPolicy;
    private final ThreadLocal<PredictionContext> perThread;

    private Predictor(Mlp model, NonFiniteInputPolicy policy, Precision precision) {
        this.shapeToken = new Object();
        this.inputWidth = model.inputWidth();
        this.outputWidth = model.outputWidth();
        int count = model.layerCount();
        this.widths = new int[count];
        this.fanIns = new int[count];
        this.weightOffsets = new int[count];
        this.biasOffsets = new int[count];
        this.activations = new Activation[count];
        this.activationParameters = new float[count];
        for (int l = 0; l < count; l++) {
            activationParameters[l] = model.layer(l).activationParameter();
            Dense d = model.layer(l);
            widths[l] = d.outputs();
            fanIns[l] = d.inputs();
            weightOffsets[l] = d.weightOffset();
            biasOffsets[l] = d.biasOffset();
            activations[l] = d.activation();
        }
        this.loss = model.loss();
        this.separateOutputActivation = loss != Loss.MSE;
        this.parameters = model.parameters().clone();
        this.precision = precision;
        this.bf16Parameters = precision == Precision.BF16 ? Bf16.round(parameters, 0, parameters.length) : null;
        if (bf16Parameters != null) {
            // Batches multiply float32 weights equal to the bf16 ones (widening is exact).
            for (int l = 0; l < count; l++) {
                for (int i = weightOffsets[l], end = i + widths[l] * fanIns[l]; i < end; i++) {
                    parameters[i] = Bf16.widen(bf16Parameters[i]);
                }
            }
        }
        this.scaleOffsets = new int[count];
        int scaleCount = 0;
        for (int l = 0; l < count; l++) {
            scaleOffsets[l] = scaleCount;
            scaleCount += widths[l];
        }
        this.int8Parameters = precision == Precision.INT8 ? new byte[parameters.length] : null;
        this.int8Scales = precision == Precision.INT8 ? new float[scaleCount] : null;
        if (int8Parameters != null) {
            for (int l = 0; l < count; l++) {
                Int8.quantize(widths[l], fanIns[l], parameters, weightOffsets[l], int8Scales, scaleOffsets[l],
                        int8Parameters, weightOffsets[l]);
                // Batches multiply the values the int8 weights stand for.
                Int8.dequantize(widths[l], fanIns[l], int8Parameters, weightOffsets[l], int8Scales, scaleOffsets[l],
                        parameters, weightOffsets[l]);
            }
        }
        this.scaling = model.inputScaling();
        this.targetScaling = model.targetScaling();
        this.kernels = model.kernels();
        this.packedWeights = new PackedWeights[count];
        for (int l = 0; l < count; l++) {
            packedWeights[l] = kernels.packWeights(widths[l], fanIns[l], parameters, weightOffsets[l]);
        }
        this.packedNarrowWeights = precision == Precision.FP32 ? null : new PackedWeights[count];
        for (int l = 0; packedNarrowWeights != null && l < count; l++) {
            packedNarrowWeights[l] = bf16Parameters != null
                    ? kernels.packWeightsBf16(widths[l], fanIns[l], bf16Parameters, weightOffsets[l])
                    : kernels.packWeightsInt8(widths[l], fanIns[l], int8Parameters, weightOffsets[l]);
        }
        this.inputPolicy = policy;
        this.perThread = ThreadLocal.withInitial(this::newContext);
    }

    private Predictor(Predictor base, NonFiniteInputPolicy policy) {
        this.shapeToken = base.shapeToken;
        this.inputWidth = base.inputWidth;
        this.outputWidth = base.outputWidth;
        this.widths = base.widths;
        this.fanIns = base.fanIns;
        this.weightOffsets = base.weightOffsets;
        this.biasOffsets = base.biasOffsets;
        this.activations = base.activations;
        this.activationParameters = base.activationParameters;
        this.loss = base.loss;
        this.separateOutputActivation = base.separateOutputActivation;
        this.parameters = base.parameters;
        this.precision = base.precision;
        this.bf16Parameters = base.bf16Parameters;
        this.int8Parameters = base.int8Parameters;
        this.int8Scales = base.int8Scales;
        this.scaleOffsets = base.scaleOffsets;
        this.packedWeights = base.packedWeights;
        this.packedNarrowWeights = base.packedNarrowWeights;
        this.scaling = base.scaling;
        this.targetScaling = base.targetScaling;
        this.kernels = base.kernels;
        this.inputPolicy = policy;
        this.perThread = ThreadLocal.withInitial(this::newContext);
    }

    /**
     * A predictor on a snapshot of {@code model}: its parameters (copied), layers, loss, input
     * scaling and backend as they are now. Non-finite inputs are rejected.
     */
    public static Predictor of(Mlp model) {
        return of(model, NonFiniteInputPolicy.REJECT);
    }

    /** As {@link #of(Mlp)} with the given policy for NaN and infinite inputs. */
    public static Predictor of(Mlp model, NonFiniteInputPolicy policy) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
        return new Predictor(model, policy, Precision.FP32);
    }

    /**
     * A predictor whose weights are stored in {@code precision} ({@link Precision#BF16}: rounded
     * once here, widened exactly in the kernels, float32 sums; {@link Precision#INT8}: quantised
     * once here with a scale per output, float32 sums), rejecting non-finite inputs.
     */
    public static Predictor of(Mlp model, Precision precision) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(precision, "precision");
        return new Predictor(model, NonFiniteInputPolicy.REJECT, precision);
    }

    /** The same snapshot (weights shared, not copied) with another non-finite input policy. */
    public Predictor withNonFiniteInputPolicy(NonFiniteInputPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return policy == inputPolicy ? this : new Predictor(this, policy);
    }

    // ---------------------------------------------------------------- description

    public int inputWidth() {
        return inputWidth;
    }

    public int outputWidth() {
        return outputWidth;
    }

    public Loss loss() {
        return loss;
    }

    public Kernels kernels() {
        return kernels;
    }

    /**
     * Bytes held by the backend's packed copies of the weights ({@link Kernels#packWeights}, and
     * {@link Kernels#packWeightsBf16} with bf16, {@link Kernels#packWeightsInt8} with int8; 0 when
     * the backend packs nothing). On the SIMD backend it is about twice the float32 weights' size
     * (the batch panels, each layer's output count rounded up to a panel width, and the
     * matrix-vector tiles), plus the bf16 tiles (half that size again) with bf16, or the int8
     * tiles (a quarter) with int8.
     */
    public long packedWeightBytes() {
        long bytes = 0;
        for (PackedWeights p : packedWeights) {
            bytes += p == null ? 0 : p.bytes();
        }
        if (packedNarrowWeights != null) {
            for (PackedWeights p : packedNarrowWeights) {
                bytes += p == null ? 0 : p.bytes();
            }
        }
        return bytes;
    }

    /** How the weights are stored. */
    public Precision precision() {
        return precision;
    }

    public NonFiniteInputPolicy nonFiniteInputPolicy() {
        return inputPolicy;
    }

    /** The target scaling inverted on {@link #predict} outputs, or {@code null}. */
    public TargetScaling targetScaling() {
        return targetScaling;
    }

    /** The input scaling applied before the network, or {@code null}. */
    public InputScaling inputScaling() {
        return scaling;
    }

    /** Scratch buffers for {@link #DEFAULT_CONTEXT_ROWS} rows per kernel call, for one thread. */
    public PredictionContext newContext() {
        return newContext(DEFAULT_CONTEXT_ROWS);
    }

    /** Scratch buffers for up to {@code rowsPerCall} rows per kernel call, for one thread. */
    public PredictionContext newContext(int rowsPerCall) {
        InvalidConfigurationException.requirePositive("prediction context rows", rowsPerCall);
        return new PredictionContext(shapeToken, rowsPerCall, inputWidth, scaling != null, widths);
    }

    // ---------------------------------------------------------------- one sample

    /**
     * Predicts one sample, {@code inputWidth} values from {@code x[xOff]}, writing
     * {@code outputWidth} values (probabilities for softmax/sigmoid heads) to {@code out[outOff]}.
     */
    public void predict(float[] x, int xOff, float[] out, int outOff) {
        predict(x, xOff, out, outOff, perThread.get());
    }

    /** As {@link #predict(float[], int, float[], int)} with a caller-held context. */
    public void predict(float[] x, int xOff, float[] out, int outOff, PredictionContext context) {
        checkContext(context);
        checkCall(x, xOff, 1, out, outOff);
        forward(context, x, xOff, 1, out, outOff, false);
    }

    /** The output layer's pre-activation values (logits) of one sample. */
    public void predictRaw(float[] x, int xOff, float[] out, int outOff) {
        predictRaw(x, xOff, out, outOff, perThread.get());
    }

    /** As {@link #predictRaw(float[], int, float[], int)} with a caller-held context. */
    public void predictRaw(float[] x, int xOff, float[] out, int outOff, PredictionContext context) {
        checkContext(context);
        checkCall(x, xOff, 1, out, outOff);
        forward(context, x, xOff, 1, out, outOff, true);
    }

    /** The most likely class of one sample (see the class comment for one-output models). */
    public int predictClass(float[] x, int xOff) {
        return predictClass(x, xOff, perThread.get());
    }

    /** As {@link #predictClass(float[], int)} with a caller-held context. */
    public int predictClass(float[] x, int xOff, PredictionContext context) {
        checkContext(context);
        checkInput(x, xOff, 1);
        forward(context, x, xOff, 1, context.logits, 0, false);
        return classOf(context.logits, 0);
    }

    /** Allocating convenience: the outputs of one sample of exactly {@code inputWidth} values. */
    public float[] predict(float[] x) {
        Objects.requireNonNull(x, "input");
        if (x.length != inputWidth) {
            throw ShapeMismatchException.of("input length (model input width)", inputWidth, x.length);
        }
        float[] out = new float[outputWidth];
        predict(x, 0, out, 0);
        return out;
    }

    // ---------------------------------------------------------------- batches

    /**
     * Predicts {@code rows} samples ({@code rows x inputWidth} from {@code x[xOff]}) into
     * {@code rows x outputWidth} values from {@code out[outOff]}. Zero rows does nothing.
     */
    public void predictBatch(float[] x, int xOff, int rows, float[] out, int outOff) {
        predictBatch(x, xOff, rows, out, outOff, perThread.get());
    }

    /** As {@link #predictBatch(float[], int, int, float[], int)} with a caller-held context. */
    public void predictBatch(float[] x, int xOff, int rows, float[] out, int outOff, PredictionContext context) {
        checkContext(context);
        checkCall(x, xOff, rows, out, outOff);
        forwardInChunks(context, x, xOff, rows, out, outOff, false);
    }

    /** The output layer's pre-activation values (logits) of {@code rows} samples. */
    public void predictRawBatch(float[] x, int xOff, int rows, float[] out, int outOff) {
        predictRawBatch(x, xOff, rows, out, outOff, perThread.get());
    }

    /** As {@link #predictRawBatch(float[], int, int, float[], int)} with a caller-held context. */
    public void predictRawBatch(float[] x, int xOff, int rows, float[] out, int outOff, PredictionContext context) {
        checkContext(context);
        checkCall(x, xOff, rows, out, outOff);
        forwardInChunks(context, x, xOff, rows, out, outOff, true);
    }

    /** The most likely class of each of {@code rows} samples, into {@code classes[classesOff]}. */
    public void predictClasses(float[] x, int xOff, int rows, int[] classes, int classesOff) {
        predictClasses(x, xOff, rows, classes, classesOff, perThread.get());
    }

    /** As {@link #predictClasses(float[], int, int, int[], int)} with a caller-held context. */
    public void predictClasses(float[] x, int xOff, int rows, int[] classes, int classesOff,
                               PredictionContext context) {
        checkContext(context);
        checkInput(x, xOff, rows);
        Objects.requireNonNull(classes, "classes");
        if (classesOff < 0 || (long) classesOff + rows > classes.length) {
            throw new ShapeMismatchException("classes: expected " + rows + " values from offset " + classesOff
                    + ", found an array of length " + classes.length);
        }
        int cap = context.capacity;
        for (int from = 0; from < rows; from += cap) {
            int n = Math.min(cap, rows - from);
            forward(context, x, xOff + from * inputWidth, n, context.logits, 0, false);
            for (int r = 0; r < n; r++) {
                classes[classesOff + from + r] = classOf(context.logits, r * outputWidth);
            }
        }
    }

    /** Allocating convenience: outputs of {@code x.length / inputWidth} samples. */
    public float[] predictBatch(float[] x) {
        Objects.requireNonNull(x, "inputs");
        if (x.length % inputWidth != 0) {
            throw new ShapeMismatchException("inputs: expected a multiple of the input width " + inputWidth
                    + " values, found " + x.length);
        }
        int rows = x.length / inputWidth;
        float[] out = new float[rows * outputWidth];
        predictBatch(x, 0, rows, out, 0);
        return out;
    }

    // ---------------------------------------------------------------- warm-up

    /**
     * Compiles every prediction path before traffic: {@code warmUp(DEFAULT_CONTEXT_ROWS + 1,
     * 5 s)}, which returns as soon as the latencies have converged (see
     * {@link #warmUp(int, Duration)}). Call it once before serving.
     */
    public void warmUp() {
        warmUp(DEFAULT_CONTEXT_ROWS + 1, DEFAULT_WARM_UP_BUDGET);
    }

    /** As {@link #warmUp()} within the given time; returns the number of calls made. */
    public long warmUp(Duration budget) {
        return warmUp(DEFAULT_CONTEXT_ROWS + 1, budget);
    }

    /**
     * Runs the prediction paths for calls of up to {@code maxRows} rows on made-up inputs until
     * the JIT has compiled them, and returns as soon as their latency has converged or
     * {@code budget} has passed; returns the number of calls made. In order: a few hundred
     * calls of a narrow "shadow" predictor of the same structure (so the vector kernels pass the
     * first compiler's thresholds without slow full-size calls); this predictor's single-sample
     * methods ({@code predict} with either context, {@code predictRaw}, {@code predictClass},
     * both non-finite policies) until past the C2 invocation threshold read from the JVM flags
     * and the median latency of the last windows of calls is flat and at its best; then, for
     * {@code maxRows > 1}, batch sizes that hit the kernels' vector tails and both GEMM paths
     * (shadow first, then this predictor) and, above 33 rows, the context's chunk boundary, the
     * same way. {@code maxRows = 1} warms the single-sample paths only: the quickest start for a
     * service that predicts one sample per request.
     */
    public long warmUp(int maxRows, Duration budget) {
        InvalidConfigurationException.requirePositive("warm-up rows", maxRows);
        Objects.requireNonNull(budget, "budget");
        long start = System.nanoTime();
        long made = WarmUp.run(this, start + budget.toNanos(), maxRows);
        LOG.log(System.Logger.Level.DEBUG, () -> "predictor warm-up: " + made + " calls on " + kernels.name() + " in "
                + (System.nanoTime() - start) / 1_000_000 + " ms");
        return made;
    }

    int layerCount() {
        return widths.length;
    }

    Activation activation(int l) {
        return activations[l];
    }

    float activationParameter(int l) {
        return activationParameters[l];
    }

    // ---------------------------------------------------------------- the forward pass

    private void forwardInChunks(PredictionContext c, float[] x, int xOff, int rows, float[] out, int outOff,
                                 boolean raw) {
        int cap = c.capacity;
        for (int from = 0; from < rows; from += cap) {
            int n = Math.min(cap, rows - from);
            forward(c, x, xOff + from * inputWidth, n, out, outOff + from * outputWidth, raw);
        }
    }

    /** Forward of {@code rows <= capacity} checked rows into {@code out}; {@code raw} stops at the logits. */
    private void forward(PredictionContext c, float[] x, int xOff, int rows, float[] out, int outOff, boolean raw) {
        float[] in = x;
        int inOff = xOff;
        if (scaling != null) {
            scaling.apply(x, xOff, rows, c.scaled, 0);
            in = c.scaled;
            inOff = 0;
        }
        int last = widths.length - 1;
        for (int l = 0; l < last; l++) {
            dense(l, rows, in, inOff, activations[l], activationParameters[l], c.hidden[l], 0);
            in = c.hidden[l];
            inOff = 0;
        }
        if (raw) {
            dense(last, rows, in, inOff, Activation.LINEAR, 0f, out, outOff);
        } else if (separateOutputActivation) {
            // Same two steps as Mlp.forward (logits, then softmax/sigmoid), so the numbers agree exactly.
            dense(last, rows, in, inOff, Activation.LINEAR, 0f, c.logits, 0);
            kernels.activate(activations[last], rows, widths[last], c.logits, 0, out, outOff);
        } else {
            dense(last, rows, in, inOff, activations[last], activationParameters[last], out, outOff);
            if (targetScaling != null) {
                targetScaling.invert(out, outOff, rows);
            }
        }
    }

    /**
     * Layer {@code l}'s {@code f(X W^T + b)} (with the activation's parameter) on the weights in
     * this predictor's precision. The bf16 and int8 kernels take no activation parameter: a
     * parameterised activation (leaky ReLU, ELU) runs after them, in place.
     */
    private void dense(int l, int rows, float[] in, int inOff, Activation f, float parameter, float[] out, int outOff) {
        if (bf16Parameters != null && rows <= BF16_STREAMING_ROWS) {
            kernels.denseForwardBf16Packed(rows, widths[l], fanIns[l], in, inOff, bf16Parameters, weightOffsets[l],
                    packedNarrowWeights[l], parameters, biasOffsets[l], f.hasParameter() ? Activation.LINEAR : f,
                    out, outOff);
            if (f.hasParameter()) {
                kernels.activate(f, parameter, rows, widths[l], out, outOff, out, outOff);
            }
        } else if (int8Parameters != null && rows <= INT8_STREAMING_ROWS) {
            kernels.denseForwardInt8Packed(rows, widths[l], fanIns[l], in, inOff, int8Parameters, weightOffsets[l],
                    int8Scales, scaleOffsets[l], packedNarrowWeights[l], parameters, biasOffsets[l],
                    f.hasParameter() ? Activation.LINEAR : f, out, outOff);
            if (f.hasParameter()) {
                kernels.activate(f, parameter, rows, widths[l], out, outOff, out, outOff);
            }
        } else {
            kernels.denseForwardPacked(rows, widths[l], fanIns[l], in, inOff, parameters, weightOffsets[l],
                    packedWeights[l], parameters, biasOffsets[l], f, parameter, out, outOff);
        }
    }

    private int classOf(float[] outputs, int off) {
        if (outputWidth == 1) {
            return outputs[off] >= 0.5f ? 1 : 0;
        }
        int best = 0;
        float bestValue = outputs[off];
        for (int j = 1; j < outputWidth; j++) {
            float v = outputs[off + j];
            if (v > bestValue) {
                bestValue = v;
                best = j;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- checks

    private void checkContext(PredictionContext context) {
        Objects.requireNonNull(context, "prediction context");
        if (context.shapeToken != shapeToken) {
            throw new ShapeMismatchException("prediction context: expected one made by this predictor's newContext(),"
                    + " found one made for another model");
        }
    }

    private void checkCall(float[] x, int xOff, int rows, float[] out, int outOff) {
        checkInput(x, xOff, rows);
        Objects.requireNonNull(out, "output");
        long outLen = (long) rows * outputWidth;
        if (outOff < 0 || outOff + outLen > out.length) {
            throw new ShapeMismatchException("output: expected " + rows + " rows x " + outputWidth + " outputs = "
                    + outLen + " values from offset " + outOff + ", found an array of length " + out.length);
        }
        long inLen = (long) rows * inputWidth;
        if (out == x && outLen > 0 && outOff < xOff + inLen && xOff < outOff + outLen) {
            throw new ShapeMismatchException("output: expected a range not overlapping the input, found [" + outOff + ", "
                    + (outOff + outLen) + ") and [" + xOff + ", " + (xOff + inLen) + ") in the same array");
        }
    }

    private void checkInput(float[] x, int xOff, int rows) {
        Objects.requireNonNull(x, "input");
        if (rows < 0) {
            throw new ShapeMismatchException("rows: expected >= 0, found " + rows);
        }
        long len = (long) rows * inputWidth;
        if (xOff < 0 || xOff + len > x.length) {
            throw new ShapeMismatchException("input: expected " + rows + " rows x " + inputWidth + " features = "
                    + len + " values from offset " + xOff + ", found an array of length " + x.length);
        }
        if (inputPolicy == NonFiniteInputPolicy.REJECT && !kernels.allFinite((int) len, x, xOff)) {
            NonFiniteValueException.requireFinite("input", x, xOff, (int) len, inputWidth);
        }
    }

    @Override
    public String toString() {
        return "Predictor(" + inputWidth + " -> " + Arrays.toString(widths) + ", " + loss + ", "
                + kernels.name() + (precision != Precision.FP32 ? ", " + precision : "")
                + (scaling != null ? ", scaled" : "") + ", non-finite " + inputPolicy + ")";
    }
}
