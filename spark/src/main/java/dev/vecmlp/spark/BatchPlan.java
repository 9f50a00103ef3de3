package dev.vecmlp.spark;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Which rows each partition contributes to each step, a pure function of the seed, the epoch and
 * the partition sizes, so every task (and every retry of it) agrees without talking to the others.
 *
 * <p>Each partition visits its rows in its own seeded order per epoch: Fisher-Yates with the
 * single-machine {@code Trainer}'s generator, {@code SplittableRandom(seed ^ epoch * 0x9E3779B97F4A7C15L)},
 * additionally mixed with the partition index for partitions other than 0. Global step {@code s}
 * of an epoch covers, in partition {@code p} of {@code n_p} rows out of {@code N}, the rows at
 * positions {@code [floor(s B n_p / N), floor(min((s+1) B, N) n_p / N))} of that order: a
 * stratified global batch of about {@code B} rows, every row once per epoch, and on a single
 * partition exactly the {@code Trainer}'s batches {@code [sB, min((s+1)B, N))}.
 */
final class BatchPlan implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long EPOCH_SALT = 0x9E3779B97F4A7C15L;
    private static final long PARTITION_SALT = 0xD1B54A32D192ED03L;

    private final long seed;
    private final boolean shuffle;
    private final long totalRows;
    private final int batch;

    BatchPlan(long seed, boolean shuffle, long totalRows, int batchSize) {
        this.seed = seed;
        this.shuffle = shuffle;
        this.totalRows = totalRows;
        this.batch = (int) Math.min(batchSize, totalRows);
    }

    /** The global batch size (the batch size, or all rows when there are fewer). */
    int batch() {
        return batch;
    }

    int stepsPerEpoch() {
        return (int) ((totalRows + batch - 1) / batch);
    }

    /** Largest slice any partition can get in one step. */
    int maxSlice() {
        return batch + 1;
    }

    /** First position (in the partition's order) of step {@code step}'s slice; {@code step} may equal stepsPerEpoch. */
    long sliceStart(int step, long partitionRows) {
        long globalFrom = Math.min((long) step * batch, totalRows);
        return Math.floorDiv(globalFrom * partitionRows, totalRows);
    }

    void orderFor(int partition, int epoch, int[] order) {
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            long mixed = seed ^ (epoch * EPOCH_SALT);
            if (partition != 0) {
                mixed ^= partition * PARTITION_SALT;
            }
            SplittableRandom random = new SplittableRandom(mixed);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
    }
}
