package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.ShapeMismatchException;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;

/**
 * Loss, accuracy and error metrics of a model over a whole data set, batch by batch. When the
 * data set carries sample weights, {@link #metrics} and {@link #accuracy} are weighted means
 * (a sample of weight 2 counts twice); {@link #recallPerClass} and {@link #balancedAccuracy}
 * give the per-class view that imbalanced data needs.
 */
public final class Evaluation {
    private static final int BATCH = 256;

    private Evaluation() {
    }

    /** Mean loss over all rows. */
    public static double loss(Mlp model, DataSet data) {
        return metrics(model, data).loss();
    }

    /**
     * Share of rows classified right: argmax of output and target for several outputs; for one
     * output, the output and target on the same side of 0.5.
     */
    public static double accuracy(Mlp model, DataSet data) {
        check(model, data);
        if (data.hasSampleWeights()) {
            return metrics(model, data).accuracy();
        }
        Workspace ws = workspaceFor(model, data);
        long right = 0;
        for (int from = 0; from < data.rows(); from += ws.capacity()) {
            int n = Math.min(ws.capacity(), data.rows() - from);
            model.forward(ws, data.features(), from * data.featureWidth(), n);
            right += correct(ws.output(), data.targets(), from * data.targetWidth(), n, model.outputWidth());
        }
        return (double) right / data.rows();
    }

    /** All metrics (see {@link Metrics}) in one pass. */
    public static Metrics metrics(Mlp model, DataSet data) {
        return metrics(model, data, workspaceFor(model, data));
    }

    /** As {@link #metrics(Mlp, DataSet)} with a caller-held workspace (of any capacity). */
    public static Metrics metrics(Mlp model, DataSet data, Workspace ws) {
        check(model, data);
        int k = model.outputWidth();
        boolean regression = model.loss() == Loss.MSE;
        double lossSum = 0;
        double absSum = 0;
        long right = 0;
        float[] weights = data.sampleWeights();
        if (weights != null) {
            return weightedMetrics(model, data, ws, weights);
        }
        for (int from = 0; from < data.rows(); from += ws.capacity()) {
            int n = Math.min(ws.capacity(), data.rows() - from);
            int yOff = from * data.targetWidth();
            lossSum += n * model.loss(ws, data.features(), from * data.featureWidth(), data.targets(), yOff, n);
            if (regression) {
                absSum += absoluteErrors(ws.output(), data.targets(), yOff, n, k);
            } else {
                right += correct(ws.output(), data.targets(), yOff, n, k);
            }
        }
        return of(model.loss(), lossSum / data.rows(), right, absSum, data.rows(), k);
    }

    /** Metrics with each row counted by its sample weight. */
    private static Metrics weightedMetrics(Mlp model, DataSet data, Workspace ws, float[] weights) {
        int k = model.outputWidth();
        boolean regression = model.loss() == Loss.MSE;
        double lossSum = 0;
        double absSum = 0;
        double right = 0;
        double total = 0;
        for (int from = 0; from < data.rows(); from += ws.capacity()) {
            int n = Math.min(ws.capacity(), data.rows() - from);
            int yOff = from * data.targetWidth();
            double batchWeight = 0;
            for (int r = 0; r < n; r++) {
                batchWeight += weights[from + r];
            }
            lossSum += batchWeight * model.loss(ws, data.features(), from * data.featureWidth(), data.targets(), yOff,
                    weights, from, n);
            total += batchWeight;
            float[] out = ws.output();
            float[] y = data.targets();
            for (int r = 0; r < n; r++) {
                double w = weights[from + r];
                if (regression) {
                    absSum += w * absoluteErrors(out, r * k, y, yOff + r * k, k);
                } else if (rowCorrect(out, r * k, y, yOff + r * k, k)) {
                    right += w;
                }
            }
        }
        if (regression) {
            return new Metrics(lossSum / total, Double.NaN, lossSum / total, absSum / (total * k));
        }
        return new Metrics(lossSum / total, right / total, Double.NaN, Double.NaN);
    }

    /**
     * Recall of each class: the share of the rows of class {@code c} (by target) that the model
     * assigns to {@code c}, weighted by sample weights when the data has them; NaN for a class
     * with no rows. Classes as {@link #accuracy}: the arg-max for several outputs, the side of
     * 0.5 for one output (classes 0 and 1).
     */
    public static double[] recallPerClass(Mlp model, DataSet data) {
        check(model, data);
        int k = model.outputWidth();
        int classes = k == 1 ? 2 : k;
        double[] hit = new double[classes];
        double[] count = new double[classes];
        float[] weights = data.sampleWeights();
        Workspace ws = workspaceFor(model, data);
        for (int from = 0; from < data.rows(); from += ws.capacity()) {
            int n = Math.min(ws.capacity(), data.rows() - from);
            model.forward(ws, data.features(), from * data.featureWidth(), n);
            float[] out = ws.output();
            for (int r = 0; r < n; r++) {
                int row = from + r;
                int truth = k == 1 ? (data.targets()[row] >= 0.5f ? 1 : 0) : data.targetClass(row);
                int predicted = k == 1 ? (out[r] >= 0.5f ? 1 : 0) : DataSet.argmax(out, r * k, k);
                double w = weights == null ? 1 : weights[row];
                count[truth] += w;
                if (predicted == truth) {
                    hit[truth] += w;
                }
            }
        }
        double[] recall = new double[classes];
        for (int c = 0; c < classes; c++) {
            recall[c] = count[c] > 0 ? hit[c] / count[c] : Double.NaN;
        }
        return recall;
    }

    /** The mean of {@link #recallPerClass} over the classes that have rows (scikit-learn's balanced accuracy). */
    public static double balancedAccuracy(Mlp model, DataSet data) {
        double sum = 0;
        int present = 0;
        for (double r : recallPerClass(model, data)) {
            if (!Double.isNaN(r)) {
                sum += r;
                present++;
            }
        }
        return sum / present;
    }

    /** Metrics from sums gathered over {@code rows} rows of {@code k} outputs. */
    public static Metrics of(Loss loss, double meanLoss, long right, double absSum, long rows, int k) {
        if (loss == Loss.MSE) {
            return new Metrics(meanLoss, Double.NaN, meanLoss, absSum / ((double) rows * k));
        }
        return new Metrics(meanLoss, (double) right / rows, Double.NaN, Double.NaN);
    }

    /** Rows of {@code out} ({@code rows x k} from 0) classified as the targets from {@code yOff} say. */
    public static long correct(float[] out, float[] y, int yOff, int rows, int k) {
        long right = 0;
        for (int r = 0; r < rows; r++) {
            if (rowCorrect(out, r * k, y, yOff + r * k, k)) {
                right++;
            }
        }
        return right;
    }

    /** Whether the row of {@code k} outputs at {@code outOff} is classified as the target row at {@code yOff} says. */
    public static boolean rowCorrect(float[] out, int outOff, float[] y, int yOff, int k) {
        return k == 1
                ? (out[outOff] >= 0.5f) == (y[yOff] >= 0.5f)
                : DataSet.argmax(out, outOff, k) == DataSet.argmax(y, yOff, k);
    }

    /** Sum of {@code |out - y|} over {@code rows x k} values. */
    public static double absoluteErrors(float[] out, float[] y, int yOff, int rows, int k) {
        return absoluteErrors(out, 0, y, yOff, rows * k);
    }

    private static double absoluteErrors(float[] out, int outOff, float[] y, int yOff, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(out[outOff + i] - y[yOff + i]);
        }
        return sum;
    }

    private static Workspace workspaceFor(Mlp model, DataSet data) {
        return model.newWorkspace(Math.min(BATCH, data.rows()));
    }

    private static void check(Mlp model, DataSet data) {
        if (data.featureWidth() != model.inputWidth()) {
            throw ShapeMismatchException.of("data feature width (model input width)", model.inputWidth(), data.featureWidth());
        }
        if (data.targetWidth() != model.outputWidth()) {
            throw ShapeMismatchException.of("data target width (model output width)", model.outputWidth(), data.targetWidth());
        }
    }
}
