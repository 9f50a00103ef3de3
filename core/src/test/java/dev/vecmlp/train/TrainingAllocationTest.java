package dev.vecmlp.train;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.health.GradientMonitor;
import dev.vecmlp.health.HealthConfig;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Adam;
import dev.vecmlp.optim.LearningRateSchedule;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The features keep training allocation-free: a step with clipping, the guard and health
 * checks allocates nothing, and the trainer allocates per epoch, not per step. Measured with
 * HotSpot's per-thread allocation counter, in steady state: before C2 has compiled the path,
 * the kernels' argument checks build strings that escape analysis later removes, so each
 * measurement is repeated until the code is compiled.
 */
class TrainingAllocationTest {

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        return (com.sun.management.ThreadMXBean) bean;
    }

    /** A model and batch unlike the foundation's allocation test: regression, sigmoid, random inputs. */
    @Test
    void aStepWithClippingGuardAndHealthChecksAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = threads();
        Mlp model = Mlp.builder(10).hidden(7, Activation.SIGMOID).hidden(6, Activation.RELU)
                .output(2, Activation.LINEAR).seed(4).kernels(Backends.reference()).build();
        GradientMonitor monitor = new GradientMonitor(HealthConfig.defaults().withEverySteps(50));
        TrainingStep step = new TrainingStep(model, new Adam(1e-3), 5,
                new StepOptions(0.5, 1.0, NonFinitePolicy.SKIP, monitor));
        SplittableRandom random = new SplittableRandom(6);
        float[] batch = new float[5 * 10 + 5 * 2];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) random.nextGaussian();
        }
        Runnable thousandSteps = () -> {
            for (int i = 0; i < 1000; i++) {
                step.step(batch, 0, batch, 50, 5);
            }
        };
        for (int i = 0; i < 20; i++) {
            thousandSteps.run();
        }
        long id = Thread.currentThread().getId();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 10 && least > 0; round++) {
            long before = threads.getThreadAllocatedBytes(id);
            thousandSteps.run();
            least = Math.min(least, threads.getThreadAllocatedBytes(id) - before);
        }
        assertEquals(0, least, "bytes allocated by 1000 steps (20 of them health checks) once compiled");
        assertTrue(monitor.checkCount() >= 420);
    }

    @Test
    void theTrainerAllocatesPerEpochNotPerStep() {
        assertPerEpochNotPerStep(false);
    }

    /** The weight average's update after each step allocates nothing either (the validation swap is per epoch). */
    @Test
    void theTrainerWithWeightAveragingAllocatesPerEpochNotPerStep() {
        assertPerEpochNotPerStep(true);
    }

    private static void assertPerEpochNotPerStep(boolean averaging) {
        com.sun.management.ThreadMXBean threads = threads();
        SplittableRandom random = new SplittableRandom(3);
        int rows = 2000;
        float[] x = new float[rows * 6];
        int[] labels = new int[rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        for (int r = 0; r < rows; r++) {
            labels[r] = x[r * 6] > 0 ? 1 : 0;
        }
        DataSet data = DataSet.ofClasses(x, 6, labels, 2);
        long id = Thread.currentThread().getId();
        double perStep = Double.POSITIVE_INFINITY;
        long two = 0;
        long eight = 0;
        for (int round = 0; round < 6 && perStep >= 8; round++) { // until the JIT has compiled the loop
            long start = threads.getThreadAllocatedBytes(id);
            run(data, 2, averaging);
            two = threads.getThreadAllocatedBytes(id) - start;
            start = threads.getThreadAllocatedBytes(id);
            run(data, 8, averaging);
            eight = threads.getThreadAllocatedBytes(id) - start;
            perStep = (eight - two) / (6.0 * rows / 4);
        }
        assertTrue(perStep < 8, "bytes per step beyond the per-epoch reports: " + perStep
                + " (2 epochs: " + two + " B, 8 epochs: " + eight + " B)");
    }

    private static void run(DataSet data, int epochs, boolean averaging) {
        Mlp model = Mlp.builder(6).hidden(8, Activation.RELU).output(2, Activation.SOFTMAX)
                .seed(1).kernels(Backends.reference()).build();
        Trainer.Builder builder = Trainer.builder().optimizer(new Adam(1e-3))
                .schedule(LearningRateSchedule.cosine(1, 8, 0.1)).batchSize(4).epochs(epochs).clipNorm(1.0)
                .nonFinite(NonFinitePolicy.SKIP).listener(report -> { });
        if (averaging) {
            builder.weightAveraging(0.99).validationSplit(0.05);
        }
        builder.build().fit(model, data);
    }
}
