package dev.vecmlp.inference;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.testing.AllocationMeter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Many threads sharing one predictor get exactly the single-threaded answers, and a
 * steady-state call allocates nothing.
 */
class PredictorConcurrencyTest {
    private static final int THREADS = 8;
    private static final int SAMPLES = 300;
    private static final long RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(1500);

    @Test
    void manyThreadsOnOnePredictorGetTheSingleThreadedResults() throws Exception {
        Mlp m = Mlp.builder(31).hidden(40, Activation.RELU).hidden(17, Activation.SIGMOID)
                .output(6, Activation.SOFTMAX).seed(77).kernels(Backends.defaultKernels()).build();
        float[] x = PredictorTest.randomInputs(SAMPLES, 31, 99);
        m.setInputScaling(InputScaling.minMax(x, 31));
        Predictor p = Predictor.of(m);

        // Single-threaded answers, per sample (m = 1) and per fixed batch of 5 rows.
        float[] single = new float[SAMPLES * 6];
        for (int r = 0; r < SAMPLES; r++) {
            p.predict(x, r * 31, single, r * 6);
        }
        float[] batched = new float[SAMPLES * 6];
        for (int r = 0; r + 5 <= SAMPLES; r += 5) {
            p.predictBatch(x, r * 31, 5, batched, r * 6);
        }
        int[] classes = new int[SAMPLES];
        p.predictClasses(x, 0, SAMPLES, classes, 0);

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                boolean ownContext = t % 2 == 0;
                futures.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    PredictionContext ctx = ownContext ? p.newContext(4) : null;
                    float[] out = new float[6 * 5];
                    long checked = 0;
                    start.await();
                    long end = System.nanoTime() + RUN_NANOS;
                    while (System.nanoTime() < end) {
                        int r = random.nextInt(SAMPLES);
                        if (ctx != null) {
                            p.predict(x, r * 31, out, 0, ctx);
                        } else {
                            p.predict(x, r * 31, out, 0);
                        }
                        assertArrayEquals(Arrays.copyOfRange(single, r * 6, r * 6 + 6), Arrays.copyOf(out, 6), 0f,
                                "thread " + seed + " sample " + r);
                        assertEquals(classes[r], p.predictClass(x, r * 31), "class of sample " + r);
                        int b = random.nextInt(SAMPLES / 5) * 5;
                        if (ctx != null) {
                            p.predictBatch(x, b * 31, 5, out, 0, ctx);
                        } else {
                            p.predictBatch(x, b * 31, 5, out, 0);
                        }
                        assertArrayEquals(Arrays.copyOfRange(batched, b * 6, b * 6 + 30), out, 0f,
                                "thread " + seed + " batch from " + b);
                        checked += 3;
                    }
                    return checked;
                }));
            }
            start.countDown();
            long total = 0;
            for (Future<Long> f : futures) {
                total += f.get(30, TimeUnit.SECONDS);
            }
            assertTrue(total > THREADS * 10L, "too few calls checked: " + total);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void steadyStateCallsAllocateNothing() {
        Mlp m = Mlp.builder(20).hidden(24, Activation.RELU).output(3, Activation.SOFTMAX)
                .kernels(Backends.defaultKernels()).build();
        float[] x = PredictorTest.randomInputs(100, 20, 3);
        m.setInputScaling(InputScaling.standardize(x, 20));
        Predictor p = Predictor.of(m);
        float[] out = new float[100 * 3];
        int[] classes = new int[100];
        PredictionContext ctx = p.newContext();
        Runnable calls = () -> {
            for (int i = 0; i < 100; i++) {
                p.predict(x, i * 20, out, i * 3);
                p.predict(x, i * 20, out, i * 3, ctx);
                p.predictRaw(x, i * 20, out, i * 3);
                classes[i] = p.predictClass(x, i * 20);
            }
            p.predictBatch(x, 0, 100, out, 0);
            p.predictClasses(x, 0, 100, classes, 0);
        };
        // 402 calls a round; a single allocation per call would be kilobytes in every round.
        long allocated = AllocationMeter.minBytesPerRound(calls, 200, 50);
        assertEquals(0, allocated, "bytes allocated by 402 prediction calls");
    }
}
