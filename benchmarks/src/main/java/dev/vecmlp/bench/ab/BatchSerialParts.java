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

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The parts of one {@code predictBatch} call on one kernel thread, timed by the calling thread's
 * CPU time (so other processes' load changes them little), interleaved round by round in one JVM:
 * the whole call, the input finiteness scan, each layer's {@link Kernels#denseForwardPacked}, and
 * the output softmax. With two threads the layers above the parallel threshold split over the
 * cores and the rest stays serial; this gives the serial share for Amdahl's bound without needing
 * a quiet second core. It also times {@code Thread.onSpinWait()}, whose cost sets how long the
 * worker pool spins before it parks.
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.vecmlp.bench.ab.BatchSerialParts mnist 128 [ROUNDS] [SLICE_MS]
 * </pre>
 */
public final class BatchSerialParts {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static volatile float sink;

    private BatchSerialParts() {
    }

    public static void main(String[] args) {
        CanonicalModel model = CanonicalModel.byName(args[0]);
        int rows = Integer.parseInt(args[1]);
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        long sliceNs = (args.length > 3 ? Long.parseLong(args[3]) : 300) * 1_000_000L;
        Kernels kernels = BenchBackends.create("simd", "1");
        Mlp mlp = model.build(kernels, 42);
        Predictor predictor = Predictor.of(mlp);
        PredictionContext context = predictor.newContext();
        float[] x = model.inputs(rows, new SplittableRandom(7));
        float[] out = new float[rows * model.outputWidth()];
        float[] params = mlp.parameters();
        int layers = mlp.layerCount();
        PackedWeights[] packed = new PackedWeights[layers];
        float[][] hidden = new float[layers][];
        for (int l = 0; l < layers; l++) {
            Dense d = mlp.layer(l);
            packed[l] = kernels.packWeights(d.outputs(), d.inputs(), params, d.weightOffset());
            hidden[l] = new float[rows * d.outputs()];
        }

        List<String> names = new ArrayList<>();
        List<Runnable> runs = new ArrayList<>();
        names.add("predictBatch");
        runs.add(() -> predictor.predictBatch(x, 0, rows, out, 0, context));
        names.add("allFinite");
        runs.add(() -> sink += kernels.allFinite(rows * mlp.inputWidth(), x, 0) ? 1 : 0);
        for (int l = 0; l < layers; l++) {
            int fl = l;
            Dense d = mlp.layer(l);
            Activation f = l == layers - 1 ? Activation.LINEAR : d.activation();
            names.add("layer" + l + " " + rows + "x" + d.outputs() + "x" + d.inputs());
            runs.add(() -> kernels.denseForwardPacked(rows, d.outputs(), d.inputs(), fl == 0 ? x : hidden[fl - 1], 0,
                    params, d.weightOffset(), packed[fl], params, d.biasOffset(), f, d.activationParameter(),
                    hidden[fl], 0));
        }
        Dense lastLayer = mlp.layer(layers - 1);
        names.add("output " + lastLayer.activation());
        runs.add(() -> kernels.activate(lastLayer.activation(), rows, lastLayer.outputs(), hidden[layers - 1], 0, out, 0));

        predictor.warmUp();
        for (Runnable r : runs) {
            time(r, 2 * sliceNs);
        }
        int v = runs.size();
        double[][] perCall = new double[rounds][v];
        // Round r starts at part r (mod v), so each part follows every other one in some round.
        for (int r = 0; r < rounds; r++) {
            for (int j = 0, i = r % v; j < v; j++, i = (i + 1) % v) {
                perCall[r][i] = time(runs.get(i), sliceNs);
            }
        }
        System.out.printf(Locale.ROOT, "%s batch %d, 1 kernel thread, JDK %s, %d rounds of %d ms, thread CPU time%n",
                model.label(), rows, Runtime.version(), rounds, sliceNs / 1_000_000);
        double whole = median(perCall, 0);
        for (int i = 0; i < v; i++) {
            double m = median(perCall, i);
            double lo = Double.MAX_VALUE;
            double hi = 0;
            for (double[] round : perCall) {
                lo = Math.min(lo, round[i]);
                hi = Math.max(hi, round[i]);
            }
            System.out.printf(Locale.ROOT, "  %-28s median %9.2f us (min %9.2f, max %9.2f)  %5.1f%% of the call%n",
                    names.get(i), m / 1e3, lo / 1e3, hi / 1e3, 100 * m / whole);
        }
        spin();
        System.out.println("  sink " + sink);
    }

    /** Nanoseconds of 4096 {@code Thread.onSpinWait()} calls (WorkerPool's spin before parking): the least of many tries. */
    private static void spin() {
        long best = Long.MAX_VALUE;
        for (int t = 0; t < 2000; t++) {
            long s = System.nanoTime();
            for (int i = 0; i < 4096; i++) {
                Thread.onSpinWait();
            }
            best = Math.min(best, System.nanoTime() - s);
        }
        System.out.printf(Locale.ROOT, "  4096 x Thread.onSpinWait(): %.1f us at best (%.1f ns each)%n", best / 1e3,
                best / 4096.0);
    }

    private static double median(double[][] perCall, int i) {
        double[] v = new double[perCall.length];
        for (int r = 0; r < v.length; r++) {
            v[r] = perCall[r][i];
        }
        Arrays.sort(v);
        return v[v.length / 2];
    }

    /** Runs {@code r} repeatedly for about {@code ns} of this thread's CPU time; returns CPU nanoseconds per call. */
    private static double time(Runnable r, long ns) {
        long calls = 0;
        long start = THREADS.getCurrentThreadCpuTime();
        long now;
        do {
            for (int i = 0; i < 4; i++) {
                r.run();
            }
            calls += 4;
            now = THREADS.getCurrentThreadCpuTime();
        } while (now - start < ns);
        return (double) (now - start) / calls;
    }
}
