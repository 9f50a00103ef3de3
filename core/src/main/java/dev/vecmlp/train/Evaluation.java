package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.ShapeMismatchException;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;

/** Loss, accuracy and error metrics of a model over a whole data set, batch by batch. */
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
            boolean ok = k == 1
                    ? (out[r] >= 0.5f) == (y[yOff + r] >= 0.5f)
                    : DataSet.argmax(out, r * k, k) == DataSet.argmax(y, yOff + r * k, k);
            if (ok) {
                right++;
            }
        }
        return right;
    }

    /** Sum of {@code |out - y|} over {@code rows x k} values. */
    public static double absoluteErrors(float[] out, float[] y, int yOff, int rows, int k) {
        double sum = 0;
        for (int i = 0, n = rows * k; i < n; i++) {
            sum += Math.abs(out[i] - y[yOff + i]);
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
