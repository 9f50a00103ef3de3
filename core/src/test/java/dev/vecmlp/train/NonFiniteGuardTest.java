package dev.vecmlp.train;

import dev.vecmlp.health.GradientMonitor;
import dev.vecmlp.health.HealthConfig;
import dev.vecmlp.health.HealthVerdict;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.optim.Sgd;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A learning rate so large the run diverges: the guard skips or stops, and the weights stay finite. */
class NonFiniteGuardTest {
    private static final int ROWS = 16;
    private static final float HUGE_RATE = 1e4f;

    @Test
    void skipKeepsTheWeightsFiniteAndReportsTheSkippedSteps() {
        for (Optimizer optimizer : new Optimizer[]{new Sgd(HUGE_RATE), new Momentum(HUGE_RATE, 0.9)}) {
            Mlp model = model();
            GradientMonitor monitor = new GradientMonitor(HealthConfig.defaults().withEverySteps(1));
            TrainingStep step = new TrainingStep(model, optimizer, ROWS,
                    new StepOptions(0, 0, NonFinitePolicy.SKIP, monitor));
            int reported = 0;
            double lastLoss = 0;
            for (int i = 0; i < 200; i++) {
                lastLoss = step.step(X, 0, Y, 0, ROWS);
                assertTrue(model.kernels().allFinite(model.parameterCount(), model.parameters(), 0),
                        optimizer + ": weights non-finite after step " + (i + 1));
                if (step.lastStepSkipped()) {
                    reported++;
                }
            }
            assertTrue(step.skippedSteps() > 0, optimizer + ": the run should diverge, last loss " + lastLoss);
            assertEquals(reported, step.skippedSteps());
            assertEquals(200, step.steps() + step.skippedSteps());
            assertTrue(monitor.verdicts().stream().anyMatch(v -> v.kind() == HealthVerdict.Kind.EXPLODING
                    && v.cause().contains("divergence")), optimizer + ": " + monitor.verdicts());
        }
    }

    @Test
    void stopThrowsAndLeavesTheLastFiniteWeights() {
        Mlp model = model();
        TrainingStep step = new TrainingStep(model, new Sgd(HUGE_RATE), ROWS);
        float[] beforeStep = null;
        TrainingDivergedException thrown = null;
        for (int i = 0; i < 200 && thrown == null; i++) {
            beforeStep = model.parameters().clone();
            try {
                step.step(X, 0, Y, 0, ROWS);
            } catch (TrainingDivergedException e) {
                thrown = e;
            }
        }
        assertTrue(thrown != null, "the run should diverge");
        assertArrayEquals(beforeStep, model.parameters(), 0f);
        assertTrue(model.kernels().allFinite(model.parameterCount(), model.parameters(), 0));
        assertEquals(step.steps() + 1, thrown.step());
        assertTrue(thrown.getMessage().contains("expected a finite loss"), thrown.getMessage());
    }

    /** Finite loss and gradient, but lr * g overflows float: the update is rolled back, state included. */
    @Test
    void anUpdateThatOverflowsIsRolledBack() {
        Mlp model = model();
        Momentum momentum = new Momentum(1e30, 0.9);
        TrainingStep step = new TrainingStep(model, momentum, ROWS, new StepOptions(0, 0, NonFinitePolicy.SKIP, null));
        float[] before = model.parameters().clone();
        double loss = step.step(X, 0, Y, 0, ROWS, 3e38f);
        assertTrue(Double.isFinite(loss) && Double.isFinite(step.lastGradientNorm()));
        assertTrue(step.lastStepSkipped());
        assertArrayEquals(before, model.parameters(), 0f);
        assertEquals(0, momentum.state().updates());
        assertTrue(momentum.state().arrays().values().stream().allMatch(v -> model.kernels().allFinite(v.length, v, 0)));
        TrainingStep stop = new TrainingStep(model, new Sgd(1), ROWS);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> stop.step(X, 0, Y, 0, ROWS, 3e38f));
        assertTrue(e.getMessage().contains("overflowed the weights"), e.getMessage());
        assertArrayEquals(before, model.parameters(), 0f);
    }

    @Test
    void clippingByValueBoundsEveryElement() {
        Mlp model = model();
        Mlp reference = model.copy();
        TrainingStep step = new TrainingStep(model, new Sgd(1.0), ROWS,
                new StepOptions(0, 1e-3, NonFinitePolicy.STOP, null));
        step.step(X, 0, Y, 0, ROWS);
        float[] g = reference.gradients(X, Y, ROWS).values();
        float[] applied = step.gradients().values();
        for (int i = 0; i < g.length; i++) {
            assertEquals(Math.max(-1e-3f, Math.min(1e-3f, g[i])), applied[i], 0f);
            assertEquals(reference.parameters()[i] - applied[i], model.parameters()[i], 1e-7f);
        }
    }

    @Test
    void clippingByNormRescalesToTheLimit() {
        Mlp model = model();
        TrainingStep step = new TrainingStep(model, new Sgd(0.01), ROWS,
                new StepOptions(0.5, 0, NonFinitePolicy.STOP, null));
        step.step(X, 0, Y, 0, ROWS);
        float[] g = step.gradients().values();
        double norm = Math.sqrt(model.kernels().sumOfSquares(g.length, g, 0));
        assertTrue(step.lastGradientNorm() > 0.5, "raw norm " + step.lastGradientNorm());
        assertTrue(step.lastStepClipped());
        assertEquals(0.5, norm, 1e-5);
    }

    private static final float[] X = new float[ROWS * 4];
    private static final float[] Y = new float[ROWS];

    static {
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < X.length; i++) {
            X[i] = (float) random.nextGaussian();
        }
        for (int r = 0; r < ROWS; r++) {
            Y[r] = 3 * X[r * 4] - X[r * 4 + 2];
        }
    }

    private static Mlp model() {
        return Mlp.builder(4).hidden(16, Activation.RELU).hidden(16, Activation.RELU)
                .output(1, Activation.LINEAR).loss(Loss.MSE).seed(3).kernels(Backends.reference()).build();
    }
}
