package dev.vecmlp.optim;

import dev.vecmlp.errors.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Learning-rate schedules against values worked out by hand (PyTorch's definitions). */
class LearningRateScheduleTest {
    private static final List<Double> NONE = List.of();

    @Test
    void constantStepAndExponential() {
        assertEquals(0.1, LearningRateSchedule.constant().rate(0.1, 999, 9, 10, NONE));
        LearningRateSchedule step = LearningRateSchedule.stepDecay(3, 0.5);
        assertEquals(0.1, step.rate(0.1, 0, 0, 10, NONE), 1e-12);
        assertEquals(0.1, step.rate(0.1, 29, 2, 10, NONE), 1e-12);
        assertEquals(0.05, step.rate(0.1, 30, 3, 10, NONE), 1e-12);
        assertEquals(0.025, step.rate(0.1, 60, 6, 10, NONE), 1e-12);
        LearningRateSchedule exp = LearningRateSchedule.exponential(0.9);
        assertEquals(0.1 * 0.729, exp.rate(0.1, 0, 3, 10, NONE), 1e-12);
    }

    @Test
    void cosineWithLinearWarmup() {
        // 1 warm-up epoch of 4 steps, 5 epochs in all: warm-up steps 0..3, cosine over steps 4..20.
        LearningRateSchedule cos = LearningRateSchedule.cosine(1, 5, 0.1);
        assertEquals(0.25, cos.rate(1.0, 0, 0, 4, NONE), 1e-12);
        assertEquals(1.0, cos.rate(1.0, 3, 0, 4, NONE), 1e-12);
        assertEquals(1.0, cos.rate(1.0, 4, 1, 4, NONE), 1e-12);
        // half-way through the 16 cosine steps: min + (1 - min) * 0.5
        assertEquals(0.55, cos.rate(1.0, 12, 3, 4, NONE), 1e-12);
        assertEquals(0.1, cos.rate(1.0, 20, 5, 4, NONE), 1e-12);
        assertEquals(0.1, cos.rate(1.0, 400, 100, 4, NONE), 1e-12);
        assertThrows(InvalidConfigurationException.class, () -> LearningRateSchedule.cosine(5, 5, 0));
    }

    @Test
    void reduceOnPlateauReplaysTheHistory() {
        LearningRateSchedule plateau = LearningRateSchedule.reduceOnPlateau(0.5, 1, 0.01, 0.02);
        assertEquals(0.1, plateau.rate(0.1, 0, 0, 5, NONE));
        // 1.0 best, 0.995 not better by 0.01 (bad 1), 0.999 bad 2 > patience: halve
        assertEquals(0.1, plateau.rate(0.1, 0, 2, 5, List.of(1.0, 0.995)), 1e-12);
        assertEquals(0.05, plateau.rate(0.1, 0, 3, 5, List.of(1.0, 0.995, 0.999)), 1e-12);
        // an improvement resets the count; two more bad epochs halve again, the floor holds
        assertEquals(0.05, plateau.rate(0.1, 0, 4, 5, List.of(1.0, 0.995, 0.999, 0.5)), 1e-12);
        assertEquals(0.025, plateau.rate(0.1, 0, 6, 5, List.of(1.0, 0.995, 0.999, 0.5, 0.5, 0.5)), 1e-12);
        assertEquals(0.02, plateau.rate(0.1, 0, 8, 5, List.of(1.0, 0.995, 0.999, 0.5, 0.5, 0.5, 0.5, 0.5)), 1e-12);
    }
}
