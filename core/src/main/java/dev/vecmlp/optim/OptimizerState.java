package dev.vecmlp.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of an optimiser's state for checkpoints: its kind (e.g. {@code "sgd"},
 * {@code "momentum"}, {@code "adam"}), the number of updates it has applied, and its named
 * state arrays (e.g. {@code "velocity"}, {@code "m"}, {@code "v"}), each as long as the
 * parameter vector. The arrays are copies: the snapshot does not change with training.
 */
public record OptimizerState(String kind, long updates, Map<String, float[]> arrays) {
    public OptimizerState {
        Objects.requireNonNull(kind, "kind");
        if (updates < 0) {
            throw new dev.vecmlp.errors.InvalidConfigurationException("optimizer state updates: expected >= 0, found "
                    + updates);
        }
        Map<String, float[]> copy = new LinkedHashMap<>();
        arrays.forEach((name, values) -> copy.put(Objects.requireNonNull(name), values.clone()));
        arrays = java.util.Collections.unmodifiableMap(copy);
    }
}
