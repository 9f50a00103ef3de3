package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.model.Loss;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Weights per class for classification losses, multiplied into each sample's weight (and into
 * its sample weight when the data has one), so the loss becomes
 * {@code sum_i w_{c_i} l_i / sum_i w_{c_i}} over a batch, PyTorch's convention for weighted
 * cross-entropy. Used to counter class imbalance: {@link #balanced()} computes scikit-learn's
 * {@code n / (k * count_c)} on the training rows, where {@code k} is the number of classes
 * present, so every class carries the same total weight.
 *
 * <p>A sample's class is the arg-max of its one-hot target for cross-entropy, and the target
 * rounded to 0 or 1 for binary cross-entropy with one output. Other losses (MSE, multi-label
 * BCE) take no class weights.
 */
public final class ClassWeights {
    private final double[] explicit;
    private final Map<Integer, Double> byClass;

    private ClassWeights(double[] explicit, Map<Integer, Double> byClass) {
        this.explicit = explicit;
        this.byClass = byClass;
    }

    /** {@code n / (k * count_c)} fitted on the training rows ({@code k}: classes present). */
    public static ClassWeights balanced() {
        return new ClassWeights(null, null);
    }

    /** One weight per class, in class order; each finite and > 0. */
    public static ClassWeights of(double... weights) {
        Objects.requireNonNull(weights, "class weights");
        if (weights.length == 0) {
            throw new InvalidConfigurationException("class weights: expected one weight per class, found none");
        }
        for (int c = 0; c < weights.length; c++) {
            check(c, weights[c]);
        }
        return new ClassWeights(weights.clone(), null);
    }

    /** Weights for some classes (the others keep weight 1), as scikit-learn's dictionary form. */
    public static ClassWeights of(Map<Integer, Double> weights) {
        Objects.requireNonNull(weights, "class weights");
        Map<Integer, Double> copy = new TreeMap<>();
        weights.forEach((c, w) -> {
            if (c == null || c < 0) {
                throw new InvalidConfigurationException("class weights: expected class indices >= 0, found " + c);
            }
            check(c, Objects.requireNonNull(w, "weight of class " + c));
            copy.put(c, w);
        });
        return new ClassWeights(null, copy);
    }

    private static void check(int c, double w) {
        if (!(w > 0) || !Double.isFinite(w)) {
            throw new InvalidConfigurationException("weight of class " + c + ": expected a finite value > 0, found " + w);
        }
    }

    /** Whether these are the {@link #balanced()} weights. */
    public boolean isBalanced() {
        return explicit == null && byClass == null;
    }

    /** The class of each row (see the class comment), or an exception for losses without classes. */
    static int[] classesOf(DataSet data, Loss loss) {
        int k = data.targetWidth();
        int[] classes = new int[data.rows()];
        if (loss == Loss.CROSS_ENTROPY) {
            for (int r = 0; r < classes.length; r++) {
                classes[r] = data.targetClass(r);
            }
        } else if (loss == Loss.BINARY_CROSS_ENTROPY && k == 1) {
            float[] y = data.targets();
            for (int r = 0; r < classes.length; r++) {
                classes[r] = y[r] >= 0.5f ? 1 : 0;
            }
        } else {
            throw new InvalidConfigurationException("class weights: expected a classification model (cross-entropy, or"
                    + " binary cross-entropy with one output), found loss " + loss + " with " + k + " outputs");
        }
        return classes;
    }

    /** Number of classes of {@code data} under {@code loss}. */
    static int classCount(DataSet data, Loss loss) {
        return loss == Loss.BINARY_CROSS_ENTROPY ? 2 : data.targetWidth();
    }

    /**
     * The weight of each class for training on {@code data} with {@code loss}; balanced weights
     * are computed from its rows, explicit ones checked against its class count.
     */
    public double[] resolve(DataSet data, Loss loss) {
        int[] classes = classesOf(data, loss);
        int k = classCount(data, loss);
        double[] w = new double[k];
        if (explicit != null) {
            if (explicit.length != k) {
                throw new InvalidConfigurationException("class weights: expected one weight for each of the " + k
                        + " classes, found " + explicit.length);
            }
            return explicit.clone();
        }
        Arrays.fill(w, 1.0);
        if (byClass != null) {
            for (Map.Entry<Integer, Double> e : byClass.entrySet()) {
                if (e.getKey() >= k) {
                    throw new InvalidConfigurationException("class weights: class " + e.getKey()
                            + " given, but the model has classes 0 to " + (k - 1));
                }
                w[e.getKey()] = e.getValue();
            }
            return w;
        }
        long[] counts = new long[k];
        for (int c : classes) {
            counts[c]++;
        }
        int present = 0;
        for (long n : counts) {
            present += n > 0 ? 1 : 0;
        }
        for (int c = 0; c < k; c++) {
            if (counts[c] > 0) {
                w[c] = (double) classes.length / ((double) present * counts[c]);
            }
        }
        return w;
    }

    /**
     * Each row's weight for training: its class weight times its sample weight (when the data
     * has sample weights); {@code classWeights} null gives the sample weights alone.
     */
    static float[] rowWeights(DataSet data, Loss loss, ClassWeights classWeights) {
        float[] sample = data.sampleWeights();
        if (classWeights == null) {
            return sample;
        }
        double[] perClass = classWeights.resolve(data, loss);
        int[] classes = classesOf(data, loss);
        float[] w = new float[classes.length];
        for (int r = 0; r < w.length; r++) {
            w[r] = (float) (perClass[classes[r]] * (sample == null ? 1.0 : sample[r]));
        }
        DataSet.requireSampleWeights(w, 0, w.length, w.length);
        return w;
    }

    @Override
    public String toString() {
        return isBalanced() ? "balanced" : explicit != null ? Arrays.toString(explicit) : byClass.toString();
    }
}
