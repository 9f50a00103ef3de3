package dev.vecmlp.optim;

import dev.vecmlp.errors.InvalidConfigurationException;

import java.util.List;

/**
 * The learning rate of each step, as a pure function of where training is: the global step
 * (0-based, counting every batch of every epoch), the epoch (0-based), the number of steps per
 * epoch, and the history of the monitored loss at the end of each completed epoch (validation
 * loss when there is validation data, else training loss). Because the rate depends on nothing
 * else, a run resumed at an epoch boundary gets exactly the rates the uninterrupted run got.
 *
 * <p>The trainer calls {@link #rate} once per step; implementations must not allocate.
 */
@FunctionalInterface
public interface LearningRateSchedule {

    /**
     * The learning rate for a step.
     *
     * @param baseRate      the optimiser's base learning rate
     * @param step          0-based global step (batch) index
     * @param epoch         0-based epoch index
     * @param stepsPerEpoch batches per epoch (at least 1)
     * @param history       the monitored loss of each completed epoch, oldest first
     */
    double rate(double baseRate, long step, int epoch, int stepsPerEpoch, List<Double> history);

    /** The base rate throughout. */
    static LearningRateSchedule constant() {
        return new Constant();
    }

    /** {@code base * gamma^floor(epoch / everyEpochs)} (PyTorch's {@code StepLR}, stepped per epoch). */
    static LearningRateSchedule stepDecay(int everyEpochs, double gamma) {
        return new StepDecay(everyEpochs, gamma);
    }

    /** {@code base * gamma^epoch} (PyTorch's {@code ExponentialLR}, stepped per epoch). */
    static LearningRateSchedule exponential(double gamma) {
        return new Exponential(gamma);
    }

    /**
     * Linear warm-up over the first {@code warmupEpochs} epochs (per step, from {@code base/W}
     * to {@code base}), then cosine annealing per step down to {@code base * minFactor} at the
     * end of epoch {@code totalEpochs}, and {@code base * minFactor} after that.
     */
    static LearningRateSchedule cosine(int warmupEpochs, int totalEpochs, double minFactor) {
        return new Cosine(warmupEpochs, totalEpochs, minFactor);
    }

    /**
     * PyTorch's {@code ReduceLROnPlateau} (mode min, absolute threshold, no cool-down): the
     * rate is multiplied by {@code factor} each time the monitored loss has not improved on its
     * best by more than {@code minDelta} for more than {@code patience} epochs in a row, and
     * never goes below {@code minRate}. Replayed from the history, so it is a pure function.
     */
    static LearningRateSchedule reduceOnPlateau(double factor, int patience, double minDelta, double minRate) {
        return new ReduceOnPlateau(factor, patience, minDelta, minRate);
    }

    /** See {@link #constant()}. */
    record Constant() implements LearningRateSchedule {
        @Override
        public double rate(double baseRate, long step, int epoch, int stepsPerEpoch, List<Double> history) {
            return baseRate;
        }
    }

    /** See {@link #stepDecay(int, double)}. */
    record StepDecay(int everyEpochs, double gamma) implements LearningRateSchedule {
        public StepDecay {
            InvalidConfigurationException.requirePositive("step decay period (epochs)", everyEpochs);
            InvalidConfigurationException.requirePositive("step decay gamma", gamma);
        }

        @Override
        public double rate(double baseRate, long step, int epoch, int stepsPerEpoch, List<Double> history) {
            return baseRate * Math.pow(gamma, epoch / everyEpochs);
        }
    }

    /** See {@link #exponential(double)}. */
    record Exponential(double gamma) implements LearningRateSchedule {
        public Exponential {
            InvalidConfigurationException.requirePositive("exponential decay gamma", gamma);
        }

        @Override
        public double rate(double baseRate, long step, int epoch, int stepsPerEpoch, List<Double> history) {
            return baseRate * Math.pow(gamma, epoch);
        }
    }

    /** See {@link #cosine(int, int, double)}. */
    record Cosine(int warmupEpochs, int totalEpochs, double minFactor) implements LearningRateSchedule {
        public Cosine {
            if (warmupEpochs < 0) {
                throw new InvalidConfigurationException("cosine warm-up epochs: expected >= 0, found " + warmupEpochs);
            }
            InvalidConfigurationException.requirePositive("cosine total epochs", totalEpochs);
            if (warmupEpochs >= totalEpochs) {
                throw new InvalidConfigurationException("cosine warm-up epochs: expected fewer than the total "
                        + totalEpochs + ", found " + warmupEpochs);
            }
            if (!(minFactor >= 0 && minFactor <= 1)) {
                throw new InvalidConfigurationException("cosine minimum factor: expected a value in [0, 1], found " + minFactor);
            }
        }

        @Override
        public double rate(double baseRate, long step, int epoch, int stepsPerEpoch, List<Double> history) {
            long warmup = (long) warmupEpochs * stepsPerEpoch;
            if (step < warmup) {
                return baseRate * (step + 1) / warmup;
            }
            long total = (long) totalEpochs * stepsPerEpoch;
            double progress = Math.min(1.0, (double) (step - warmup) / (total - warmup));
            return baseRate * (minFactor + (1 - minFactor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
        }
    }

    /** See {@link #reduceOnPlateau(double, int, double, double)}. */
    record ReduceOnPlateau(double factor, int patience, double minDelta, double minRate) implements LearningRateSchedule {
        public ReduceOnPlateau {
            if (!(factor > 0 && factor < 1)) {
                throw new InvalidConfigurationException("plateau factor: expected a value in (0, 1), found " + factor);
            }
            if (patience < 0) {
                throw new InvalidConfigurationException("plateau patience: expected >= 0, found " + patience);
            }
            if (!(minDelta >= 0) || !(minRate >= 0)) {
                throw new InvalidConfigurationException("plateau minDelta and minRate: expected >= 0, found "
                        + minDelta + " and " + minRate);
            }
        }

        @Override
        public double rate(double baseRate, long step, int epoch, int stepsPerEpoch, List<Double> history) {
            double rate = baseRate;
            double best = Double.POSITIVE_INFINITY;
            int bad = 0;
            for (int i = 0, n = history.size(); i < n; i++) {
                double value = history.get(i);
                if (value < best - minDelta) {
                    best = value;
                    bad = 0;
                } else if (++bad > patience) {
                    rate = Math.max(rate * factor, minRate);
                    bad = 0;
                }
            }
            return rate;
        }
    }
}
