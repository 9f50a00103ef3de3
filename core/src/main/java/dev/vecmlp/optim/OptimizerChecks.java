package dev.vecmlp.optim;

import dev.vecmlp.errors.InvalidConfigurationException;

import java.util.Set;

/** Argument and state checks shared by the optimisers. */
final class OptimizerChecks {
    private OptimizerChecks() {
    }

    /**
     * A setting that must be finite and {@code > 0} once stored as float32 (a double such as
     * 1e300 or 1e-50 is finite and positive, but becomes infinity or zero as a float).
     */
    static float positiveFloat(String what, double value) {
        float f = (float) value;
        if (!(f > 0) || f == Float.POSITIVE_INFINITY) {
            throw new InvalidConfigurationException(what + ": expected a finite value > 0 (as float32), found " + value
                    + (Double.isFinite(value) && value > 0 ? " (" + f + " as float32)" : ""));
        }
        return f;
    }

    /** As {@link #nonNegative} for a setting stored as float32. */
    static float nonNegativeFloat(String what, double value) {
        nonNegative(what, value);
        float f = (float) value;
        if (f == Float.POSITIVE_INFINITY) {
            throw new InvalidConfigurationException(what + ": expected a finite value >= 0 (as float32), found " + value
                    + " (Infinity as float32)");
        }
        return f;
    }

    /** As {@link #unitInterval} for a setting stored as float32 (0.99999999 rounds to 1 as a float). */
    static float unitIntervalFloat(String what, double value) {
        unitInterval(what, value);
        float f = (float) value;
        if (!(f < 1)) {
            throw new InvalidConfigurationException(what + ": expected a value in [0, 1) (as float32), found " + value
                    + " (" + f + " as float32)");
        }
        return f;
    }

    /**
     * Checks the learning rate handed to an optimiser's update: finite and {@code > 0}. Builds
     * no string unless it throws.
     */
    static void updateRate(String optimizer, float learningRate, long update) {
        if (!(learningRate > 0) || learningRate == Float.POSITIVE_INFINITY) {
            throw new InvalidConfigurationException("learning rate passed to " + optimizer + ".update (update "
                    + (update + 1) + "): expected a finite value > 0, found " + learningRate
                    + "; nothing was changed");
        }
    }

    /** Checks that every value of a restored state array is finite (a forged or damaged state). */
    static void requireFinite(OptimizerState state) {
        state.arrays().forEach((name, values) -> {
            for (int i = 0; i < values.length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new InvalidConfigurationException("optimizer state of kind " + state.kind() + ", array "
                            + name + ": expected finite values, found " + values[i] + " at index " + i);
                }
            }
        });
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
