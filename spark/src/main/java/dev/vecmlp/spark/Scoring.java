package dev.vecmlp.spark;

import dev.vecmlp.inference.Predictor;
import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.io.ModelFormatException;
import dev.vecmlp.model.Mlp;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Scores one partition: reads up to {@code chunkRows} rows, copies their feature vectors into one
 * float array, calls {@link Predictor#predictRawBatch} once for the chunk, and emits each row with
 * the appended columns. The network comes from a broadcast model file, parsed once per executor JVM
 * (a small cache keyed by broadcast id), with the process's backend at {@code kernelThreads} threads.
 */
final class Scoring implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private static final int PREDICTORS_KEPT = 8;
    private static final Map<Long, Predictor> PREDICTORS = new LinkedHashMap<>();

    /** Turns one row's raw outputs into the appended column values. */
    interface Output extends Serializable {
        int columns();

        void fill(float[] raw, int off, int width, Object[] values, int at);
    }

    private final Broadcast<byte[]> model;
    private final int featureIndex;
    private final int in;
    private final int out;
    private final int chunkRows;
    private final int kernelThreads;
    private final Output output;
    private final String featuresCol;

    Scoring(Broadcast<byte[]> model, int featureIndex, int in, int out, int chunkRows, int kernelThreads, Output output,
            String featuresCol) {
        this.model = model;
        this.featureIndex = featureIndex;
        this.in = in;
        this.out = out;
        this.chunkRows = chunkRows;
        this.kernelThreads = kernelThreads;
        this.output = output;
        this.featuresCol = featuresCol;
    }

    private Predictor predictor() {
        synchronized (PREDICTORS) {
            Predictor p = PREDICTORS.get(model.id());
            if (p == null) {
                Mlp network;
                try {
                    network = ModelFiles.fromBytes(model.value()).model();
                } catch (ModelFormatException e) {
                    throw new IllegalStateException("broadcast vecmlp model could not be read: " + e.getMessage(), e);
                }
                network.useKernels(ExecutorState.kernels(kernelThreads));
                p = Predictor.of(network);
                PREDICTORS.put(model.id(), p);
                Iterator<Long> it = PREDICTORS.keySet().iterator();
                while (PREDICTORS.size() > PREDICTORS_KEPT && it.hasNext()) {
                    it.next();
                    it.remove();
                }
            }
            return p;
        }
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        Predictor predictor = predictor();
        return new Iterator<>() {
            private final List<Row> chunk = new ArrayList<>(chunkRows);
            private final float[] x = new float[chunkRows * in];
            private final float[] raw = new float[chunkRows * out];
            private final int[] slot = new int[chunkRows];
            private int next;
            private long seen;

            @Override
            public boolean hasNext() {
                if (next < chunk.size()) {
                    return true;
                }
                fill();
                return next < chunk.size();
            }

            private void fill() {
                chunk.clear();
                next = 0;
                int scored = 0;
                while (chunk.size() < chunkRows && rows.hasNext()) {
                    Row row = rows.next();
                    int i = chunk.size();
                    chunk.add(row);
                    if (row.isNullAt(featureIndex)) {
                        slot[i] = -1;
                    } else {
                        Vector v = (Vector) row.get(featureIndex);
                        if (v.size() != in) {
                            throw new IllegalArgumentException("features column '" + featuresCol + "': expected vectors of "
                                    + in + " values, found " + v.size() + " in row " + (seen + i) + " of this partition");
                        }
                        DataBlocks.copyFeatures(v, x, scored * in);
                        slot[i] = scored++;
                    }
                }
                seen += chunk.size();
                if (scored > 0) {
                    predictor.predictRawBatch(x, 0, scored, raw, 0);
                }
            }

            @Override
            public Row next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                Row row = chunk.get(i);
                chunk.set(i, null);
                int width = row.length();
                Object[] values = new Object[width + output.columns()];
                for (int c = 0; c < width; c++) {
                    values[c] = row.get(c);
                }
                if (slot[i] >= 0) {
                    output.fill(raw, slot[i] * out, out, values, width);
                }
                return RowFactory.create(values);
            }
        };
    }
}
