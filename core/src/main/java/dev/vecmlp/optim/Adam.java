package dev.vecmlp.optim;

import dev.vecmlp.kernel.Kernels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba) and AdamW (Loshchilov and Hutter, decoupled weight decay), PyTorch's
 * formulas, on the fused {@link Kernels#adamUpdate} kernel. For step {@code t >= 1}:
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2;
 * w -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}; Adam adds {@code wd * w} to the
 * gradient (L2), AdamW subtracts {@code lr * wd * w} from the weights instead.
 *
 * <p>The step count {@code t} is the number of updates applied so far; it is saved in
 * {@link #state()} so a resumed run continues the bias correction where it stopped. The moment
 * arrays are allocated on the first update and reused after.
 */
public final class Adam implements Optimizer {
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final boolean decoupled;
    private float[] m;
    private float[] v;
    private long updates;
    /** An upper bound on {@code max_i |m_i| / (sqrt(v_i) + eps)}, for {@link #changeBound}. */
    private double ratioBound;

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                boolean decoupledWeightDecay) {
        this.learningRate = OptimizerChecks.positiveFloat("learning rate", learningRate);
        this.beta1 = OptimizerChecks.unitIntervalFloat("beta1", beta1);
        this.beta2 = OptimizerChecks.unitIntervalFloat("beta2", beta2);
        this.epsilon = OptimizerChecks.positiveFloat("epsilon", epsilon);
        this.weightDecay = OptimizerChecks.nonNegativeFloat("weight decay", weightDecay);
        this.decoupled = decoupledWeightDecay;
    }

    /** AdamW with PyTorch's defaults but the given decoupled weight decay (PyTorch's default is 0.01). */
    public static Adam adamW(double learningRate, double weightDecay) {
        return new Adam(learningRate, 0.9, 0.999, 1e-8, weightDecay, true);
    }

    @Override
    public float learningRate() {
        return learningRate;
    }

    public float beta1() {
        return beta1;
    }

    public float beta2() {
        return beta2;
    }

    public float epsilon() {
        return epsilon;
    }

    public float weightDecay() {
        return weightDecay;
    }

    /** Whether the weight decay is decoupled (AdamW). */
    public boolean decoupled() {
        return decoupled;
    }

    /** {@code "adamw"} for decoupled weight decay, else {@code "adam"}. */
    public String kind() {
        return decoupled ? "adamw" : "adam";
    }

    @Override
    public void update(Kernels kernels, float[] params, float[] grads, int len, float lr) {
        OptimizerChecks.updateRate(decoupled ? "AdamW" : "Adam", lr, updates);
        if (m == null) {
            m = new float[len];
            v = new float[len];
        }
        OptimizerChecks.requireLength(kind(), m, len);
        kernels.adamUpdate(len, lr, beta1, beta2, epsilon, weightDecay, decoupled, updates + 1,
                params, 0, grads, 0, m, 0, v, 0);
        updates++;
        ratioBound = nextRatioBound();
    }

    /**
     * The ratio {@code r = max |m| / (sqrt(v) + eps)} after one more update, from the one before:
     * {@code m' = b1 m + (1-b1) g} and {@code v' >= b2 v} and {@code v' >= (1-b2) g^2} give
     * {@code r' <= (b1 / sqrt(b2)) r + (1-b1) / sqrt(1-b2)}, whatever the gradient (0.1% added for
     * float rounding). With PyTorch's betas it settles near 32; when {@code b1^2 >= b2} it grows
     * and the updates end up verified.
     */
    private double nextRatioBound() {
        double next = (beta1 > 0 ? beta1 / Math.sqrt(beta2) * ratioBound : 0) + (1 - beta1) / Math.sqrt(1 - beta2);
        return next * 1.001;
    }

    /**
     * {@code w' = (1 - lr wd) w - lr m^ / (sqrt(v^) + eps)} for AdamW, {@code w' = w - lr m^ / (sqrt(v^) + eps)}
     * for Adam (its decay goes through the moments): the ratio is at most {@link #nextRatioBound()}
     * over the bias correction {@code 1 - b1^t}. A decay above 1, {@code lr wd > 2}, or (Adam) a
     * gradient beyond 1e30 gets no bound.
     */
    @Override
    public double changeBound(Kernels kernels, int len, float lr, double gradientNorm) {
        if (weightDecay > 1 || (decoupled ? (double) lr * weightDecay > 2 : !(gradientNorm < 1e30))) {
            return Double.POSITIVE_INFINITY;
        }
        double bias = 1 - Math.pow(beta1, updates + 1);
        double bound = lr * nextRatioBound() / bias;
        return bound < Double.POSITIVE_INFINITY ? bound : Double.POSITIVE_INFINITY;
    }

    @Override
    public OptimizerState state() {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        if (m != null) {
            arrays.put("m", m);
            arrays.put("v", v);
        }
        return new OptimizerState(kind(), updates, arrays);
    }

    @Override
    public void restore(OptimizerState state) {
        OptimizerChecks.requireKind(state, kind());
        int len = OptimizerChecks.requireArrays(state, "m", "v");
        OptimizerChecks.requireFinite(state);
        if (len >= 0) {
            float[] second = state.arrays().get("v");
            for (int i = 0; i < len; i++) {
                if (second[i] < 0) {
                    throw new dev.vecmlp.errors.InvalidConfigurationException("optimizer state of kind " + kind()
                            + ", array v: expected values >= 0 (squared-gradient averages), found " + second[i]
                            + " at index " + i);
                }
            }
        }
        m = len < 0 ? null : state.arrays().get("m").clone();
        v = len < 0 ? null : state.arrays().get("v").clone();
        updates = state.updates();
        ratioBound = 0;
        if (m != null) {
            for (int i = 0; i < m.length; i++) {
                ratioBound = Math.max(ratioBound, Math.abs(m[i]) / (Math.sqrt(v[i]) + epsilon));
            }
            ratioBound *= 1.001;
        }
    }

    @Override
    public String toString() {
        return (decoupled ? "AdamW" : "Adam") + "(lr=" + learningRate + ", betas=(" + beta1 + ", " + beta2
                + "), eps=" + epsilon + (weightDecay != 0 ? ", weightDecay=" + weightDecay : "") + ")";
    }
}
