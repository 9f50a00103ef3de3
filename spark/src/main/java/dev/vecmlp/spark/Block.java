package dev.vecmlp.spark;

import java.io.Serializable;

/**
 * One partition's rows as vecmlp consumes them: row-major float features and targets (one-hot
 * rows for classification), converted from Spark rows once and cached, so no training step
 * touches a {@code Row} again. Rows that the validation split holds out sit in their own arrays.
 * The block also carries what was wrong with its input (counted, with the first example), so
 * the driver can reject bad data with one clear message before training starts. With a weight
 * column each row's sample weight is kept beside it ({@code w}, {@code validationW}; null without).
 */
final class Block implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final int featureWidth;
    final int targetWidth;
    final int rows;
    final float[] x;
    final float[] y;
    final float[] w;
    final int validationRows;
    final float[] validationX;
    final float[] validationY;
    final float[] validationW;
    final DataProblems problems;

    Block(int partition, int featureWidth, int targetWidth, int rows, float[] x, float[] y, float[] w,
          int validationRows, float[] validationX, float[] validationY, float[] validationW, DataProblems problems) {
        this.partition = partition;
        this.featureWidth = featureWidth;
        this.targetWidth = targetWidth;
        this.rows = rows;
        this.x = x;
        this.y = y;
        this.w = w;
        this.validationRows = validationRows;
        this.validationX = validationX;
        this.validationY = validationY;
        this.validationW = validationW;
        this.problems = problems;
    }

    /** What the driver needs to know of the block: its sizes and problems, without the data. */
    Summary summary() {
        return new Summary(partition, rows, validationRows, problems);
    }

    record Summary(int partition, int rows, int validationRows, DataProblems problems) implements Serializable {
    }
}
