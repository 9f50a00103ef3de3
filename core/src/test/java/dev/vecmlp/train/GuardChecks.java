package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Adam;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.optim.OptimizerState;
import dev.vecmlp.optim.Sgd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks of the promise "no bad value reaches the weights" that every backend runs (core runs
 * them on the reference and EJML backends, the simd module on the SIMD one): bad learning
 * rates from schedules and direct calls are refused before anything changes, and updates that
 * overflow are rolled back, so after any exception from training the weights are finite and
 * bit-equal to what they were before the failed step.
 */
public final class GuardChecks {
    static final int ROWS = 8;
    static final int IN = 5;
    static final int OUT = 3;

    private GuardChecks() {
    }

    /** Every way a bad rate can arrive: each is refused with the value, the step and the source named, and changes nothing. */
    public static void badRatesChangeNothing(Kernels kernels) {
        float[] x = inputs(ROWS, 1);
        float[] y = targets(ROWS);
        for (float bad : new float[]{Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0.01f, 0f, -0f}) {
            for (Supplier<Optimizer> make : optimizers()) {
                Optimizer optimizer = make.get();
                Mlp model = model(kernels);
                TrainingStep step = new TrainingStep(model, optimizer, ROWS);
                step.step(x, 0, y, 0, ROWS);
                step.step(x, 0, y, 0, ROWS);
                float[] before = model.parameters().clone();
                OptimizerState stateBefore = optimizer.state();
                InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                        () -> step.step(x, 0, y, 0, ROWS, bad), optimizer + " rate " + bad);
                assertTrue(e.getMessage().contains("TrainingStep.step") && e.getMessage().contains("step 3")
                        && e.getMessage().contains(String.valueOf(bad)), e.getMessage());
                assertUnchanged(before, stateBefore, model, optimizer, "TrainingStep.step(" + bad + ")");
                assertEquals(2, step.steps());

                float[] g = new float[model.parameterCount()];
                java.util.Arrays.fill(g, 0.5f);
                e = assertThrows(InvalidConfigurationException.class,
                        () -> optimizer.update(kernels, model.parameters(), g, g.length, bad));
                assertTrue(e.getMessage().contains(".update") && e.getMessage().contains("update 3"), e.getMessage());
                assertUnchanged(before, stateBefore, model, optimizer, optimizer + ".update(" + bad + ")");
            }
        }
    }

    /** A user's schedule that turns bad at step 12 (epoch 3 of 5-step epochs... here 4 steps each). */
    public static void badScheduleRatesStopBeforeTheStep(Kernels kernels) {
        DataSet data = DataSet.of(inputs(16, 2), IN, targets(16), OUT);
        double[] bads = {Double.NaN, Double.POSITIVE_INFINITY, -1e-3, 0, 1e39, 1e-60};
        for (double bad : bads) {
            for (Supplier<Optimizer> make : optimizers()) {
                Optimizer optimizer = make.get();
                Mlp model = model(kernels);
                List<float[]> afterEachStep = new ArrayList<>();
                LearningRateSchedule schedule = new LearningRateSchedule() {
                    @Override
                    public double rate(double base, long step, int epoch, int stepsPerEpoch, List<Double> history) {
                        return step == 11 ? bad : base;
                    }

                    @Override
                    public String toString() {
                        return "turnsBadAtStep12";
                    }
                };
                Trainer trainer = Trainer.builder().optimizer(optimizer).schedule(schedule).batchSize(4).epochs(5)
                        .health(null).listener(new TrainingListener() {
                            @Override
                            public void onStepEnd(int epoch, long step, double loss, int done, int total) {
                                afterEachStep.add(model.parameters().clone());
                            }

                            @Override
                            public void onEpochEnd(EpochReport report) {
                            }
                        }).build();
                InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                        () -> trainer.fit(model, data), optimizer + " schedule rate " + bad);
                String m = e.getMessage();
                assertTrue(m.contains("schedule turnsBadAtStep12") && m.contains("step 12") && m.contains("epoch 3")
                        && m.contains(String.valueOf(bad)), m);
                assertEquals(11, afterEachStep.size());
                assertArrayEquals(afterEachStep.get(10), model.parameters(), optimizer + ": weights after step 11");
                assertFinite(model, "after the refused schedule rate " + bad);
            }
        }
    }

    /**
     * Finite settings so large that updates overflow float32, on every optimiser: each step
     * either applies finite weights or throws with the weights bit-equal to those before it.
     */
    public static void overflowingUpdatesAreRolledBack(Kernels kernels) {
        List<Supplier<Optimizer>> huge = List.of(
                () -> new Sgd(1e30), () -> new Sgd(1e36),
                () -> new Sgd(1.0, 0.9), () -> new Sgd(10, 0.5),                 // lr * wd > 2: the decay amplifies
                () -> new Momentum(1e30, 0.9), () -> new Momentum(1e6, 0.99, true, 0),
                () -> new Momentum(100, 0.9, false, 0.4),
                () -> new Adam(1e37), () -> new Adam(1e3, 0.99, 0.5, 1e-8, 0, false), // b1^2 > b2: unbounded ratio
                () -> Adam.adamW(1e37, 0.01), () -> Adam.adamW(1, 30));
        float[] x = inputs(ROWS, 3);
        float[] y = targets(ROWS);
        for (Supplier<Optimizer> make : huge) {
            for (NonFinitePolicy policy : NonFinitePolicy.values()) {
                Optimizer optimizer = make.get();
                Mlp model = model(kernels);
                TrainingStep step = new TrainingStep(model, optimizer, ROWS, new StepOptions(0, 0, policy, null));
                int thrown = 0;
                for (int i = 0; i < 60; i++) {
                    float[] before = model.parameters().clone();
                    OptimizerState stateBefore = optimizer.state();
                    try {
                        step.step(x, 0, y, 0, ROWS);
                        if (step.lastStepSkipped()) {
                            assertUnchanged(before, stateBefore, model, optimizer, "skipped step " + (i + 1));
                        }
                    } catch (TrainingDivergedException e) {
                        thrown++;
                        assertUnchanged(before, stateBefore, model, optimizer, "step " + (i + 1) + " (" + e.getMessage() + ")");
                        assertTrue(e.getMessage().contains("all finite"), e.getMessage());
                        break;
                    }
                    assertFinite(model, optimizer + ", " + policy + ", after step " + (i + 1));
                }
                if (policy == NonFinitePolicy.SKIP) {
                    assertEquals(0, thrown);
                }
            }
        }
    }

    /** An Adam state restored with moments far out of proportion (finite): the ratio bound is measured, updates stay finite. */
    public static void inconsistentRestoredAdamStateCannotOverflow(Kernels kernels) {
        Mlp model = model(kernels);
        int n = model.parameterCount();
        float[] m = new float[n];
        float[] v = new float[n];
        java.util.Arrays.fill(m, 3e38f);
        Map<String, float[]> arrays = new LinkedHashMap<>();
        arrays.put("m", m);
        arrays.put("v", v);
        Adam adam = new Adam(1e-3);
        adam.restore(new OptimizerState("adam", 10, arrays));
        TrainingStep step = new TrainingStep(model, adam, ROWS, new StepOptions(0, 0, NonFinitePolicy.SKIP, null));
        float[] x = inputs(ROWS, 4);
        float[] y = targets(ROWS);
        for (int i = 0; i < 20; i++) {
            step.step(x, 0, y, 0, ROWS);
            assertFinite(model, "step " + (i + 1) + " from a restored state with m = 3e38, v = 0");
        }
        assertTrue(step.skippedSteps() > 0, "the first updates would overflow and must be rolled back");
    }

    /** A restored velocity near float32's limit (finite): the velocity's size counts, so the update is verified and rolled back. */
    public static void aHugeRestoredVelocityCannotOverflow(Kernels kernels) {
        for (boolean nesterov : new boolean[]{false, true}) {
            Mlp model = model(kernels);
            float[] velocity = new float[model.parameterCount()];
            java.util.Arrays.fill(velocity, 3e37f);
            Momentum momentum = new Momentum(20, 0.9, nesterov, 0);
            momentum.restore(new OptimizerState("momentum", 5, Map.of("velocity", velocity)));
            TrainingStep step = new TrainingStep(model, momentum, ROWS, new StepOptions(0, 0, NonFinitePolicy.STOP, null));
            float[] before = model.parameters().clone();
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                    () -> step.step(inputs(ROWS, 7), 0, targets(ROWS), 0, ROWS));
            assertTrue(e.getMessage().contains("overflowed the weights"), e.getMessage());
            assertArrayEquals(before, model.parameters(), "nesterov " + nesterov);
            assertArrayEquals(velocity, momentum.state().arrays().get("velocity"), "the velocity is rolled back too");
        }
    }

    /** Non-finite inputs through the public step: refused or skipped, never applied. */
    public static void nonFiniteDataChangesNothing(Kernels kernels) {
        for (float bad : new float[]{Float.NaN, Float.POSITIVE_INFINITY}) {
            Mlp model = model(kernels);
            Sgd sgd = new Sgd(0.1);
            TrainingStep step = new TrainingStep(model, sgd, ROWS, new StepOptions(0, 0, NonFinitePolicy.STOP, null));
            float[] x = inputs(ROWS, 5);
            float[] y = targets(ROWS);
            x[7] = bad;
            float[] before = model.parameters().clone();
            try {
                step.step(x, 0, y, 0, ROWS);
                fail("a " + bad + " input should be refused");
            } catch (RuntimeException e) {
                assertArrayEquals(before, model.parameters(), "input " + bad + ": " + e);
            }
            y = targets(ROWS);
            x = inputs(ROWS, 5);
            y[2] = bad;
            try {
                step.step(x, 0, y, 0, ROWS);
                fail("a " + bad + " target should be refused");
            } catch (RuntimeException e) {
                assertArrayEquals(before, model.parameters(), "target " + bad + ": " + e);
            }
        }
    }

    /** Weights made non-finite outside training: the report says so instead of claiming they are finite. */
    public static void theReportTellsTheTruthAboutTheWeights(Kernels kernels) {
        Mlp model = model(kernels);
        TrainingStep step = new TrainingStep(model, new Sgd(0.1), ROWS);
        model.parameters()[0] = Float.NaN;
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> step.step(inputs(ROWS, 6), 0, targets(ROWS), 0, ROWS));
        assertTrue(e.getMessage().contains("already not finite") && !e.getMessage().contains("all finite"), e.getMessage());
    }

    static List<Supplier<Optimizer>> optimizers() {
        return List.of(() -> new Sgd(0.05), () -> new Sgd(0.05, 1e-3), () -> new Momentum(0.05, 0.9),
                () -> new Momentum(0.05, 0.9, true, 1e-4), () -> new Adam(1e-3), () -> Adam.adamW(1e-3, 0.01));
    }

    static Mlp model(Kernels kernels) {
        return Mlp.builder(IN).hidden(7, Activation.TANH).hidden(6, Activation.RELU).output(OUT, Activation.LINEAR)
                .loss(Loss.MSE).seed(11).kernels(kernels).build();
    }

    static float[] inputs(int rows, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static float[] targets(int rows) {
        float[] y = new float[rows * OUT];
        for (int i = 0; i < y.length; i++) {
            y[i] = (i % 5) - 2;
        }
        return y;
    }

    static void assertFinite(Mlp model, String when) {
        for (int i = 0; i < model.parameterCount(); i++) {
            if (!Float.isFinite(model.parameters()[i])) {
                fail(when + ": parameter " + i + " is " + model.parameters()[i]);
            }
        }
    }

    static void assertUnchanged(float[] before, OptimizerState stateBefore, Mlp model, Optimizer optimizer, String what) {
        assertArrayEquals(before, model.parameters(), what + ": weights changed");
        OptimizerState after = optimizer.state();
        assertEquals(stateBefore.updates(), after.updates(), what + ": update count changed");
        assertEquals(stateBefore.arrays().keySet(), after.arrays().keySet(), what);
        stateBefore.arrays().forEach((name, values) ->
                assertArrayEquals(values, after.arrays().get(name), what + ": optimiser array " + name + " changed"));
    }
}
