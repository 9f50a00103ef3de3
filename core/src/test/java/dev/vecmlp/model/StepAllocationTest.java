package dev.vecmlp.model;

import dev.vecmlp.kernel.Backends;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.train.TrainingStep;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A training step allocates nothing once its buffers exist: the bytes this thread allocates
 * over a thousand steps, read from HotSpot's per-thread allocation counter, are zero.
 * (JMH's gc profiler checks the same on the benchmarks; this keeps it true in every build.)
 */
class StepAllocationTest {

    @Test
    void aTrainingStepAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
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
        for (int i = 0; i < 20_000; i++) {
            step.step(x, 0, y, 0, 4);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 1000; i++) {
            step.step(x, 0, y, 0, 4);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        assertEquals(0, allocated, "bytes allocated by 1000 training steps");
    }
}
