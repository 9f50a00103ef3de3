package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.ShapeMismatchException;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;

/** Loss and accuracy of a model over a whole data set, batch by batch. */
public final class Evaluation {
    private static final int BATCH = 256;

    private Evaluation() {
    }

    /** Mean loss over all rows. */
    public static double loss(Mlp model, DataSet data) {
        check(model, data);
        Workspace ws = model.newWorkspace(Math.min(BATCH, data.rows()));
        double sum = 0;
        for (int from = 0; from < data.rows(); from += ws.capacity()) {
            int n = Math.min(ws.capacity(), data.rows() - from);
            sum += n * model.loss(ws, data.features(), from * data.featureWidth(),
                    data.targets(), from * data.targetWidth(), n);
        }
        return sum / data.rows();
    }

    /**
     * Share of rows classified right: argmax of output and target for several outputs; for one
     * output, the output and target on the same side of 0.5.
     */
    public static double accuracy(Mlp model, DataSet data) {
        check(model, data);
        Workspace ws = model.newWorkspace(Math.min(BATCH, data.rows()));
        int k = model.outputWidth();
        long right = 0;
        for (int from = 0; from < data.rows(); from += ws.capacity()) {
            int n = Math.min(ws.capacity(), data.rows() - from);
            model.forward(ws, data.features(), from * data.featureWidth(), n);
            float[] out = ws.output();
            for (int r = 0; r < n; r++) {
                int row = from + r;
                boolean ok;
                if (k == 1) {
                    ok = (out[r] >= 0.5f) == (data.targets()[row] >= 0.5f);
                } else {
                    ok = DataSet.argmax(out, r * k, k) == data.targetClass(row);
                }
                if (ok) {
                    right++;
                }
            }
        }
        return (double) right / data.rows();
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
