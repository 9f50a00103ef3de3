package dev.vecmlp.spark;

/**
 * How {@link VecmlpClassifier} and {@link VecmlpRegressor} train on a cluster.
 *
 * <ul>
 *   <li>{@link #SYNC} (the default): synchronous data-parallel mini-batch gradient descent. Each
 *       step every partition computes the summed gradient of its share of the global batch, Spark
 *       sums them with {@code treeAggregate}, and the driver applies the optimiser. It is the same
 *       algorithm as the single-machine {@code Trainer} (on one partition, the same batches and
 *       weights), so recipes, learning rates and accuracy carry over unchanged; the price is
 *       one Spark job per step.</li>
 *   <li>{@link #AVERAGING}: local SGD with periodic model averaging. Each partition trains its own
 *       copy on its shard for {@code localSteps} steps (or one local epoch), then the copies are
 *       averaged, weighted by the rows each saw. One job per round instead of per step: much
 *       less communication on real clusters, at some cost in accuracy per epoch.</li>
 * </ul>
 */
public enum TrainingMode {
    SYNC,
    AVERAGING
}
