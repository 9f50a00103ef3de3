package dev.vecmlp.simd;

import dev.vecmlp.train.GuardChecks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Core's {@link GuardChecks} (bad rates, overflowing updates, non-finite data) on the SIMD backend. */
class SimdUpdateGuardTest {
    private static final SimdKernels SIMD = new SimdKernels(1);

    @AfterAll
    static void stop() {
        SIMD.close();
    }

    @Test
    void badRatesChangeNothing() {
        GuardChecks.badRatesChangeNothing(SIMD);
    }

    @Test
    void badScheduleRatesStopBeforeTheStep() {
        GuardChecks.badScheduleRatesStopBeforeTheStep(SIMD);
    }

    @Test
    void overflowingUpdatesAreRolledBack() {
        GuardChecks.overflowingUpdatesAreRolledBack(SIMD);
    }

    @Test
    void inconsistentRestoredAdamStateCannotOverflow() {
        GuardChecks.inconsistentRestoredAdamStateCannotOverflow(SIMD);
    }

    @Test
    void aHugeRestoredVelocityCannotOverflow() {
        GuardChecks.aHugeRestoredVelocityCannotOverflow(SIMD);
    }

    @Test
    void nonFiniteDataChangesNothing() {
        GuardChecks.nonFiniteDataChangesNothing(SIMD);
    }

    @Test
    void theReportTellsTheTruthAboutTheWeights() {
        GuardChecks.theReportTellsTheTruthAboutTheWeights(SIMD);
    }
}
