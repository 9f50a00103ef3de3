package dev.vecmlp.spark;

import java.io.Serializable;

/**
 * What tasks send back and {@code treeAggregate} adds up: a float vector (the summed gradient in
 * sync mode, the weighted weights when averaging), the loss summed over the rows (times each
 * row's sample weight), right answers and absolute errors, the row count and the sum of the
 * sample weights (the row count without weights), the same right answers and errors weighted
 * (validation),  skipped local steps, and the slowest task's compute time.
 * The zero value carries no vector, so it costs nothing to ship; merging adds into the first
 * argument, as Spark allows.
 */
final class PartialSum implements Serializable {
    private static final long serialVersionUID = 1L;

    float[] values;
    double loss;
    long rows;
    double weight;
    double weightedRight;
    double weightedAbsErrors;
    long right;
    double absErrors;
    long steps;
    long skipped;
    long computeNanos;

    static PartialSum merge(PartialSum a, PartialSum b) {
        if (a.values == null) {
            a.values = b.values;
        } else if (b.values != null) {
            float[] x = a.values;
            float[] y = b.values;
            for (int i = 0; i < x.length; i++) {
                x[i] += y[i];
            }
        }
        a.loss += b.loss;
        a.rows += b.rows;
        a.weight += b.weight;
        a.weightedRight += b.weightedRight;
        a.weightedAbsErrors += b.weightedAbsErrors;
        a.right += b.right;
        a.absErrors += b.absErrors;
        a.steps += b.steps;
        a.skipped += b.skipped;
        a.computeNanos = Math.max(a.computeNanos, b.computeNanos);
        return a;
    }
}
