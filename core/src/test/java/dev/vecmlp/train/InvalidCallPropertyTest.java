package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.LearningRateSchedule;
import dev.vecmlp.optim.Optimizer;
import dev.vecmlp.optim.OptimizerState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property: for any generated sequence of valid and invalid calls to a {@link TrainingStep},
 * its optimiser, a {@link Trainer} and a {@link Predictor} sharing one model, every invalid call
 * throws, and changes nothing (weights, optimiser state, the caller's output array), and the
 * weights are finite after every call.
 */
class InvalidCallPropertyTest {
    private static final int CAPACITY = GuardChecks.ROWS;

    /** One call: what it is, and the value or position it uses. */
    record Call(Kind kind, float value, int at) {
        @Override
        public String toString() {
            return kind + "(" + value + ", " + at + ")";
        }
    }

    enum Kind {
        STEP, BAD_RATE_STEP, NAN_INPUT_STEP, TOO_MANY_ROWS_STEP, SHORT_INPUT_STEP, BAD_RATE_UPDATE,
        FIT, BAD_SCHEDULE_FIT, WRONG_WIDTH_FIT, PREDICT, NAN_PREDICT, SHORT_PREDICT;

        boolean valid() {
            return this == STEP || this == FIT || this == PREDICT;
        }
    }

    @Provide
    Arbitrary<List<Call>> calls() {
        Arbitrary<Kind> kinds = Arbitraries.of(Kind.class);
        Arbitrary<Float> values = Arbitraries.oneOf(
                Arbitraries.floats().between(1e-4f, 0.05f).ofScale(6),
                Arbitraries.of(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, -1e-3f, -5f));
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, 1000);
        return Combinators.combine(kinds, values, positions).as(Call::new).list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 40)
    void invalidCallsChangeNothingAndWeightsStayFinite(@ForAll("calls") List<Call> calls,
                                                       @ForAll @IntRange(min = 0, max = 5) int optimizerIndex,
                                                       @ForAll boolean ejml) {
        Kernels kernels = ejml ? Backends.ejml() : Backends.reference();
        Mlp model = GuardChecks.model(kernels);
        Optimizer optimizer = GuardChecks.optimizers().get(optimizerIndex).get();
        TrainingStep step = new TrainingStep(model, optimizer, CAPACITY);
        float[] x = GuardChecks.inputs(CAPACITY, 9);
        float[] y = GuardChecks.targets(CAPACITY);
        DataSet data = DataSet.of(GuardChecks.inputs(12, 10), GuardChecks.IN, GuardChecks.targets(12), GuardChecks.OUT);
        for (Call call : calls) {
            float[] before = model.parameters().clone();
            OptimizerState stateBefore = optimizer.state();
            float[] out = new float[GuardChecks.OUT];
            Arrays.fill(out, 42f);
            boolean valid = call.kind().valid() && (call.kind() == Kind.PREDICT || goodRate(call.value()));
            try {
                run(call, model, optimizer, step, x, y, data, out, kernels);
                if (!valid) {
                    fail(call + " should have been refused");
                }
            } catch (RuntimeException e) {
                if (valid) {
                    throw new AssertionError(call + " was refused: " + e, e);
                }
                if (call.kind() != Kind.BAD_SCHEDULE_FIT) {
                    GuardChecks.assertUnchanged(before, stateBefore, model, optimizer, call + " (" + e + ")");
                }
                if (call.kind() == Kind.NAN_PREDICT || call.kind() == Kind.SHORT_PREDICT) {
                    float[] untouched = new float[GuardChecks.OUT];
                    Arrays.fill(untouched, 42f);
                    assertArrayEquals(untouched, out, call + ": the output array was written");
                }
            }
            GuardChecks.assertFinite(model, "after " + call + " in " + calls);
        }
    }

    private static boolean goodRate(float rate) {
        return rate > 0 && rate < Float.POSITIVE_INFINITY;
    }

    private static void run(Call call, Mlp model, Optimizer optimizer, TrainingStep step, float[] x, float[] y,
                            DataSet data, float[] out, Kernels kernels) {
        int rows = 1 + call.at() % CAPACITY;
        switch (call.kind()) {
            case STEP -> step.step(x, 0, y, 0, rows, call.value());
            case BAD_RATE_STEP -> step.step(x, 0, y, 0, rows, badRate(call.value()));
            case NAN_INPUT_STEP -> {
                float[] bad = x.clone();
                bad[call.at() % (rows * GuardChecks.IN)] = Float.NaN;
                step.step(bad, 0, y, 0, rows);
            }
            case TOO_MANY_ROWS_STEP -> step.step(x, 0, y, 0, CAPACITY + 1 + call.at() % 3);
            case SHORT_INPUT_STEP -> step.step(Arrays.copyOf(x, rows * GuardChecks.IN - 1), 0, y, 0, rows);
            case BAD_RATE_UPDATE -> {
                float[] g = new float[model.parameterCount()];
                Arrays.fill(g, 0.25f);
                optimizer.update(kernels, model.parameters(), g, g.length, badRate(call.value()));
            }
            case FIT -> trainer(optimizer, LearningRateSchedule.constant(), call.value()).fit(model, data);
            case BAD_SCHEDULE_FIT -> {
                int badAt = call.at() % 6;
                float bad = badRate(call.value());
                List<float[]> afterEachStep = new ArrayList<>();
                Trainer trainer = Trainer.builder().optimizer(optimizer).batchSize(4).epochs(2).health(null)
                        .schedule((base, s, epoch, perEpoch, history) -> s == badAt ? bad : base)
                        .listener(new TrainingListener() {
                            @Override
                            public void onStepEnd(int epoch, long s, double loss, int done, int total) {
                                afterEachStep.add(model.parameters().clone());
                            }

                            @Override
                            public void onEpochEnd(EpochReport report) {
                            }
                        }).build();
                float[] start = model.parameters().clone();
                try {
                    trainer.fit(model, data);
                } finally {
                    float[] expected = afterEachStep.isEmpty() ? start : afterEachStep.get(afterEachStep.size() - 1);
                    assertArrayEquals(expected, model.parameters(), "weights after the last good step");
                    if (afterEachStep.size() != badAt) {
                        fail(afterEachStep.size() + " steps ran before the bad rate at step " + (badAt + 1));
                    }
                }
            }
            case WRONG_WIDTH_FIT -> trainer(optimizer, LearningRateSchedule.constant(), 0.01f)
                    .fit(model, DataSet.of(new float[12 * 4], 4, GuardChecks.targets(12), GuardChecks.OUT));
            case PREDICT -> Predictor.of(model).predict(x, (call.at() % CAPACITY) * GuardChecks.IN, out, 0);
            case NAN_PREDICT -> {
                float[] bad = Arrays.copyOf(x, GuardChecks.IN);
                bad[call.at() % GuardChecks.IN] = Float.NaN;
                Predictor.of(model).predict(bad, 0, out, 0);
            }
            case SHORT_PREDICT -> Predictor.of(model).predict(new float[GuardChecks.IN - 1], 0, out, 0);
        }
    }

    /** A rate that is not finite and > 0: the generated one when it is bad, else NaN. */
    private static float badRate(float value) {
        return goodRate(value) ? Float.NaN : value;
    }

    private static Trainer trainer(Optimizer optimizer, LearningRateSchedule schedule, float rate) {
        float base = optimizer.learningRate();
        float scale = rate / base;
        return Trainer.builder().optimizer(optimizer).batchSize(4).epochs(1).health(null)
                .schedule((b, s, e, n, h) -> b * scale).build();
    }
}
