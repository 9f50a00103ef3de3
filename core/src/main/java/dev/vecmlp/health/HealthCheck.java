package dev.vecmlp.health;

/**
 * The statistics of one check, per layer (index 0 = first hidden layer).
 *
 * @param step               the training step (1-based)
 * @param gradientNorms      L2 norm of each layer's gradient (weights and biases) as applied,
 *                           after any clipping
 * @param weightNorms        L2 (Frobenius) norm of each layer's weights before the update
 * @param updateRatios       {@code ||lr * update|| / ||w||} of each layer's weights: the size
 *                           of the step the optimiser actually took, relative to the weights
 * @param inactiveShares     share of each layer's units inactive for every row of the batch:
 *                           dead ReLUs (output 0), saturated sigmoid or tanh units; 0 for linear
 *                           and softmax layers
 * @param globalGradientNorm L2 norm of the whole gradient before clipping
 */
public record HealthCheck(long step, double[] gradientNorms, double[] weightNorms, double[] updateRatios,
                          double[] inactiveShares, double globalGradientNorm) {
}
