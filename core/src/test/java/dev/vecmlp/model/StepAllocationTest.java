package dev.vecmlp.model;

import dev.vecmlp.kernel.Backends;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.train.TrainingStep;
import org.junit.jupiter.api.Test;

import dev.vecmlp.testing.AllocationMeter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A training step allocates nothing once its buffers exist: the bytes this thread allocates
 * over a thousand steps, read from HotSpot's per-thread allocation counter, are zero (see
 * {@link AllocationMeter} for how warm-up is told apart from real allocation).
 * (JMH's gc profiler checks the same on the benchmarks; this keeps it true in every build.)
 */
class StepAllocationTest {

    @Test
    void aTrainingStepAllocatesNothing() {
        Mlp model = Mlp.builder(12).hidden(9, Activation.RELU).hidden(5, Activation.TANH)
                .output(3, Activation.SOFTMAX).seed(2).kernels(Backends.reference()).build();
        TrainingStep step = new TrainingStep(model, new Sgd(0.01), 4);
        float[] x = new float[4 * 12];
        float[] y = new float[4 * 3];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) / 7f;
        }
        for (int r = 0; r < 4; r++) {
            y[r * 3 + r % 3] = 1;
        }
        Runnable thousandSteps = () -> {
            for (int i = 0; i < 1000; i++) {
                step.step(x, 0, y, 0, 4);
            }
        };
        assertEquals(0, AllocationMeter.minBytesPerRound(thousandSteps, 20, 30), "bytes allocated by 1000 training steps");
    }
}
