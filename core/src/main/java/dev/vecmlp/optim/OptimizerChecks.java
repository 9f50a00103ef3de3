package dev.vecmlp.optim;

import dev.vecmlp.errors.InvalidConfigurationException;

import java.util.Set;

/** Argument and state checks shared by the optimisers. */
final class OptimizerChecks {
    private OptimizerChecks() {
    }

    static double nonNegative(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new InvalidConfigurationException(what + ": expected a finite value >= 0, found " + value);
        }
        return value;
    }

    /** Throws unless {@code 0 <= value < 1}. */
    static double unitInterval(String what, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new InvalidConfigurationException(what + ": expected a value in [0, 1), found " + value);
        }
        return value;
    }

    static void requireKind(OptimizerState state, String kind) {
        if (!kind.equals(state.kind())) {
            throw new InvalidConfigurationException("optimizer state: expected the state of this optimizer, " + kind
                    + ", found the state of optimizer " + state.kind()
                    + " (a checkpoint written with another optimizer cannot resume this one)");
        }
    }

    /**
     * Checks that a snapshot holds exactly the named arrays, all of one length, and returns that
     * length (or -1 when the snapshot holds no arrays: taken before the first update).
     */
    static int requireArrays(OptimizerState state, String... names) {
        if (state.arrays().isEmpty()) {
            return -1;
        }
        if (!state.arrays().keySet().equals(Set.of(names))) {
            throw new InvalidConfigurationException("optimizer state of kind " + state.kind() + ": expected arrays "
                    + Set.of(names) + ", found " + state.arrays().keySet());
        }
        int len = state.arrays().get(names[0]).length;
        for (String name : names) {
            if (state.arrays().get(name).length != len) {
                throw new InvalidConfigurationException("optimizer state array " + name + ": expected length " + len
                        + ", found " + state.arrays().get(name).length);
            }
        }
        return len;
    }

    /** Checks that the state arrays (when present) fit the parameter vector being updated. */
    static void requireLength(String kind, float[] stateArray, int len) {
        if (stateArray.length != len) {
            throw new InvalidConfigurationException(kind + " state: expected arrays for " + len
                    + " parameters, found " + stateArray.length + " (restored from another model?)");
        }
    }
}
