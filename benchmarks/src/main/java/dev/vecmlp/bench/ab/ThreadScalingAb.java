package dev.vecmlp.bench.ab;

import dev.vecmlp.bench.fixture.BenchBackends;
import dev.vecmlp.bench.fixture.CanonicalModel;
import dev.vecmlp.inference.PredictionContext;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.kernel.PackedWeights;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Mlp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Where two kernel threads lose against one on a batch: an interleaved harness (one JVM, round
 * by round, each variant timed for a fixed slice, medians and per-round ratios printed) that
 * separates what the machine allows from what the split costs.
 * <ul>
 *   <li>{@code one} / {@code two}: {@link Predictor#predictBatch} on one and on two kernel threads;</li>
 *   <li>{@code pair}: two application threads, each calling a one-thread predictor on its own
 *       batch at the same time, no synchronisation between them; the time is the slice divided
 *       by the calls of both, so {@code one / pair} is what two cores give when nothing is
 *       shared but the caches and memory above L2 (and the clock);</li>
 *   <li>{@code L<i>x1} / {@code L<i>x2}: layer {@code i} alone ({@link Kernels#denseForwardPacked}
 *       on the same packed weights) on one and two kernel threads, which shows which layer's split
 *       loses.</li>
 * </ul>
 * The pitfall it avoids: two-thread and one-thread figures from separate runs on this shared
 * 2-core machine differ by more than the effect looked for. Usage: {@code java --add-modules
 * jdk.incubator.vector -cp benchmarks.jar dev.vecmlp.bench.ab.ThreadScalingAb MODEL ROWS [ROUNDS]
 * [SLICE_MS]}.
 */
public final class ThreadScalingAb {
    private static volatile float sink;

    private ThreadScalingAb() {
    }

    public static void main(String[] args) throws Exception {
        CanonicalModel model = CanonicalModel.byName(args[0]);
        int rows = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        long sliceNs = (args.length > 3 ? Long.parseLong(args[3]) : 300) * 1_000_000L;
        Kernels one = BenchBackends.create("simd", "1");
        Kernels two = BenchBackends.create("simd", "2");
        Mlp mlp1 = model.build(one, 42);
        Mlp mlp2 = model.build(two, 42);
        Predictor p1 = Predictor.of(mlp1);
        Predictor p2 = Predictor.of(mlp2);
        float[] x = model.inputs(rows, new SplittableRandom(7));
        float[] xOther = model.inputs(rows, new SplittableRandom(8));
        float[] out = new float[rows * model.outputWidth()];
        float[] outOther = new float[rows * model.outputWidth()];
        PredictionContext c1 = p1.newContext();
        PredictionContext c2 = p2.newContext();
        Pair pair = new Pair(p1, xOther, rows, outOther);

        List<String> names = new ArrayList<>();
        List<Runnable> runs = new ArrayList<>();
        names.add("one");
        runs.add(() -> p1.predictBatch(x, 0, rows, out, 0, c1));
        names.add("two");
        runs.add(() -> p2.predictBatch(x, 0, rows, out, 0, c2));
        names.add("pair");
        runs.add(null); // timed by Pair
        List<Layer> layers = new ArrayList<>();
        float[] params = mlp1.parameters().clone();
        float[] in = x;
        for (int l = 0; l < mlp1.layerCount(); l++) {
            Dense d = mlp1.layer(l);
            Layer layer1 = new Layer(one, d, params, in, rows, l == mlp1.layerCount() - 1);
            Layer layer2 = new Layer(two, d, params, in, rows, l == mlp1.layerCount() - 1);
            layers.add(layer1);
            names.add("L" + l + "x1");
            runs.add(layer1::run);
            names.add("L" + l + "x2");
            runs.add(layer2::run);
            layer1.run();
            in = layer1.out;
        }

        p1.warmUp();
        p2.warmUp();
        int v = runs.size();
        for (int i = 0; i < v; i++) {
            timeVariant(runs.get(i), pair, 2 * sliceNs);
        }
        double[][] perCall = new double[rounds][v];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < v; j++) {
                int i = r % 2 == 0 ? j : v - 1 - j;
                perCall[r][i] = timeVariant(runs.get(i), pair, sliceNs);
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", r));
            for (int i = 0; i < v; i++) {
                line.append(String.format(Locale.ROOT, " %s=%.1fus", names.get(i), perCall[r][i] / 1e3));
            }
            System.out.println(line);
        }
        pair.stop();
        System.out.printf(Locale.ROOT, "%s batch %d, JDK %s, %d rounds of %d ms (wall time) per variant%n",
                model.label(), rows, Runtime.version(), rounds, sliceNs / 1_000_000);
        for (int i = 0; i < v; i++) {
            final int fi = i;
            System.out.printf(Locale.ROOT, "  %-6s median %9.2f us%n", names.get(i),
                    BatchPathAb.median(perCall, r -> perCall[r][fi]) / 1e3);
        }
        BatchPathAb.ratio(names, perCall, "one", "two", "two kernel threads vs one (speed-up)");
        BatchPathAb.ratio(names, perCall, "one", "pair", "two independent one-thread callers vs one (throughput)");
        for (int l = 0; l < layers.size(); l++) {
            BatchPathAb.ratio(names, perCall, "L" + l + "x1", "L" + l + "x2", "layer " + l + " two threads vs one");
        }
        System.out.println("  sink " + sink);
    }

    private static double timeVariant(Runnable r, Pair pair, long ns) throws InterruptedException {
        return r == null ? pair.time(ns) : BatchPathAb.time(r, ns);
    }

    /** One layer's {@code f(X W^T + b)} on its own, as the predictor runs it. */
    private static final class Layer {
        final Kernels kernels;
        final Dense d;
        final float[] params;
        final float[] in;
        final int rows;
        final PackedWeights packed;
        final Activation f;
        final float[] out;

        Layer(Kernels kernels, Dense d, float[] params, float[] in, int rows, boolean last) {
            this.kernels = kernels;
            this.d = d;
            this.params = params;
            this.in = in;
            this.rows = rows;
            this.packed = kernels.packWeights(d.outputs(), d.inputs(), params, d.weightOffset());
            this.f = last ? Activation.LINEAR : d.activation();
            this.out = new float[rows * d.outputs()];
        }

        void run() {
            kernels.denseForwardPacked(rows, d.outputs(), d.inputs(), in, 0, params, d.weightOffset(), packed, params,
                    d.biasOffset(), f, d.activationParameter(), out, 0);
        }
    }

    /** A second application thread that calls a one-thread predictor while the main thread does too. */
    private static final class Pair {
        private final Predictor predictor;
        private final float[] x;
        private final int rows;
        private final float[] out;
        private final Thread thread;
        private volatile boolean running;
        private volatile boolean stopped;
        private volatile long calls;

        Pair(Predictor predictor, float[] x, int rows, float[] out) {
            this.predictor = predictor;
            this.x = x;
            this.rows = rows;
            this.out = out;
            this.thread = new Thread(this::loop, "pair");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            PredictionContext c = predictor.newContext();
            while (!stopped) {
                if (!running) {
                    // Parked, not spinning: a spinning helper would take a core from the other variants.
                    LockSupport.park(this);
                    continue;
                }
                long n = 0;
                while (running) {
                    predictor.predictBatch(x, 0, rows, out, 0, c);
                    n++;
                }
                calls = n;
                sink += out[0];
            }
        }

        /** Both threads predict for about {@code ns}; nanoseconds per call of both together. */
        double time(long ns) throws InterruptedException {
            calls = -1;
            running = true;
            LockSupport.unpark(thread);
            Predictor p = predictor;
            PredictionContext c = p.newContext();
            float[] mine = new float[out.length];
            float[] xs = x.clone();
            long n = 0;
            long start = System.nanoTime();
            long now;
            do {
                p.predictBatch(xs, 0, rows, mine, 0, c);
                n++;
                now = System.nanoTime();
            } while (now - start < ns);
            running = false;
            while (calls < 0) {
                Thread.sleep(1);
            }
            long elapsed = System.nanoTime() - start;
            sink += mine[0];
            return (double) elapsed / (n + calls);
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }
    }
}
