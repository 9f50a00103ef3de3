package dev.vecmlp.health;

import dev.vecmlp.errors.ShapeMismatchException;

import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Initializer;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Watches the gradient flow of a training run, layer by layer, and says when it goes wrong.
 *
 * <p>Every {@link HealthConfig#everySteps()} steps the training step hands it the gradient (as
 * applied, after clipping), the weights and the batch's activations, before and after the
 * update. It records per layer the gradient L2 norm, the weight norm, the update-to-weight ratio
 * and the share of dead or saturated units (see {@link HealthCheck}); the norms are
 * {@link Kernels#sumOfSquares} over each layer's slice of the flat arrays, so a check costs a few
 * passes over the parameters and the activations, and steps between checks cost nothing.
 *
 * <p>From the records it derives {@link HealthVerdict}s:
 * <ul>
 *   <li>EXPLODING: a layer's gradient norm above {@link HealthConfig#explodingNorm()}, or
 *       {@link HealthConfig#growthFactor()} times its smallest value in the last
 *       {@link HealthConfig#growthWindow()} checks, or a non-finite gradient (reported by the
 *       training step's guard);</li>
 *   <li>VANISHING: a layer's gradient norm below {@link HealthConfig#vanishingRatio()} of the last
 *       layer's for {@link HealthConfig#vanishingChecks()} checks in a row.</li>
 * </ul>
 * A layer's condition raises a verdict once when it starts, and again only after a check where
 * it no longer held; the layers whose condition starts at the same check share one verdict
 * that names the most affected ({@link HealthVerdict#affectedLayers()} lists them all), so a
 * deep network in trouble gives one line, not one per layer. {@link #activeVerdicts()} lists
 * the verdicts whose condition still holds.
 *
 * <p>History storage grows by doubling, so a check allocates nothing in steady state (a verdict,
 * rare, allocates its record). Not thread-safe: read the history when training has finished or
 * from a listener on the training thread.
 */
public final class GradientMonitor {
    private static final int MIN_CAPACITY = 64;

    private final HealthConfig config;
    private Consumer<HealthVerdict> verdictSink = v -> { };

    private int layers = -1;
    private int count;
    private long[] steps = new long[0];
    private double[] gradNorms = new double[0];
    private double[] weightNorms = new double[0];
    private double[] updateRatios = new double[0];
    private double[] inactive = new double[0];
    private double[] globalNorms = new double[0];

    private float[] snapshot;
    private boolean pending;
    private int[] tinyRuns;
    private boolean[] explodingActive;
    private boolean[] vanishingActive;
    private boolean[] nonFiniteActive;
    private int[] newlyExploding;
    private int[] newlyVanishing;
    private final List<HealthVerdict> verdicts = new ArrayList<>();

    public GradientMonitor(HealthConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** A monitor with {@link HealthConfig#defaults()}. */
    public GradientMonitor() {
        this(HealthConfig.defaults());
    }

    public HealthConfig config() {
        return config;
    }

    /** Where new verdicts go as they are raised (the trainer forwards them to its listeners). */
    public void onVerdict(Consumer<HealthVerdict> sink) {
        this.verdictSink = Objects.requireNonNull(sink, "sink");
    }

    /** Whether step {@code step} (1-based) is a check step. */
    public boolean due(long step) {
        return step % config.everySteps() == 0;
    }

    // ---------------------------------------------------------------- recording

    /**
     * First half of a check, after clipping and before the update: records gradient norms,
     * weight norms and inactive units, and keeps a copy of the parameters to measure the update.
     *
     * @param rawGlobalNorm the whole gradient's L2 norm before clipping
     */
    public void beforeUpdate(long step, Mlp model, float[] grads, Workspace ws, int rows, double rawGlobalNorm) {
        bind(model);
        ensureCapacity(count + 1);
        Kernels k = model.kernels();
        float[] params = model.parameters();
        int base = count * layers;
        for (int l = 0; l < layers; l++) {
            Dense d = model.layer(l);
            gradNorms[base + l] = Math.sqrt(k.sumOfSquares(d.parameterCount(), grads, d.weightOffset()));
            weightNorms[base + l] = Math.sqrt(k.sumOfSquares(d.weightCount(), params, d.weightOffset()));
            inactive[base + l] = inactiveShare(d.activation(), ws.activations(l), rows, d.outputs());
            updateRatios[base + l] = Double.NaN;
        }
        steps[count] = step;
        globalNorms[count] = rawGlobalNorm;
        if (snapshot == null || snapshot.length != params.length) {
            snapshot = new float[params.length];
        }
        System.arraycopy(params, 0, snapshot, 0, params.length);
        pending = true;
    }

    /** Second half of a check, after the update: update-to-weight ratios, then the verdicts. */
    public void afterUpdate(Mlp model) {
        if (!pending) {
            throw new IllegalStateException("afterUpdate without beforeUpdate");
        }
        pending = false;
        Kernels k = model.kernels();
        float[] params = model.parameters();
        // snapshot = old - new = lr * update, exactly what the optimiser applied
        k.axpy(params.length, -1f, params, 0, snapshot, 0);
        int base = count * layers;
        for (int l = 0; l < layers; l++) {
            Dense d = model.layer(l);
            double update = Math.sqrt(k.sumOfSquares(d.weightCount(), snapshot, d.weightOffset()));
            double weights = weightNorms[base + l];
            updateRatios[base + l] = weights > 0 ? update / weights : Double.NaN;
        }
        count++;
        judge(model);
    }

    /**
     * A step whose loss or gradient was not finite (the guard did not apply it): raises an
     * EXPLODING verdict for each layer with a non-finite gradient, or for the output layer when
     * only the loss was bad. Nothing goes into the statistics history.
     */
    public void nonFinite(long step, Mlp model, float[] grads, double loss) {
        bind(model);
        Kernels k = model.kernels();
        int found = 0;
        boolean fresh = false;
        double firstNorm = Double.NaN;
        for (int l = 0; l < layers; l++) {
            Dense d = model.layer(l);
            double norm = Math.sqrt(k.sumOfSquares(d.parameterCount(), grads, d.weightOffset()));
            if (!Double.isFinite(norm)) {
                if (found == 0) {
                    firstNorm = norm;
                }
                newlyExploding[found++] = l;
                fresh |= !nonFiniteActive[l];
                nonFiniteActive[l] = true;
                explodingActive[l] = true;
            }
        }
        if (found == 0) {
            // only the loss was bad: blame the output layer
            int last = layers - 1;
            newlyExploding[found++] = last;
            fresh = !nonFiniteActive[last];
            nonFiniteActive[last] = true;
            explodingActive[last] = true;
        }
        if (!fresh) {
            return;
        }
        raise(new HealthVerdict(HealthVerdict.Kind.EXPLODING, step, newlyExploding[0], affected(newlyExploding, found),
                firstNorm, config.explodingNorm(),
                "gradient norm " + firstNorm + " (loss " + loss + "); the step was not applied",
                "divergence: the updates overshoot (a learning rate too high for this loss surface, often with large"
                        + " weights or gradients growing through " + layers + " layers)",
                "lower the learning rate (e.g. 10x), clip gradients by global norm (e.g. 1.0), use Initializer.matchedTo"
                        + " for each layer's activation"));
    }

    // ---------------------------------------------------------------- verdicts

    /**
     * Updates each layer's conditions from the latest check and raises at most one verdict of
     * each kind, naming the most affected of the layers whose condition has just started.
     */
    private void judge(Mlp model) {
        int last = layers - 1;
        int base = (count - 1) * layers;
        double lastNorm = gradNorms[base + last];
        int exploding = 0;
        int vanishing = 0;
        int worstExploding = -1;
        boolean worstTooLarge = false;
        double worstFrom = 0;
        for (int l = 0; l < layers; l++) {
            double norm = gradNorms[base + l];
            nonFiniteActive[l] = false;
            // exploding: absolute threshold or fast growth over the window
            double from = Double.POSITIVE_INFINITY;
            for (int c = Math.max(0, count - 1 - config.growthWindow()); c < count - 1; c++) {
                from = Math.min(from, gradNorms[c * layers + l]);
            }
            boolean tooLarge = !(norm <= config.explodingNorm());
            boolean growing = norm > config.growthFloor() && from > 0 && norm > config.growthFactor() * from;
            if (tooLarge || growing) {
                if (!explodingActive[l]) {
                    explodingActive[l] = true;
                    newlyExploding[exploding++] = l;
                    if (worstExploding < 0 || norm > gradNorms[base + worstExploding]) {
                        worstExploding = l;
                        worstTooLarge = tooLarge;
                        worstFrom = from;
                    }
                }
            } else {
                explodingActive[l] = false;
            }
            // vanishing: early layers tiny next to the last one for a sustained stretch
            if (l < last && lastNorm > 0 && Double.isFinite(lastNorm) && norm < config.vanishingRatio() * lastNorm) {
                tinyRuns[l]++;
                if (tinyRuns[l] >= config.vanishingChecks() && !vanishingActive[l]) {
                    vanishingActive[l] = true;
                    newlyVanishing[vanishing++] = l;
                }
            } else {
                tinyRuns[l] = 0;
                vanishingActive[l] = false;
            }
        }
        if (exploding > 0) {
            raise(exploding(model, worstExploding, affected(newlyExploding, exploding), gradNorms[base + worstExploding],
                    worstTooLarge, worstFrom));
        }
        if (vanishing > 0) {
            int first = newlyVanishing[0];
            raise(vanishing(model, first, affected(newlyVanishing, vanishing), gradNorms[base + first], lastNorm));
        }
    }

    private static List<Integer> affected(int[] layers, int count) {
        List<Integer> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(layers[i]);
        }
        return out;
    }

    private HealthVerdict exploding(Mlp model, int l, List<Integer> affected, double norm, boolean tooLarge, double from) {
        long step = steps[count - 1];
        String detail = tooLarge
                ? String.format("gradient norm %.3g above the threshold %.3g", norm, config.explodingNorm())
                : String.format("gradient norm grew %.3gx (from %.3g to %.3g) within %d checks", norm / from, from, norm,
                config.growthWindow());
        // compare the weights with the matched initialisation at the first check, and their growth since
        int worst = -1;
        double worstRatio = 0;
        int grown = -1;
        double grownRatio = 0;
        for (int i = 0; i < layers; i++) {
            double initial = weightNorms[i];
            double ratio = initial / matchedWeightNorm(model.layer(i));
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = i;
            }
            double growth = weightNorms[(count - 1) * layers + i] / initial;
            if (growth > grownRatio) {
                grownRatio = growth;
                grown = i;
            }
        }
        String cause;
        String remedy;
        if (worstRatio >= 2) {
            cause = String.format("initialisation: layer %d's weights started at %.1fx the norm Initializer.matchedTo(%s)"
                    + " gives, and each of the %d layers multiplies the gradient by its weights", worst, worstRatio,
                    model.layer(worst).activation(), layers);
            remedy = "initialise each layer with Initializer.matchedTo(activation) (He for ReLU, Xavier for sigmoid/tanh),"
                    + " and clip gradients by global norm";
        } else if (grownRatio >= 10) {
            cause = String.format("step size: layer %d's weights grew %.3gx since step %d, so the learning rate is too high"
                    + " for this loss surface", grown, grownRatio, steps[0]);
            remedy = "lower the learning rate (e.g. 10x) and clip gradients by global norm (e.g. 1.0)";
        } else {
            cause = "depth: the gradient is a product over " + layers
                    + " layers, and the updates grow the weights that multiply it";
            remedy = "clip gradients by global norm (e.g. 1.0) or by value, and lower the learning rate";
        }
        return new HealthVerdict(HealthVerdict.Kind.EXPLODING, step, l, affected, norm,
                tooLarge ? config.explodingNorm() : from, detail, cause, remedy);
    }

    private HealthVerdict vanishing(Mlp model, int l, List<Integer> affected, double norm, double lastNorm) {
        long step = steps[count - 1];
        int last = layers - 1;
        int base = (count - 1) * layers;
        String detail = String.format("gradient norm %.3g is %.2g of the last layer's %.3g for %d checks in a row",
                norm, norm / lastNorm, lastNorm, config.vanishingChecks());
        int saturated = -1;
        int sigmoids = 0;
        double smallestInit = Double.POSITIVE_INFINITY;
        for (int i = l; i < last; i++) {
            Dense d = model.layer(i);
            Activation a = d.activation();
            if ((a == Activation.SIGMOID || a == Activation.TANH || a == Activation.RELU)
                    && inactive[base + i] >= 0.5 && saturated < 0) {
                saturated = i;
            }
            if (a == Activation.SIGMOID) {
                sigmoids++;
            }
            smallestInit = Math.min(smallestInit, weightNorms[base + i] / matchedWeightNorm(d));
        }
        String cause;
        String remedy;
        if (saturated >= 0) {
            Activation a = model.layer(saturated).activation();
            cause = String.format("%s: %.0f%% of layer %d's %s units are %s for the whole batch, so their derivative is ~0",
                    a == Activation.RELU ? "dead units" : "saturation", 100 * inactive[base + saturated], saturated, a,
                    a == Activation.RELU ? "dead (output 0)" : "saturated");
            remedy = a == Activation.RELU
                    ? "He initialisation (Initializer.matchedTo(RELU)), a lower learning rate"
                    : "ReLU hidden layers with He initialisation, or Xavier initialisation and inputs scaled to unit variance";
        } else if (sigmoids > 0) {
            cause = String.format("depth with sigmoid: %d sigmoid layers between layer %d and the output each scale the"
                    + " gradient by at most 0.25", sigmoids, l);
            remedy = "ReLU hidden layers with He initialisation (or tanh with Xavier), or fewer layers";
        } else if (smallestInit < 0.5) {
            cause = String.format("initialisation: weights down to %.2fx the norm Initializer.matchedTo gives", smallestInit);
            remedy = "initialise each layer with Initializer.matchedTo(activation)";
        } else {
            cause = "depth: the gradient is a product over " + (layers - l) + " layers";
            remedy = "ReLU with He initialisation, fewer layers, or a higher learning rate for the early layers";
        }
        return new HealthVerdict(HealthVerdict.Kind.VANISHING, step, l, affected, norm, lastNorm, detail, cause, remedy);
    }

    private void raise(HealthVerdict verdict) {
        verdicts.add(verdict);
        verdictSink.accept(verdict);
    }

    /**
     * Expected Frobenius norm of a layer's weights under the initialisation matched to its
     * activation: {@code sqrt(in * out * variance)}.
     */
    static double matchedWeightNorm(Dense d) {
        Initializer init = Initializer.matchedTo(d.activation());
        double in = d.inputs();
        double out = d.outputs();
        double variance;
        switch (init) {
            case HE_UNIFORM:
            case HE_NORMAL:
                variance = 2 / in;
                break;
            case LECUN_UNIFORM:
            case LECUN_NORMAL:
                variance = 1 / in;
                break;
            default:
                variance = 2 / (in + out);
        }
        return Math.sqrt(in * out * variance);
    }

    /** Share of units whose output is dead (ReLU 0) or saturated (sigmoid, tanh) on every row. */
    private double inactiveShare(Activation a, float[] y, int rows, int units) {
        if (a != Activation.RELU && a != Activation.SIGMOID && a != Activation.TANH) {
            return 0;
        }
        double lo = config.sigmoidSaturation();
        double hi = 1 - lo;
        double t = config.tanhSaturation();
        int stuck = 0;
        for (int j = 0; j < units; j++) {
            boolean all = true;
            for (int r = 0; r < rows && all; r++) {
                float v = y[r * units + j];
                switch (a) {
                    case RELU:
                        all = v == 0f;
                        break;
                    case SIGMOID:
                        all = v < lo || v > hi;
                        break;
                    default:
                        all = Math.abs(v) > t;
                }
            }
            if (all) {
                stuck++;
            }
        }
        return (double) stuck / units;
    }

    // ---------------------------------------------------------------- history

    /** Number of checks recorded. */
    public int checkCount() {
        return count;
    }

    /** Number of layers watched (0 before the first check). */
    public int layerCount() {
        return Math.max(layers, 0);
    }

    /** The step of each check, oldest first (a copy): the x axis of the gradient-norm chart. */
    public long[] steps() {
        return Arrays.copyOf(steps, count);
    }

    /** Layer {@code layer}'s gradient norm at each check, aligned with {@link #steps()} (a copy). */
    public double[] gradientNorms(int layer) {
        return column(gradNorms, layer);
    }

    /** Layer {@code layer}'s weight norm at each check (a copy). */
    public double[] weightNorms(int layer) {
        return column(weightNorms, layer);
    }

    /** Layer {@code layer}'s update-to-weight ratio at each check (a copy). */
    public double[] updateRatios(int layer) {
        return column(updateRatios, layer);
    }

    /** Layer {@code layer}'s share of dead or saturated units at each check (a copy). */
    public double[] inactiveShares(int layer) {
        return column(inactive, layer);
    }

    /** Check {@code i} (0 = oldest) with all its figures. */
    public HealthCheck check(int i) {
        ShapeMismatchException.checkIndex("check index", i, count, "checks recorded");
        int from = i * layers;
        return new HealthCheck(steps[i], Arrays.copyOfRange(gradNorms, from, from + layers),
                Arrays.copyOfRange(weightNorms, from, from + layers), Arrays.copyOfRange(updateRatios, from, from + layers),
                Arrays.copyOfRange(inactive, from, from + layers), globalNorms[i]);
    }

    /** Every check, oldest first. */
    public List<HealthCheck> checks() {
        List<HealthCheck> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(check(i));
        }
        return all;
    }

    /** The latest check, or {@code null} before the first. */
    public HealthCheck latest() {
        return count == 0 ? null : check(count - 1);
    }

    /** Every verdict raised so far, oldest first. */
    public List<HealthVerdict> verdicts() {
        return Collections.unmodifiableList(new ArrayList<>(verdicts));
    }

    /** Whether a verdict of this kind is active (raised and not yet cleared) for any layer. */
    public boolean active(HealthVerdict.Kind kind) {
        boolean[] flags = kind == HealthVerdict.Kind.EXPLODING ? explodingActive : vanishingActive;
        if (flags == null) {
            return false;
        }
        for (boolean f : flags) {
            if (f) {
                return true;
            }
        }
        return false;
    }

    /** The latest verdict for each layer whose condition still held at the last check, oldest first. */
    public List<HealthVerdict> activeVerdicts() {
        List<HealthVerdict> out = new ArrayList<>();
        if (layers < 0) {
            return out;
        }
        boolean[][] covered = new boolean[2][layers];
        for (int i = verdicts.size() - 1; i >= 0; i--) {
            HealthVerdict v = verdicts.get(i);
            boolean exploding = v.kind() == HealthVerdict.Kind.EXPLODING;
            boolean[] flags = exploding ? explodingActive : vanishingActive;
            boolean[] seen = covered[exploding ? 0 : 1];
            boolean live = false;
            for (int layer : v.affectedLayers()) {
                live |= flags[layer] && !seen[layer];
                seen[layer] = true;
            }
            if (live) {
                out.add(v);
            }
        }
        Collections.reverse(out);
        return out;
    }

    private double[] column(double[] values, int layer) {
        ShapeMismatchException.checkIndex("layer index", layer, Math.max(layers, 0), "layers");
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = values[i * layers + layer];
        }
        return out;
    }

    private void bind(Mlp model) {
        int n = model.layerCount();
        if (layers < 0) {
            layers = n;
            tinyRuns = new int[n];
            explodingActive = new boolean[n];
            vanishingActive = new boolean[n];
            nonFiniteActive = new boolean[n];
            newlyExploding = new int[n];
            newlyVanishing = new int[n];
        } else if (layers != n) {
            throw new IllegalArgumentException("gradient monitor: expected a model with " + layers
                    + " layers (the one it watched so far), found " + n);
        }
    }

    private void ensureCapacity(int checks) {
        if (checks <= steps.length) {
            return;
        }
        int cap = Math.max(MIN_CAPACITY, steps.length * 2);
        steps = Arrays.copyOf(steps, cap);
        globalNorms = Arrays.copyOf(globalNorms, cap);
        gradNorms = Arrays.copyOf(gradNorms, cap * layers);
        weightNorms = Arrays.copyOf(weightNorms, cap * layers);
        updateRatios = Arrays.copyOf(updateRatios, cap * layers);
        inactive = Arrays.copyOf(inactive, cap * layers);
    }
}
