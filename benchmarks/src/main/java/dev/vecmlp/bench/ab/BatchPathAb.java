package dev.vecmlp.bench.ab;

import dev.vecmlp.bench.fixture.BenchBackends;
import dev.vecmlp.bench.fixture.CanonicalModel;
import dev.vecmlp.bench.fixture.OrtModel;
import dev.vecmlp.bench.kernel.FmaPeakBenchmark;
import dev.vecmlp.inference.PredictionContext;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Mlp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * An interleaved A/B harness for the batch inference path on a busy machine, where times from
 * separate runs mean nothing: in one JVM, round by round, it times each variant for a fixed
 * slice and prints per-round ratios and their medians.
 * <ul>
 *   <li>{@code predict}: {@link Predictor#predictBatch} (or {@code predict} for one row), on
 *       one kernel thread and, if asked, on {@code threads};</li>
 *   <li>{@code unpacked}: the same forward pass with {@link Kernels#denseForward} on W in place
 *       (what {@code predictBatch} ran before weights were prepacked);</li>
 *   <li>{@code gemm}: the bare {@link Kernels#gemmNT} of every layer (what the GEMM benchmark
 *       times);</li>
 *   <li>{@code ort}: ONNX Runtime on the same weights and threads;</li>
 *   <li>{@code fma}: {@link FmaPeakBenchmark}'s register-only loop, for the round's peak.</li>
 * </ul>
 * Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * dev.vecmlp.bench.ab.BatchPathAb MODEL ROWS THREADS [ROUNDS] [SLICE_MS] [noort]}.
 */
public final class BatchPathAb {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static volatile float sink;

    private BatchPathAb() {
    }

    public static void main(String[] args) throws Exception {
        CanonicalModel model = CanonicalModel.byName(args[0]);
        int rows = Integer.parseInt(args[1]);
        int threads = Integer.parseInt(args[2]);
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 9;
        long sliceNs = (args.length > 4 ? Long.parseLong(args[4]) : 300) * 1_000_000L;
        boolean withOrt = !(args.length > 5 && args[5].equals("noort"));
        Kernels one = BenchBackends.create("simd", "1");
        Mlp mlp = model.build(one, 42);
        Predictor p1 = Predictor.of(mlp);
        Kernels many = threads > 1 ? BenchBackends.create("simd", Integer.toString(threads)) : null;
        Predictor pN = many == null ? null : Predictor.of(model.build(many, 42));
        float[] x = model.inputs(rows, new SplittableRandom(7));
        float[] out = new float[rows * model.outputWidth()];
        PredictionContext c1 = p1.newContext();
        PredictionContext cN = pN == null ? null : pN.newContext();
        Unpacked unpacked = new Unpacked(mlp, one, rows);
        OrtModel ort1 = withOrt ? new OrtModel(mlp, 1) : null;
        OrtModel.Input in1 = withOrt ? ort1.newInput(rows) : null;
        OrtModel ortN = withOrt && threads > 1 ? new OrtModel(mlp, threads) : null;
        OrtModel.Input inN = ortN == null ? null : ortN.newInput(rows);

        List<String> names = new ArrayList<>();
        List<Runnable> runs = new ArrayList<>();
        names.add("predict1");
        runs.add(() -> predict(p1, x, rows, out, c1));
        names.add("unpacked1");
        runs.add(() -> unpacked.forward(x, out));
        names.add("gemm1");
        runs.add(() -> unpacked.gemms(x));
        if (withOrt) {
            names.add("ort1");
            runs.add(() -> ort1.predict(in1, x, 0, out));
        }
        if (pN != null) {
            names.add("predict" + threads);
            runs.add(() -> predict(pN, x, rows, out, cN));
            if (ortN != null) {
                names.add("ort" + threads);
                runs.add(() -> ortN.predict(inN, x, 0, out));
            }
        }
        // Extra one-thread predictors packed with other K blocks ({@code -Dab.kc=128,256}).
        for (String kc : System.getProperty("ab.kc", "").split(",")) {
            if (kc.isEmpty()) {
                continue;
            }
            System.setProperty("vecmlp.simd.packedKc", kc);
            Predictor pk = Predictor.of(mlp);
            System.clearProperty("vecmlp.simd.packedKc");
            PredictionContext ck = pk.newContext();
            names.add("kc" + kc);
            runs.add(() -> predict(pk, x, rows, out, ck));
        }
        FmaPeakBenchmark probe = new FmaPeakBenchmark();
        FmaPeakBenchmark.Flops counter = new FmaPeakBenchmark.Flops();
        names.add("fma");
        runs.add(() -> sink += probe.fma(counter));

        double flopsPerCall = 2.0 * model.multiplyAddsPerSample() * rows;
        double fmaFlops = 2.0 * FmaPeakBenchmark.CHAINS * FmaPeakBenchmark.ROUNDS * F.length();
        // Warm-up: every variant well past C2's thresholds.
        p1.warmUp();
        if (pN != null) {
            pN.warmUp();
        }
        for (int i = 0; i < runs.size(); i++) {
            time(runs.get(i), 2 * sliceNs);
        }
        int v = runs.size();
        double[][] perCall = new double[rounds][v];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < v; j++) {
                int i = r % 2 == 0 ? j : v - 1 - j;
                perCall[r][i] = time(runs.get(i), sliceNs);
            }
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", r));
            for (int i = 0; i < v; i++) {
                line.append(String.format(Locale.ROOT, " %s=%.1fus", names.get(i), perCall[r][i] / 1e3));
            }
            System.out.println(line);
        }
        int iFma = v - 1;
        System.out.printf(Locale.ROOT, "%s batch %d, threads %d, JDK %s, %d rounds of %d ms (%s time) per variant%n",
                model.label(), rows, threads, Runtime.version(), rounds, sliceNs / 1_000_000,
                CPU_CLOCK ? "thread CPU" : "wall");
        for (int i = 0; i < iFma; i++) {
            final int fi = i;
            double t = median(perCall, r -> perCall[r][fi]);
            double peakShare = median(perCall, r -> (flopsPerCall / perCall[r][fi]) / (fmaFlops / perCall[r][iFma]));
            System.out.printf(Locale.ROOT, "  %-10s median %9.1f us  %6.1f GFLOP/s  %5.1f%% of the round's FMA peak%n",
                    names.get(i), t / 1e3, flopsPerCall / t, 100 * peakShare);
        }
        StringBuilder best = new StringBuilder("  best round per variant (least disturbed):");
        for (int i = 0; i < v; i++) {
            double min = Double.MAX_VALUE;
            for (double[] round : perCall) {
                min = Math.min(min, round[i]);
            }
            best.append(String.format(Locale.ROOT, " %s=%.1fus", names.get(i), min / 1e3));
        }
        System.out.println(best);
        System.out.printf(Locale.ROOT, "  fma peak median %.1f GFLOP/s%n", median(perCall, r -> fmaFlops / perCall[r][iFma]));
        ratio(names, perCall, "unpacked1", "predict1", "predict1 speed-up over the unpacked path");
        ratio(names, perCall, "gemm1", "predict1", "predict1 / its bare GEMMs (gemm time / predict time)");
        ratio(names, perCall, "ort1", "predict1", "predict1 vs ONNX Runtime 1 thread (ort time / predict time)");
        if (threads > 1) {
            ratio(names, perCall, "predict1", "predict" + threads, "predict" + threads + " vs predict1 (speed-up)");
            ratio(names, perCall, "ort" + threads, "predict" + threads,
                    "predict" + threads + " vs ONNX Runtime " + threads + " threads");
        }
        System.out.println("  sink " + sink);
        if (ort1 != null) {
            in1.close();
            ort1.close();
        }
        if (ortN != null) {
            inN.close();
            ortN.close();
        }
    }

    static void ratio(List<String> names, double[][] perCall, String num, String den, String what) {
        int a = names.indexOf(num);
        int b = names.indexOf(den);
        if (a < 0 || b < 0 || a == b) {
            return;
        }
        double[] rs = new double[perCall.length];
        for (int r = 0; r < perCall.length; r++) {
            rs[r] = perCall[r][a] / perCall[r][b];
        }
        Arrays.sort(rs);
        System.out.printf(Locale.ROOT, "  %s: median %.3f (min %.3f, max %.3f)%n", what, rs[rs.length / 2], rs[0],
                rs[rs.length - 1]);
    }

    interface PerRound {
        double of(int round);
    }

    static double median(double[][] perCall, PerRound f) {
        double[] v = new double[perCall.length];
        for (int r = 0; r < v.length; r++) {
            v[r] = f.of(r);
        }
        Arrays.sort(v);
        return v[v.length / 2];
    }

    private static void predict(Predictor p, float[] x, int rows, float[] out, PredictionContext c) {
        if (rows == 1) {
            p.predict(x, 0, out, 0, c);
        } else {
            p.predictBatch(x, 0, rows, out, 0, c);
        }
    }

    /**
     * With {@code -Dab.clock=cpu} the slices are timed by this thread's CPU time, which leaves
     * out the time the scheduler gave other processes (only meaningful for one-thread variants:
     * a worker thread's time is not counted).
     */
    static final boolean CPU_CLOCK = "cpu".equals(System.getProperty("ab.clock"));
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private static long clock() {
        return CPU_CLOCK ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** Runs {@code r} repeatedly for about {@code ns}; returns nanoseconds per call. */
    static double time(Runnable r, long ns) {
        long calls = 0;
        long start = clock();
        long now;
        do {
            for (int i = 0; i < 4; i++) {
                r.run();
            }
            calls += 4;
            now = clock();
        } while (now - start < ns);
        return (double) (now - start) / calls;
    }

    /**
     * The forward pass as {@code predictBatch} ran it before prepacking: the finiteness scan, then
     * per layer {@link Kernels#denseForward} on W in place, softmax/sigmoid after the logits.
     */
    private static final class Unpacked {
        final Kernels kernels;
        final float[] params;
        final Dense[] layers;
        final float[][] hidden;
        final int rows;
        final int inputWidth;

        Unpacked(Mlp mlp, Kernels kernels, int rows) {
            this.kernels = kernels;
            this.params = mlp.parameters().clone();
            this.rows = rows;
            this.inputWidth = mlp.inputWidth();
            this.layers = new Dense[mlp.layerCount()];
            this.hidden = new float[layers.length][];
            for (int l = 0; l < layers.length; l++) {
                layers[l] = mlp.layer(l);
                hidden[l] = new float[rows * layers[l].outputs()];
            }
        }

        void forward(float[] x, float[] out) {
            if (!kernels.allFinite(rows * inputWidth, x, 0)) {
                throw new IllegalStateException("non-finite input");
            }
            float[] in = x;
            int last = layers.length - 1;
            for (int l = 0; l <= last; l++) {
                Dense d = layers[l];
                Activation f = l == last ? Activation.LINEAR : d.activation();
                kernels.denseForward(rows, d.outputs(), d.inputs(), in, 0, params, d.weightOffset(), params,
                        d.biasOffset(), f, d.activationParameter(), hidden[l], 0);
                in = hidden[l];
            }
            kernels.activate(layers[last].activation(), rows, layers[last].outputs(), hidden[last], 0, out, 0);
        }

        void gemms(float[] x) {
            for (int l = 0; l < layers.length; l++) {
                Dense d = layers[l];
                kernels.gemmNT(rows, d.outputs(), d.inputs(), l == 0 ? x : hidden[l - 1], 0, params,
                        d.weightOffset(), hidden[l], 0, false);
            }
        }
    }
}
