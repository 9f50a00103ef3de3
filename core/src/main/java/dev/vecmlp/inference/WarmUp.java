package dev.vecmlp.inference;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.data.TargetScaling;
import dev.vecmlp.model.Mlp;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link Predictor#warmUp(int, java.time.Duration)}'s work: drives the predictor's own calls until
 * the JIT has compiled them, and stops as soon as their measured latency has converged.
 *
 * <p>Why this shape. The Vector API is only intrinsified by C2; in the interpreter and in C1
 * code every vector operation allocates and costs a microsecond or more, so an `mnist` call
 * takes milliseconds until the kernels reach C2. What decides when they do are HotSpot's
 * per-method counters (invocations and loop back-edges) and the time the compiler threads need
 * (on a busy machine, CPU time they share with the warm-up). So the warm-up:
 * <ol>
 *   <li>only when batches are asked for: runs every path (single samples, small batches, the
 *       context's chunk boundary) a few times on a narrow <em>shadow</em> predictor of the same
 *       structure (layer count, activations, loss, precision, scaling, backend, policy). Its
 *       calls cost microseconds even in the interpreter and put both kinds of call into the
 *       profiles of the methods single and batch calls share, so C2 compiles them once for
 *       both (measured: without it, the first real batches deoptimised the single-sample code
 *       and it ran slow again for seconds);</li>
 *   <li>runs this predictor's single-sample calls, every public single-sample method with both
 *       non-finite policies (so no branch the JIT never saw is left to deoptimise on later), the
 *       real shapes and the real backend, until every layer's call has passed the C2 invocation
 *       threshold read from the JVM's flags (so lowering it with {@code -XX:Tier4...} shortens
 *       the warm-up) and then until the median latency of a window of {@value #WINDOW} calls
 *       has stopped improving for {@value #FLAT_WINDOWS} windows; between those last windows it
 *       sleeps as long as a window took, leaving the CPU to the compiler threads;</li>
 *   <li>then, when batches are asked for, does the same for batch sizes that hit the kernels'
 *       vector tails, the dot-product and both packed GEMM paths, and then the context's chunk
 *       boundary. Batches come after the single-sample calls so that their large GEMM
 *       compilations do not queue ahead of the single-sample kernels.</li>
 * </ol>
 * Every phase stops at the deadline (checked after each call; a batch call is not started when
 * the same call took longer last time than is left).
 */
final class WarmUp {
    /** Timed steps per window; a window's median is one latency sample. */
    private static final int WINDOW = 16;
    /** Consecutive windows without progress before a phase counts as converged. */
    private static final int FLAT_WINDOWS = 8;
    /** A window median this much below the best so far counts as progress. */
    private static final double IMPROVEMENT = 1.03;
    /** How close to the best one of the last windows must come. */
    private static final double AT_BEST = 1.05;
    /** Longest pause between windows once every counter is past its threshold. */
    private static final long MAX_PAUSE_MS = 5;
    /** Shadow steps per path: enough for its methods to pass C1's thresholds and be profiled there. */
    private static final int SHADOW_STEPS = 24;
    private static final int SHADOW_LARGE_STEPS = 4;
    /** Width of the shadow's input and hidden layers: one 8-row dot block and a 4-row tail. */
    private static final int SHADOW_WIDTH = 12;
    private static final int SHADOW_INPUT = 40;
    /** HotSpot's default C2 invocation threshold (Tier4InvocationThreshold). */
    private static final long DEFAULT_TIER4_INVOCATIONS = 5000;

    /** Steps per window for batches (each step is a few milliseconds once compiled). */
    private static final int BATCH_WINDOW = 4;

    private static final int[] SMALL_BATCHES = {2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33};

    /** The work of one timed step. */
    private interface Step {
        void run(int i);
    }

    private final long deadline;
    private long calls;
    private int sink;

    private WarmUp(long deadline) {
        this.deadline = deadline;
    }

    /** Warms {@code predictor} for calls of up to {@code maxRows} rows until converged or the deadline; returns the calls made. */
    static long run(Predictor predictor, long deadline, int maxRows) {
        WarmUp w = new WarmUp(deadline);
        long tier4 = tier4Invocations();
        int layers = predictor.layerCount();
        Predictor shadow = maxRows > 1 ? shadowOf(predictor) : null;
        if (shadow != null) {
            // Every path once in tier-3 code, so that the methods single and batch calls share are
            // compiled by C2 with both kinds of call in their profiles (no deoptimisation later).
            w.singles(shadow, SHADOW_STEPS, false);
            w.batches(shadow, smallBatches(maxRows), true, SHADOW_STEPS, false, WINDOW);
            w.batches(shadow, largeBatches(maxRows, Predictor.DEFAULT_CONTEXT_ROWS), false, SHADOW_LARGE_STEPS, false, WINDOW);
        }
        // Each step calls forward 5 times, each layer's kernels once per forward.
        w.singles(predictor, (tier4 + 5L * layers - 1) / (5L * layers) + WINDOW, true);
        if (maxRows > 1) {
            w.batches(predictor, smallBatches(maxRows), true, BATCH_WINDOW, true, BATCH_WINDOW);
            if (maxRows > SMALL_BATCHES[SMALL_BATCHES.length - 1]) {
                w.batches(predictor, largeBatches(maxRows, Predictor.DEFAULT_CONTEXT_ROWS), false, BATCH_WINDOW, true,
                        BATCH_WINDOW);
            }
        }
        warmUpSinkHolder = w.sink;
        return w.calls;
    }

    /** Keeps the class results observable, so the JIT cannot drop the calls. */
    @SuppressWarnings("unused")
    private static volatile int warmUpSinkHolder;

    private void singles(Predictor p, long minSteps, boolean untilFlat) {
        int rows = 8;
        int width = p.inputWidth();
        float[] x = inputs(p, rows);
        float[] out = new float[p.outputWidth()];
        PredictionContext own = p.newContext();
        Predictor allowing = p.withNonFiniteInputPolicy(
                p.nonFiniteInputPolicy() == NonFiniteInputPolicy.ALLOW ? NonFiniteInputPolicy.REJECT
                        : NonFiniteInputPolicy.ALLOW);
        converge(i -> {
            int off = (i % rows) * width;
            p.predict(x, off, out, 0);
            p.predict(x, off, out, 0, own);
            allowing.predict(x, off, out, 0);
            p.predictRaw(x, off, out, 0);
            sink += p.predictClass(x, off);
            calls += 5;
        }, minSteps, untilFlat, WINDOW);
    }

    /**
     * Batch calls of each of {@code sizes}: with {@code everyForm} each size through
     * {@code predictBatch}, {@code predictRawBatch} (own context) and {@code predictClasses},
     * otherwise size {@code j} through the {@code j % 3}-th of them (for the large sizes).
     */
    private void batches(Predictor p, int[] sizes, boolean everyForm, long minSteps, boolean untilFlat,
                         int windowSteps) {
        int most = Arrays.stream(sizes).max().orElse(1);
        float[] x = inputs(p, most);
        float[] out = new float[most * p.outputWidth()];
        int[] classes = new int[most];
        PredictionContext own = p.newContext();
        long[] lastCall = new long[sizes.length];
        converge(i -> {
            for (int j = 0; j < sizes.length; j++) {
                int rows = sizes[j];
                long start = System.nanoTime();
                if (start + lastCall[j] > deadline) {
                    return; // the same call took longer last time than is left: do not overrun
                }
                if (everyForm || j % 3 == 0) {
                    p.predictBatch(x, 0, rows, out, 0);
                }
                if (everyForm || j % 3 == 1) {
                    p.predictRawBatch(x, 0, rows, out, 0, own);
                }
                if (everyForm || j % 3 == 2) {
                    p.predictClasses(x, 0, rows, classes, 0);
                }
                calls += everyForm ? 3 : 1;
                long end = System.nanoTime();
                lastCall[j] = end - start;
                if (end > deadline) {
                    return;
                }
            }
        }, minSteps, untilFlat, windowSteps);
    }

    /**
     * Runs {@code step} in windows of {@code windowSteps} until at least {@code minSteps} steps
     * are done and (with {@code untilFlat}) the latency has stopped improving: the best window
     * median has not dropped by more than {@link #IMPROVEMENT} for {@link #FLAT_WINDOWS}
     * windows and one of those windows came within {@link #AT_BEST} of it (a window median, not
     * the spread, so that a noisy machine still converges); or until the deadline passes
     * (checked after every step: early steps can take milliseconds).
     */
    private void converge(Step step, long minSteps, boolean untilFlat, int windowSteps) {
        long[] window = new long[windowSteps];
        long best = Long.MAX_VALUE;
        long bestRecent = Long.MAX_VALUE;
        int sinceImproved = 0;
        long steps = 0;
        while (true) {
            for (int i = 0; i < windowSteps; i++) {
                long start = System.nanoTime();
                step.run(i);
                long end = System.nanoTime();
                window[i] = end - start;
                steps++;
                if (end > deadline || !untilFlat && steps >= minSteps) {
                    return;
                }
            }
            Arrays.sort(window);
            long median = window[windowSteps / 2];
            if (median < best / IMPROVEMENT) {
                sinceImproved = 0;
                bestRecent = median;
            } else {
                sinceImproved++;
                bestRecent = sinceImproved == 1 ? median : Math.min(bestRecent, median);
            }
            best = Math.min(best, median);
            if (steps >= minSteps && sinceImproved >= FLAT_WINDOWS && bestRecent <= AT_BEST * best) {
                return;
            }
            if (steps >= minSteps) {
                // Every counter is past its threshold: what is left is the compilers' work, so
                // leave them the CPU for as long as a window took (at most a few ms), then measure again.
                try {
                    Thread.sleep(Math.min(MAX_PAUSE_MS, Math.max(1, window[windowSteps / 2] * windowSteps / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static int[] smallBatches(int maxRows) {
        return Arrays.stream(SMALL_BATCHES).filter(s -> s <= maxRows).toArray();
    }

    /** The context's chunk boundary (two chunks, one full chunk, one row short), capped at {@code maxRows}. */
    private static int[] largeBatches(int maxRows, int cap) {
        return Arrays.stream(new int[]{cap + 1, cap, cap - 1})
                .map(s -> Math.min(s, maxRows)).distinct().toArray();
    }

    /**
     * A predictor of the same structure as {@code p} (layer count, activations and their
     * parameters, loss, precision, input and target scaling present or not, backend, policy)
     * with narrow layers, whose calls run the same code with the same branches at a fraction of
     * the cost; null when one cannot be built.
     */
    static Predictor shadowOf(Predictor p) {
        try {
            int layers = p.layerCount();
            Mlp.Builder b = Mlp.builder(SHADOW_INPUT).seed(1).kernels(p.kernels()).loss(p.loss());
            for (int l = 0; l < layers - 1; l++) {
                b.hidden(SHADOW_WIDTH, p.activation(l), p.activationParameter(l));
            }
            b.output(p.outputWidth(), p.activation(layers - 1), p.activationParameter(layers - 1));
            Mlp m = b.build();
            if (p.inputScaling() != null) {
                float[] scale = new float[SHADOW_INPUT];
                Arrays.fill(scale, 1f);
                m.setInputScaling(new InputScaling(new float[SHADOW_INPUT], scale));
            }
            if (p.targetScaling() != null) {
                float[] std = new float[p.outputWidth()];
                Arrays.fill(std, 1f);
                m.setTargetScaling(new TargetScaling(new float[p.outputWidth()], std));
            }
            return Predictor.of(m, p.precision()).withNonFiniteInputPolicy(p.nonFiniteInputPolicy());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * The invocations after which C2 compiles a loop-free method: HotSpot's
     * {@code min(Tier4InvocationThreshold, max(Tier4MinInvocationThreshold, Tier4CompileThreshold))}
     * times {@code CompileThresholdScaling}, from the JVM's flags (defaults 5000, 600, 15000, 1).
     */
    static long tier4Invocations() {
        try {
            return tier4Invocations(ManagementFactory.getRuntimeMXBean().getInputArguments());
        } catch (RuntimeException | LinkageError e) {
            return DEFAULT_TIER4_INVOCATIONS; // no java.management, or a flag HotSpot would refuse anyway
        }
    }

    /** {@link #tier4Invocations()} from the given JVM arguments (the last occurrence of a flag wins). */
    static long tier4Invocations(List<String> jvmArgs) {
        long invocation = DEFAULT_TIER4_INVOCATIONS;
        long minInvocation = 600;
        long compile = 15_000;
        double scaling = 1;
        for (String arg : jvmArgs) {
            invocation = flag(arg, "-XX:Tier4InvocationThreshold=", invocation);
            minInvocation = flag(arg, "-XX:Tier4MinInvocationThreshold=", minInvocation);
            compile = flag(arg, "-XX:Tier4CompileThreshold=", compile);
            if (arg.startsWith("-XX:CompileThresholdScaling=")) {
                scaling = Double.parseDouble(arg.substring("-XX:CompileThresholdScaling=".length()).trim());
            }
        }
        long effective = Math.min(invocation, Math.max(minInvocation, compile));
        return Math.max(1, Math.round(effective * scaling));
    }

    private static long flag(String arg, String prefix, long current) {
        return arg.startsWith(prefix) ? Long.parseLong(arg.substring(prefix.length()).trim()) : current;
    }

    /** Values in [-1, 1] after scaling, so activations see realistic (not all-zero) inputs. */
    private static float[] inputs(Predictor p, int rows) {
        int width = p.inputWidth();
        InputScaling scaling = p.inputScaling();
        SplittableRandom random = new SplittableRandom(0x5eed);
        float[] x = new float[rows * width];
        float[] shift = scaling == null ? null : scaling.shift();
        float[] scale = scaling == null ? null : scaling.scale();
        for (int i = 0; i < x.length; i++) {
            float v = (float) (random.nextDouble() * 2 - 1);
            int j = i % width;
            x[i] = shift == null || scale[j] == 0f ? v : v / scale[j] + shift[j];
        }
        return x;
    }
}
