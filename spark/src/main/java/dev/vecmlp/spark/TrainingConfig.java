package dev.vecmlp.spark;

import dev.vecmlp.health.HealthConfig;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Adam;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.train.NonFinitePolicy;
import dev.vecmlp.train.StepOptions;

import java.io.Serializable;
import java.util.Locale;

/**
 * The resolved settings of one distributed training run: an estimator's params turned into
 * plain values once on the driver, small and serializable so tasks can rebuild what they need
 * (the network shape, an optimiser, the schedule) without the estimator.
 */
record TrainingConfig(int[] hiddenWidths, Activation[] hiddenActivations, Activation outputActivation, Loss loss,
                      String optimizer, double learningRate, double momentum, double beta1, double beta2,
                      double epsilon, double weightDecay, String schedule, double decayGamma, int decayEveryEpochs,
                      int warmupEpochs, double minLearningRateFactor, int plateauPatience,
                      int batchSize, int epochs, long seed, boolean shuffle, double clipNorm, double clipValue,
                      NonFinitePolicy nonFinite, int maxConsecutiveSkips, int healthEverySteps, double explodingNorm,
                      double validationFraction, TrainingMode mode, int localSteps, int aggregationDepth,
                      int kernelThreads, double[] dropout) implements Serializable {
    private static final long PARTITION_SALT = 0xD1B54A32D192ED03L;
    private static final long ROUND_SALT = 0x9E3779B97F4A7C15L;

    /** A fresh network of this architecture for {@code in} features and {@code out} outputs, seeded by {@link #seed}. */
    Mlp newModel(int in, int out, Kernels kernels) {
        Mlp.Builder b = Mlp.builder(in);
        for (int l = 0; l < hiddenWidths.length; l++) {
            b.hidden(hiddenWidths[l], hiddenActivations[l]);
            if (dropout[l] > 0) {
                b.dropout(dropout[l]);
            }
        }
        return b.output(out, outputActivation).loss(loss).seed(seed).kernels(kernels).build();
    }

    /**
     * The seed of the dropout masks drawn by partition {@code partition} in averaging round
     * {@code round} (0 in sync mode): the run's seed itself for partition 0 in sync mode, so that
     * one partition draws the {@code Trainer}'s masks, and a different one for every other
     * partition and round. Masks depend only on this seed, the step and the layer, so a retried
     * task draws the same ones.
     */
    long dropoutSeed(int partition, long round) {
        return seed ^ (partition * PARTITION_SALT) ^ (round * ROUND_SALT);
    }

    /** A fresh optimiser with no state. */
    Optimizer newOptimizer() {
        switch (optimizer) {
            case "sgd": return new Sgd(learningRate, weightDecay);
            case "momentum": return new Momentum(learningRate, momentum, false, weightDecay);
            case "nesterov": return new Momentum(learningRate, momentum, true, weightDecay);
            case "adam": return new Adam(learningRate, beta1, beta2, epsilon, weightDecay, false);
            case "adamw": return new Adam(learningRate, beta1, beta2, epsilon, weightDecay, true);
            default: throw new IllegalStateException("optimizer " + optimizer);
        }
    }

    LearningRateSchedule newSchedule() {
        switch (schedule) {
            case "constant": return LearningRateSchedule.constant();
            case "step": return LearningRateSchedule.stepDecay(decayEveryEpochs, decayGamma);
            case "exponential": return LearningRateSchedule.exponential(decayGamma);
            case "cosine": return LearningRateSchedule.cosine(warmupEpochs, epochs, minLearningRateFactor);
            case "plateau": return LearningRateSchedule.reduceOnPlateau(decayGamma, plateauPatience, 0,
                    learningRate * minLearningRateFactor);
            default: throw new IllegalStateException("schedule " + schedule);
        }
    }

    /** Health monitoring settings, or null when {@code healthEverySteps} is 0. */
    HealthConfig health() {
        return healthEverySteps == 0 ? null
                : HealthConfig.defaults().withEverySteps(healthEverySteps).withExplodingNorm(explodingNorm);
    }

    StepOptions stepOptions(dev.vecmlp.health.GradientMonitor monitor) {
        return new StepOptions(clipNorm, clipValue, nonFinite, monitor);
    }

    static Activation activation(String name) {
        return Activation.valueOf(name.toUpperCase(Locale.ROOT));
    }

    static Loss loss(String name) {
        return Loss.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
