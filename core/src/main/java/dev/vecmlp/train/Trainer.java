package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.ShapeMismatchException;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.optim.Sgd;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Mini-batch stochastic gradient descent over epochs of shuffled data. Batch size 1 is pure
 * (per-sample) SGD. With the same seed, data, model and backend, two runs end with
 * bit-identical weights.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder().learningRate(0.1).batchSize(32).epochs(10).seed(7).build();
 * List<EpochReport> history = trainer.fit(model, data);
 * }</pre>
 */
public final class Trainer {
    private final Optimizer optimizer;
    private final int batchSize;
    private final int epochs;
    private final long seed;
    private final boolean shuffle;
    private final List<TrainingListener> listeners;

    private Trainer(Builder b) {
        this.optimizer = b.optimizer;
        this.batchSize = b.batchSize;
        this.epochs = b.epochs;
        this.seed = b.seed;
        this.shuffle = b.shuffle;
        this.listeners = List.copyOf(b.listeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public int batchSize() {
        return batchSize;
    }

    public int epochs() {
        return epochs;
    }

    /**
     * Trains {@code model} on {@code data} in place and returns one report per epoch.
     *
     * @throws ShapeMismatchException    when the data's widths do not match the model's
     * @throws TrainingDivergedException when a step's loss or gradient is not finite (the
     *                                   weights keep their last finite values)
     */
    public List<EpochReport> fit(Mlp model, DataSet data) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        if (data.featureWidth() != model.inputWidth()) {
            throw ShapeMismatchException.of("data feature width (model input width)", model.inputWidth(), data.featureWidth());
        }
        if (data.targetWidth() != model.outputWidth()) {
            throw ShapeMismatchException.of("data target width (model output width)", model.outputWidth(), data.targetWidth());
        }
        int rows = data.rows();
        int batch = Math.min(batchSize, rows);
        int in = data.featureWidth();
        int out = data.targetWidth();
        TrainingStep step = new TrainingStep(model, optimizer, batch);
        float[] xBatch = new float[batch * in];
        float[] yBatch = new float[batch * out];
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<EpochReport> history = new ArrayList<>(epochs);
        float[] x = data.features();
        float[] y = data.targets();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long start = System.nanoTime();
            if (shuffle) {
                shuffle(order, random);
            }
            double lossSum = 0;
            for (int from = 0; from < rows; from += batch) {
                int n = Math.min(batch, rows - from);
                for (int r = 0; r < n; r++) {
                    int src = order[from + r];
                    System.arraycopy(x, src * in, xBatch, r * in, in);
                    System.arraycopy(y, src * out, yBatch, r * out, out);
                }
                double loss = step.step(xBatch, 0, yBatch, 0, n);
                lossSum += loss * n;
                for (TrainingListener listener : listeners) {
                    listener.onStep(step.steps(), loss);
                }
            }
            EpochReport report = new EpochReport(epoch, lossSum / rows, rows, (System.nanoTime() - start) / 1e9);
            history.add(report);
            for (TrainingListener listener : listeners) {
                listener.onEpochEnd(report);
            }
        }
        return Collections.unmodifiableList(history);
    }

    /** Fisher-Yates shuffle in place. */
    static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** Builds a {@link Trainer}. Defaults: SGD lr 0.01, batch 32, 10 epochs, seed 42, shuffled. */
    public static final class Builder {
        private Optimizer optimizer = new Sgd(0.01);
        private int batchSize = 32;
        private int epochs = 10;
        private long seed = 42;
        private boolean shuffle = true;
        private final List<TrainingListener> listeners = new ArrayList<>();

        private Builder() {
        }

        /** Plain SGD with this learning rate. */
        public Builder learningRate(double learningRate) {
            this.optimizer = new Sgd(learningRate);
            return this;
        }

        public Builder optimizer(Optimizer optimizer) {
            this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
            return this;
        }

        /** Rows per step; 1 is per-sample SGD. */
        public Builder batchSize(int batchSize) {
            this.batchSize = InvalidConfigurationException.requirePositive("batch size", batchSize);
            return this;
        }

        public Builder epochs(int epochs) {
            this.epochs = InvalidConfigurationException.requirePositive("epochs", epochs);
            return this;
        }

        /** Seed of the shuffling order. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether each epoch visits the rows in a fresh random order (default true). */
        public Builder shuffle(boolean shuffle) {
            this.shuffle = shuffle;
            return this;
        }

        public Builder listener(TrainingListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        public Trainer build() {
            return new Trainer(this);
        }
    }
}
