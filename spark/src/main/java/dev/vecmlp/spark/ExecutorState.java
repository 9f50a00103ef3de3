package dev.vecmlp.spark;

import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Gradients;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an executor JVM keeps between the tasks of a training run, so that a step allocates no
 * model, workspace or buffers: the kernels (one backend per thread count, the process's default
 * backend with {@code kernelThreads} threads) and a pool of {@link Worker}s per run (one per task
 * running at the same time). Only the newest few runs are kept.
 */
final class ExecutorState {
    private static final int RUNS_KEPT = 12;
    private static final Map<Integer, Kernels> KERNELS = new ConcurrentHashMap<>();
    private static final LinkedHashMap<String, ArrayDeque<Worker>> POOLS = new LinkedHashMap<>();

    private ExecutorState() {
    }

    /** The process's backend ({@code Backends.describe()}) with {@code threads} kernel threads. */
    static Kernels kernels(int threads) {
        return KERNELS.computeIfAbsent(threads, t -> Backends.create(Backends.describe().name(), t));
    }

    /** A worker of run {@code runId} (reused when one is free); hand it back with {@link #release}. */
    static Worker acquire(String runId, TrainingConfig config, int in, int out, int capacity) {
        String key = runId + "/" + capacity;
        synchronized (POOLS) {
            ArrayDeque<Worker> pool = POOLS.get(key);
            if (pool != null && !pool.isEmpty()) {
                return pool.pop();
            }
        }
        return new Worker(key, config.newModel(in, out, kernels(config.kernelThreads())), capacity);
    }

    static void release(Worker worker) {
        synchronized (POOLS) {
            POOLS.computeIfAbsent(worker.key, k -> new ArrayDeque<>()).push(worker);
            Iterator<String> it = POOLS.keySet().iterator();
            while (POOLS.size() > RUNS_KEPT && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
    }

    /** A task's model copy and buffers for batches of up to {@code capacity} rows. */
    static final class Worker {
        final String key;
        final Mlp model;
        final Workspace workspace;
        final Gradients gradients;
        final float[] xBatch;
        final float[] yBatch;
        final float[] wBatch;
        int[] order = new int[0];
        int orderPartition = -1;
        int orderEpoch = -1;

        Worker(String key, Mlp model, int capacity) {
            this.key = key;
            this.model = model;
            this.workspace = model.newWorkspace(capacity);
            this.gradients = model.newGradients();
            this.xBatch = new float[capacity * model.inputWidth()];
            this.yBatch = new float[capacity * model.outputWidth()];
            this.wBatch = new float[capacity];
        }

        /** The visiting order of {@code block}'s rows in {@code epoch} (cached for the last one asked). */
        int[] order(Block block, int epoch, BatchPlan plan) {
            if (orderPartition != block.partition || orderEpoch != epoch || order.length != block.rows) {
                if (order.length != block.rows) {
                    order = new int[block.rows];
                }
                plan.orderFor(block.partition, epoch, order);
                orderPartition = block.partition;
                orderEpoch = epoch;
            }
            return order;
        }

        /**
         * Copies rows {@code order[from..to)} of {@code block} (and their sample weights, when the
         * block has them) into the batch buffers; returns the row count.
         */
        int gather(Block block, int[] order, int from, int to) {
            int in = block.featureWidth;
            int out = block.targetWidth;
            for (int r = from; r < to; r++) {
                int src = order[r];
                System.arraycopy(block.x, src * in, xBatch, (r - from) * in, in);
                System.arraycopy(block.y, src * out, yBatch, (r - from) * out, out);
                if (block.w != null) {
                    wBatch[r - from] = block.w[src];
                }
            }
            return to - from;
        }

        /** The sample weights of the last gathered batch ({@code null} when the block has none). */
        float[] batchWeights(Block block) {
            return block.w == null ? null : wBatch;
        }

        /** What the batch of {@code n} rows counts for: the sum of its sample weights, or {@code n}. */
        double batchShare(Block block, int n) {
            if (block.w == null) {
                return n;
            }
            double sum = 0;
            for (int r = 0; r < n; r++) {
                sum += wBatch[r];
            }
            return sum;
        }
    }
}
