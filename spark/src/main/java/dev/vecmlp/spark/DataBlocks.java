package dev.vecmlp.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Turns a DataFrame's features and label columns into one cached {@link Block} per partition,
 * checking every row on the way (vector present, of the expected width, finite; label present and
 * valid), and rejects the data on the driver, before any training job, when a row is unusable.
 */
final class DataBlocks {
    private static final long SPLIT_SALT = 0x5851F42D4C957F2DL;
    private static final long PARTITION_SALT = 0xBF58476D1CE4E5B9L;

    private DataBlocks() {
    }

    /** How a label becomes a target row, and what a valid label is. */
    interface LabelRule extends Serializable {
        int width();

        /** Writes the target of {@code label} at {@code y[off]}; false when the label is invalid. */
        boolean target(double label, float[] y, int off);

        /** What a valid label is, for messages. */
        String expectation();
    }

    /** Classes {@code 0..k-1} as one-hot rows. */
    record ClassLabels(int classes) implements LabelRule {
        @Override
        public int width() {
            return classes;
        }

        @Override
        public boolean target(double label, float[] y, int off) {
            if (!(label >= 0 && label < classes) || label != Math.rint(label)) {
                return false;
            }
            Arrays.fill(y, off, off + classes, 0f);
            y[off + (int) label] = 1f;
            return true;
        }

        @Override
        public String expectation() {
            return "a whole number in [0, " + (classes - 1) + "] (numClasses " + classes + ")";
        }
    }

    /** A finite real target. */
    record RealLabels() implements LabelRule {
        @Override
        public int width() {
            return 1;
        }

        @Override
        public boolean target(double label, float[] y, int off) {
            y[off] = (float) label;
            return Double.isFinite(label) && Math.abs(label) <= Float.MAX_VALUE;
        }

        @Override
        public String expectation() {
            return "a finite number";
        }
    }

    /** The cached blocks and their summaries (partition order). */
    record Prepared(JavaRDD<Block> blocks, List<Block.Summary> summaries, long rows, long validationRows, boolean weighted) {
        void release() {
            blocks.unpersist(false);
        }
    }

    /**
     * Converts and caches; throws {@link IllegalArgumentException} naming the columns, counts and
     * first examples when rows are unusable (the cache is released then).
     */
    static Prepared prepare(Dataset<?> dataset, String featuresCol, String labelCol, String weightCol, int width,
                            LabelRule labels, double validationFraction, long seed, int partitions) {
        boolean weighted = !weightCol.isEmpty();
        Dataset<Row> selected = weighted ? dataset.select(featuresCol, labelCol, weightCol)
                : dataset.select(featuresCol, labelCol);
        JavaRDD<Row> rows = selected.toJavaRDD();
        if (partitions > 0 && partitions != rows.getNumPartitions()) {
            rows = rows.repartition(partitions);
        }
        JavaRDD<Block> blocks = rows.mapPartitionsWithIndex(new Convert(width, labels, weighted, validationFraction, seed), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        blocks.setName("vecmlp training blocks (" + featuresCol + ", " + labelCol + ")");
        List<Block.Summary> summaries = blocks.map(Block::summary).collect();
        DataProblems all = new DataProblems();
        long total = 0;
        long held = 0;
        for (Block.Summary s : summaries) {
            all.merge(s.problems());
            total += s.rows();
            held += s.validationRows();
        }
        if (!all.isEmpty()) {
            blocks.unpersist(false);
            throw new IllegalArgumentException(all.describe(featuresCol, labelCol, weightCol, width, labels.expectation()));
        }
        if (total == 0) {
            blocks.unpersist(false);
            throw new IllegalArgumentException("dataset: expected at least one training row, found "
                    + (held == 0 ? "none" : "only the " + held + " held out for validation"));
        }
        return new Prepared(blocks, summaries, total, held, weighted);
    }

    /** Copies one feature vector into {@code x[off]}; false when a value is not finite. */
    static boolean copyFeatures(Vector v, float[] x, int off) {
        boolean finite = true;
        if (v instanceof DenseVector d) {
            double[] values = d.values();
            for (int j = 0; j < values.length; j++) {
                float f = (float) values[j];
                finite &= Float.isFinite(f);
                x[off + j] = f;
            }
        } else {
            SparseVector s = (SparseVector) v;
            Arrays.fill(x, off, off + s.size(), 0f);
            int[] idx = s.indices();
            double[] values = s.values();
            for (int j = 0; j < idx.length; j++) {
                float f = (float) values[j];
                finite &= Float.isFinite(f);
                x[off + idx[j]] = f;
            }
        }
        return finite;
    }

    /** The per-partition conversion (runs on executors). */
    private static final class Convert implements Function2<Integer, Iterator<Row>, Iterator<Block>> {
        private static final long serialVersionUID = 1L;
        private final int width;
        private final LabelRule labels;
        private final boolean weighted;
        private final double validationFraction;
        private final long seed;

        Convert(int width, LabelRule labels, boolean weighted, double validationFraction, long seed) {
            this.width = width;
            this.labels = labels;
            this.weighted = weighted;
            this.validationFraction = validationFraction;
            this.seed = seed;
        }

        @Override
        public Iterator<Block> call(Integer partition, Iterator<Row> rows) {
            int out = labels.width();
            FloatList x = new FloatList(width);
            FloatList y = new FloatList(out);
            FloatList vx = new FloatList(width);
            FloatList vy = new FloatList(out);
            float[] rowX = new float[width];
            float[] rowY = new float[out];
            float[] rowW = new float[1];
            FloatList w = weighted ? new FloatList(1) : null;
            FloatList vw = weighted ? new FloatList(1) : null;
            DataProblems problems = new DataProblems();
            SplittableRandom split = new SplittableRandom(seed ^ SPLIT_SALT ^ (partition * PARTITION_SALT));
            long index = 0;
            while (rows.hasNext()) {
                Row row = rows.next();
                String where = "row " + index + " of partition " + partition;
                index++;
                boolean ok = true;
                if (row.isNullAt(0)) {
                    problems.add(DataProblems.Kind.NULL_FEATURES, where);
                    ok = false;
                } else {
                    Vector v = (Vector) row.get(0);
                    if (v.size() != width) {
                        problems.add(DataProblems.Kind.WRONG_WIDTH, where + " has " + v.size() + " values");
                        ok = false;
                    } else if (!copyFeatures(v, rowX, 0)) {
                        problems.add(DataProblems.Kind.NON_FINITE_FEATURES, where);
                        ok = false;
                    }
                }
                if (row.isNullAt(1)) {
                    problems.add(DataProblems.Kind.NULL_LABEL, where);
                    ok = false;
                } else {
                    double label = ((Number) row.get(1)).doubleValue();
                    if (!labels.target(label, rowY, 0)) {
                        problems.add(DataProblems.Kind.BAD_LABEL, where + " has " + label);
                        ok = false;
                    }
                }
                if (weighted) {
                    if (row.isNullAt(2)) {
                        problems.add(DataProblems.Kind.NULL_WEIGHT, where);
                        ok = false;
                    } else {
                        double weight = ((Number) row.get(2)).doubleValue();
                        rowW[0] = (float) weight;
                        if (!(rowW[0] > 0) || !Float.isFinite(rowW[0])) {
                            problems.add(DataProblems.Kind.BAD_WEIGHT, where + " has " + weight);
                            ok = false;
                        }
                    }
                }
                // The split draws once per row, valid or not, so it depends on the row's position alone.
                boolean toValidation = validationFraction > 0 && split.nextDouble() < validationFraction;
                if (ok && problems.isEmpty()) {
                    (toValidation ? vx : x).add(rowX);
                    (toValidation ? vy : y).add(rowY);
                    if (weighted) {
                        (toValidation ? vw : w).add(rowW);
                    }
                }
            }
            if (!problems.isEmpty()) {
                x = new FloatList(width);
                y = new FloatList(out);
                vx = new FloatList(width);
                vy = new FloatList(out);
                w = weighted ? new FloatList(1) : null;
                vw = weighted ? new FloatList(1) : null;
            }
            Block block = new Block(partition, width, out, x.rows(), x.toArray(), y.toArray(),
                    w == null ? null : w.toArray(), vx.rows(), vx.toArray(), vy.toArray(),
                    vw == null ? null : vw.toArray(), problems);
            return Collections.singletonList(block).iterator();
        }
    }

    /** A growable float array of fixed-width rows. */
    private static final class FloatList {
        private final int width;
        private float[] values = new float[0];
        private int size;

        FloatList(int width) {
            this.width = width;
        }

        void add(float[] row) {
            if (size + width > values.length) {
                long grown = Math.max(16L * width, values.length * 2L);
                if (grown > Integer.MAX_VALUE - 16) {
                    grown = Integer.MAX_VALUE - 16;
                    if (size + width > grown) {
                        throw new IllegalStateException("a partition holds more than " + (grown / width)
                                + " rows of " + width + " features (one Java array); repartition into more partitions");
                    }
                }
                values = Arrays.copyOf(values, (int) grown);
            }
            System.arraycopy(row, 0, values, size, width);
            size += width;
        }

        int rows() {
            return width == 0 ? 0 : size / width;
        }

        float[] toArray() {
            return values.length == size ? values : Arrays.copyOf(values, size);
        }
    }
}
