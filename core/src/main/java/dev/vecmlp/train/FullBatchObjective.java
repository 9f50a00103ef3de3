package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Gradients;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;
import dev.vecmlp.optim.Lbfgs;

/**
 * The loss of a model over a whole data set and its gradient, for {@link Lbfgs}: the data is
 * run in chunks of at most {@code chunkRows} rows (memory stays bounded), and the chunks' mean
 * losses and gradients are combined with each chunk's share of the rows (or of the row
 * weights), so the result is the mean (or weighted mean) over all rows whatever the chunk size.
 * Buffers are allocated once; an evaluation allocates nothing.
 */
final class FullBatchObjective implements Lbfgs.Objective {
    private final Mlp model;
    private final DataSet data;
    private final float[] rowWeights;
    private final Workspace workspace;
    private final Gradients chunk;
    private final int chunkRows;
    private final double totalWeight;

    FullBatchObjective(Mlp model, DataSet data, float[] rowWeights, int chunkRows) {
        this.model = model;
        this.data = data;
        this.rowWeights = rowWeights;
        this.chunkRows = Math.min(chunkRows, data.rows());
        this.workspace = model.newWorkspace(this.chunkRows);
        this.chunk = model.newGradients();
        double total = data.rows();
        if (rowWeights != null) {
            total = 0;
            for (float w : rowWeights) {
                total += w;
            }
        }
        this.totalWeight = total;
    }

    @Override
    public double evaluate(float[] params, float[] gradient) {
        float[] own = model.parameters();
        if (params != own) {
            System.arraycopy(params, 0, own, 0, own.length);
        }
        Kernels k = model.kernels();
        int in = data.featureWidth();
        int out = data.targetWidth();
        int rows = data.rows();
        double loss = 0;
        for (int from = 0; from < rows; from += chunkRows) {
            int n = Math.min(chunkRows, rows - from);
            double chunkLoss = model.computeGradients(workspace, data.features(), from * in, data.targets(), from * out,
                    rowWeights, from, n, chunk);
            double share = n;
            if (rowWeights != null) {
                share = 0;
                for (int r = 0; r < n; r++) {
                    share += rowWeights[from + r];
                }
            }
            float fraction = (float) (share / totalWeight);
            if (from == 0) {
                System.arraycopy(chunk.values(), 0, gradient, 0, gradient.length);
                if (n < rows) {
                    k.scale(gradient.length, fraction, gradient, 0);
                }
            } else {
                k.axpy(gradient.length, fraction, chunk.values(), 0, gradient, 0);
            }
            loss += chunkLoss * (share / totalWeight);
        }
        return loss;
    }
}
