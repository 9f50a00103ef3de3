package dev.vecmlp.optim;

import dev.vecmlp.errors.InvalidConfigurationException;
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

    /** Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-8, 0, false);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
                boolean decoupledWeightDecay) {
        this.learningRate = (float) InvalidConfigurationException.requirePositive("learning rate", learningRate);
        this.beta1 = (float) OptimizerChecks.unitInterval("beta1", beta1);
        this.beta2 = (float) OptimizerChecks.unitInterval("beta2", beta2);
        this.epsilon = (float) InvalidConfigurationException.requirePositive("epsilon", epsilon);
        this.weightDecay = (float) OptimizerChecks.nonNegative("weight decay", weightDecay);
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
        if (m == null) {
            m = new float[len];
            v = new float[len];
        }
        OptimizerChecks.requireLength(kind(), m, len);
        kernels.adamUpdate(len, lr, beta1, beta2, epsilon, weightDecay, decoupled, updates + 1,
                params, 0, grads, 0, m, 0, v, 0);
        updates++;
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
        m = len < 0 ? null : state.arrays().get("m").clone();
        v = len < 0 ? null : state.arrays().get("v").clone();
        updates = state.updates();
    }

    @Override
    public String toString() {
        return (decoupled ? "AdamW" : "Adam") + "(lr=" + learningRate + ", betas=(" + beta1 + ", " + beta2
                + "), eps=" + epsilon + (weightDecay != 0 ? ", weightDecay=" + weightDecay : "") + ")";
    }
}
