package dev.vecmlp.simd;

import dev.vecmlp.inference.PredictionContext;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.testing.AllocationMeter;
import dev.vecmlp.train.TrainingStep;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The transcendental activations and losses allocate nothing even when C2 inlines none of
 * {@link VectorMath}'s methods: no {@code FloatVector} crosses a call there, so nothing can be
 * boxed. Whether C2 inlines a 100-bytecode method depends on timing (a sigmoid output was seen
 * allocating 1.5 KB per 128-row batch in one JMH fork of many when {@code exp} took vectors), so
 * the check forces the worst case: it runs in the surefire execution {@code simd-no-inline}, whose
 * JVM has {@code -XX:CompileCommand=dontinline,dev.vecmlp.simd.VectorMath::*}, and is skipped
 * elsewhere. Layers are 48 and 20 wide so both the vector loops and the scalar tails run.
 */
class SimdNoInlineAllocationTest {
    private static final SimdKernels KERNELS = new SimdKernels(1);
    private static final int IN = 40;
    /** With the helpers never inlined C2 has more to compile; on a loaded machine it lags. */
    private static final Duration PATIENCE = Duration.ofMinutes(1);

    @AfterAll
    static void stop() {
        KERNELS.close();
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"SIGMOID", "TANH", "GELU", "SILU", "ELU", "SOFTPLUS"})
    void predictionsAllocateNothing(Activation hidden) {
        assumeForcedNoInline();
        for (Mlp model : models(hidden)) {
            Predictor p = Predictor.of(model);
            int out = model.outputWidth();
            float[] x = inputs(64);
            float[] y = new float[64 * out];
            PredictionContext ctx = p.newContext();
            Runnable calls = () -> {
                p.predict(x, 0, y, 0, ctx);
                p.predictBatch(x, 0, 64, y, 0, ctx);
            };
            assertEquals(0, AllocationMeter.settledBytesPerRound(calls, 5000, 50, PATIENCE),
                    "bytes allocated by two prediction calls, hidden " + hidden + ", output "
                            + model.layer(model.layerCount() - 1).activation());
        }
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"SIGMOID", "TANH", "GELU", "SILU", "ELU", "SOFTPLUS"})
    void trainingStepsAllocateNothing(Activation hidden) {
        assumeForcedNoInline();
        for (Mlp model : models(hidden)) {
            TrainingStep step = new TrainingStep(model, new Sgd(1e-3), 32);
            float[] x = inputs(32);
            float[] y = targets(32, model.outputWidth());
            Runnable steps = () -> {
                for (int i = 0; i < 10; i++) {
                    step.step(x, 0, y, 0, 32);
                }
            };
            assertEquals(0, AllocationMeter.settledBytesPerRound(steps, 500, 50, PATIENCE),
                    "bytes allocated by 10 training steps, hidden " + hidden + ", loss " + model.loss());
        }
    }

    private static void assumeForcedNoInline() {
        assumeTrue(Boolean.getBoolean("vecmlp.test.noInline"),
                "runs in the simd-no-inline execution (VectorMath never inlined)");
    }

    /** Softmax + cross-entropy and sigmoid + binary cross-entropy outputs behind {@code hidden}. */
    private static Mlp[] models(Activation hidden) {
        return new Mlp[]{
                Mlp.builder(IN).hidden(48, hidden).output(20, Activation.SOFTMAX).seed(3).kernels(KERNELS).build(),
                Mlp.builder(IN).hidden(48, hidden).output(20, Activation.SIGMOID).loss(Loss.BINARY_CROSS_ENTROPY)
                        .seed(4).kernels(KERNELS).build(),
                Mlp.builder(IN).hidden(48, hidden).output(20, hidden).loss(Loss.MSE).seed(5).kernels(KERNELS).build()};
    }

    private static float[] inputs(int rows) {
        SplittableRandom random = new SplittableRandom(rows);
        float[] x = new float[rows * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-2, 2);
        }
        return x;
    }

    /** One-hot rows for the softmax model; valid for the others too (0 and 1). */
    private static float[] targets(int rows, int width) {
        float[] y = new float[rows * width];
        for (int r = 0; r < rows; r++) {
            y[r * width + r % width] = 1f;
        }
        return y;
    }
}
