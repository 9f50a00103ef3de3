package dev.vecmlp.train;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.optim.Adam;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.optim.OptimizerState;
import dev.vecmlp.optim.Sgd;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link GuardChecks} on the reference and EJML backends, and the settings refused at construction. */
class UpdateGuardTest {

    static List<Kernels> backends() {
        return List.of(Backends.reference(), Backends.ejml());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badRatesChangeNothing(Kernels kernels) {
        GuardChecks.badRatesChangeNothing(kernels);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badScheduleRatesStopBeforeTheStep(Kernels kernels) {
        GuardChecks.badScheduleRatesStopBeforeTheStep(kernels);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void overflowingUpdatesAreRolledBack(Kernels kernels) {
        GuardChecks.overflowingUpdatesAreRolledBack(kernels);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void inconsistentRestoredAdamStateCannotOverflow(Kernels kernels) {
        GuardChecks.inconsistentRestoredAdamStateCannotOverflow(kernels);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aHugeRestoredVelocityCannotOverflow(Kernels kernels) {
        GuardChecks.aHugeRestoredVelocityCannotOverflow(kernels);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void nonFiniteDataChangesNothing(Kernels kernels) {
        GuardChecks.nonFiniteDataChangesNothing(kernels);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theReportTellsTheTruthAboutTheWeights(Kernels kernels) {
        GuardChecks.theReportTellsTheTruthAboutTheWeights(kernels);
    }

    @Test
    void settingsThatAreNotFiniteAsFloat32AreRefusedAtConstruction() {
        // Finite, positive doubles that become infinity, zero or one as float32.
        assertRefused(() -> new Sgd(1e300), "learning rate", "Infinity as float32");
        assertRefused(() -> new Sgd(1e-50), "learning rate", "0.0 as float32");
        assertRefused(() -> new Sgd(0.1, 1e300), "weight decay", "Infinity");
        assertRefused(() -> new Momentum(0.1, 0.99999999), "momentum", "1.0 as float32");
        assertRefused(() -> new Momentum(Double.NaN, 0.9), "learning rate", "NaN");
        assertRefused(() -> new Adam(0.1, 0.9, 0.999, 1e-50, 0, false), "epsilon", "0.0 as float32");
        assertRefused(() -> new Adam(0.1, 0.999999999, 0.999, 1e-8, 0, false), "beta1", "1.0 as float32");
        assertRefused(() -> new Adam(0.1, 0.9, -0.5, 1e-8, 0, false), "beta2", "-0.5");
        assertRefused(() -> Adam.adamW(-1, 0.01), "learning rate", "-1.0");
        assertRefused(() -> new StepOptions(1e300, 0, NonFinitePolicy.STOP, null), "clipping norm", "1.0E300");
        assertRefused(() -> new StepOptions(0, Double.NaN, NonFinitePolicy.STOP, null), "clipping value", "NaN");
        assertRefused(() -> Trainer.builder().clipValue(Double.POSITIVE_INFINITY), "clipping value", "Infinity");
    }

    @Test
    void restoredOptimizerStateMustBeFinite() {
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("velocity", new float[]{0, 1, Float.NaN});
        assertRefused(() -> new Momentum(0.1, 0.9).restore(new OptimizerState("momentum", 3, arrays)),
                "array velocity", "NaN at index 2");
        Map<String, float[]> moments = new LinkedHashMap<>();
        moments.put("m", new float[]{0, 1});
        moments.put("v", new float[]{Float.POSITIVE_INFINITY, 1});
        assertRefused(() -> new Adam(0.1).restore(new OptimizerState("adam", 3, moments)), "array v", "Infinity at index 0");
        moments.put("v", new float[]{1, -2});
        assertRefused(() -> new Adam(0.1).restore(new OptimizerState("adam", 3, moments)), "array v", "-2.0 at index 1");
    }

    private static void assertRefused(Runnable r, String names, String found) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, r::run);
        assertTrue(e.getMessage().contains(names) && e.getMessage().contains(found), e.getMessage());
    }
}
