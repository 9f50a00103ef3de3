package dev.vecmlp.bench.ab;

import dev.vecmlp.bench.fixture.BenchBackends;
import dev.vecmlp.bench.fixture.CanonicalModel;
import dev.vecmlp.bench.fixture.OrtModel;
import dev.vecmlp.bench.kernel.FmaPeakBenchmark;
import dev.vecmlp.inference.PredictionContext;
import dev.vecmlp.inference.Precision;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.kernel.Bf16;
import dev.vecmlp.kernel.Int8;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.kernel.PackedWeights;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Mlp;
import jdk.incubator.vector.FloatVector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Interleaved A/B harness for the batch-1 (matrix-vector) path, for a busy machine: in one JVM,
 * round by round (order reversed every other round), each variant is timed for a fixed slice;
 * medians over rounds are printed (see {@link BatchPathAb} for the timing helpers and
 * {@code -Dab.clock=cpu}).
 *
 * <ul>
 *   <li>{@code footprint [K] [ROUNDS] [SLICE_MS]}: one matrix-vector product {@code W x} (one
 *       row, no activation) for W of {@code n x K} floats from ~25 KB to ~8 MB, each size its own
 *       W, on W in place ({@code inplace}), on the packed dot tiles ({@code packed}), and with
 *       bf16 and int8 weights in place and packed (the size column is float32's); prints ns per call, bytes of W per ns and per cycle
 *       (the cycle estimated from the round's FMA probe at 2 x 512-bit FMAs per cycle).</li>
 *   <li>{@code predict [THREADS] [ROUNDS] [SLICE_MS] [noort]}: {@code mnist} single-sample
 *       {@link Predictor#predict} with the matrix-vector path on W in place ({@code old},
 *       {@code vecmlp.simd.packedDots=false}) and on the packed tiles (lane-by-lane reduction,
 *       {@code lanes}, and vector folds, {@code new}), float32, bf16 (paired and plain tiles, {@code bf16plain}) and int8, on one thread and on
 *       {@code THREADS}; the layers of the new path timed alone (the rest of a call is the
 *       difference), the finiteness scan and the softmax alone; ONNX Runtime on one thread.</li>
 * </ul>
 * Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar dev.vecmlp.bench.ab.DotPathAb MODE ...}
 */
public final class DotPathAb {
    private static final int FLOAT_LANES = FloatVector.SPECIES_PREFERRED.length();
    private static volatile float sink;

    private DotPathAb() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "predict";
        if (mode.equals("footprint")) {
            footprint(args);
        } else if (mode.equals("predict")) {
            predict(args);
        } else {
            throw new IllegalArgumentException("mode: expected footprint or predict, found '" + mode + "'");
        }
    }

    // ---------------------------------------------------------------- footprint

    private static void footprint(String[] args) {
        int k = args.length > 1 ? Integer.parseInt(args[1]) : 784;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        long sliceNs = (args.length > 3 ? Long.parseLong(args[3]) : 60) * 1_000_000L;
        int[] ns = {8, 16, 32, 64, 96, 128, 160, 192, 256, 320, 384, 512, 1024, 2560};
        Kernels kernels = BenchBackends.create("simd", "1");
        SplittableRandom random = new SplittableRandom(3);
        float[] x = values(random, k);
        float[] out = new float[ns[ns.length - 1]];
        List<String> names = new ArrayList<>();
        List<Runnable> runs = new ArrayList<>();
        List<Double> bytes = new ArrayList<>();
        for (int n : ns) {
            float[] w = values(random, n * k);
            float[] bias = new float[n];
            short[] half = Bf16.round(w, 0, w.length);
            PackedWeights packed = kernels.packWeights(n, k, w, 0);
            PackedWeights packedHalf = kernels.packWeightsBf16(n, k, half, 0);
            byte[] quarter = new byte[n * k];
            float[] scales = new float[n];
            Int8.quantize(n, k, w, 0, scales, 0, quarter, 0);
            PackedWeights packedQuarter = kernels.packWeightsInt8(n, k, quarter, 0);
            String size = String.format(Locale.ROOT, "%5.0fKB", 4.0 * n * k / 1024);
            names.add("inplace " + size);
            bytes.add(4.0 * n * k);
            runs.add(() -> kernels.denseForward(1, n, k, x, 0, w, 0, bias, 0, Activation.LINEAR, 0f, out, 0));
            names.add("packed  " + size);
            bytes.add(4.0 * n * k);
            runs.add(() -> kernels.denseForwardPacked(1, n, k, x, 0, w, 0, packed, bias, 0, Activation.LINEAR, 0f,
                    out, 0));
            names.add("bf16in  " + size);
            bytes.add(2.0 * n * k);
            runs.add(() -> kernels.denseForwardBf16(1, n, k, x, 0, half, 0, bias, 0, Activation.LINEAR, out, 0));
            names.add("bf16pk  " + size);
            bytes.add(2.0 * n * k);
            runs.add(() -> kernels.denseForwardBf16Packed(1, n, k, x, 0, half, 0, packedHalf, bias, 0,
                    Activation.LINEAR, out, 0));
            names.add("int8in  " + size);
            bytes.add(1.0 * n * k);
            runs.add(() -> kernels.denseForwardInt8(1, n, k, x, 0, quarter, 0, scales, 0, bias, 0, Activation.LINEAR,
                    out, 0));
            names.add("int8pk  " + size);
            bytes.add(1.0 * n * k);
            runs.add(() -> kernels.denseForwardInt8Packed(1, n, k, x, 0, quarter, 0, scales, 0, packedQuarter, bias, 0,
                    Activation.LINEAR, out, 0));
        }
        FmaPeakBenchmark probe = new FmaPeakBenchmark();
        FmaPeakBenchmark.Flops counter = new FmaPeakBenchmark.Flops();
        names.add("fma");
        runs.add(() -> sink += probe.fma(counter));
        double[][] perCall = measure(names, runs, rounds, sliceNs, false);
        int iFma = runs.size() - 1;
        double fmaFlops = 2.0 * FmaPeakBenchmark.CHAINS * FmaPeakBenchmark.ROUNDS * FLOAT_LANES;
        // Cycles per ns: the probe's FLOP/ns over 2 FMA pipes x lanes x 2 FLOP per cycle.
        double ghz = BatchPathAb.median(perCall, r -> fmaFlops / perCall[r][iFma]) / (4.0 * FLOAT_LANES);
        System.out.printf(Locale.ROOT, "footprint: W x for W of n x %d, one thread, JDK %s, %d rounds of %d ms (%s time),"
                        + " clock estimate %.2f GHz from the FMA probe%n", k, Runtime.version(), rounds,
                sliceNs / 1_000_000, BatchPathAb.CPU_CLOCK ? "thread CPU" : "wall", ghz);
        System.out.println("  variant         median ns/call   bytes/ns  bytes/cycle  (min-max ns over rounds)");
        for (int i = 0; i < iFma; i++) {
            int fi = i;
            double t = BatchPathAb.median(perCall, r -> perCall[r][fi]);
            double perCycle = BatchPathAb.median(perCall,
                    r -> bytes.get(fi) / perCall[r][fi] / (fmaFlops / perCall[r][iFma] / (4.0 * FLOAT_LANES)));
            double min = Double.MAX_VALUE;
            double max = 0;
            for (double[] round : perCall) {
                min = Math.min(min, round[i]);
                max = Math.max(max, round[i]);
            }
            System.out.printf(Locale.ROOT, "  %-16s %12.0f %10.1f %12.1f  (%.0f-%.0f)%n", names.get(i), t,
                    bytes.get(i) / t, perCycle, min, max);
        }
        System.out.println("  sink " + sink);
    }

    // ---------------------------------------------------------------- predict

    private static void predict(String[] args) throws Exception {
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 9;
        long sliceNs = (args.length > 3 ? Long.parseLong(args[3]) : 200) * 1_000_000L;
        boolean withOrt = !(args.length > 4 && args[4].equals("noort"));
        CanonicalModel model = CanonicalModel.MNIST;
        Kernels one = BenchBackends.create("simd", "1");
        Mlp mlp = model.build(one, 42);
        float[] x = model.inputs(64, new SplittableRandom(7));
        int width = model.inputWidth();
        float[] out = new float[model.outputWidth()];
        int[] row = new int[1];

        List<String> names = new ArrayList<>();
        List<Runnable> runs = new ArrayList<>();
        List<Predictor> predictors = new ArrayList<>();
        addPredictor(names, runs, predictors, "old1", mlp, Precision.FP32, "false", null, x, width, out, row);
        addPredictor(names, runs, predictors, "lanes1", mlp, Precision.FP32, null, "lanes", x, width, out, row);
        addPredictor(names, runs, predictors, "new1", mlp, Precision.FP32, null, null, x, width, out, row);
        addPredictor(names, runs, predictors, "bf16old1", mlp, Precision.BF16, "false", null, x, width, out, row);
        addPredictor(names, runs, predictors, "bf16new1", mlp, Precision.BF16, null, null, x, width, out, row);
        System.setProperty("vecmlp.simd.pairedBf16", "false");
        addPredictor(names, runs, predictors, "bf16plain1", mlp, Precision.BF16, null, null, x, width, out, row);
        System.clearProperty("vecmlp.simd.pairedBf16");
        addPredictor(names, runs, predictors, "int8new1", mlp, Precision.INT8, null, null, x, width, out, row);
        if (threads > 1) {
            Mlp many = model.build(BenchBackends.create("simd", Integer.toString(threads)), 42);
            addPredictor(names, runs, predictors, "old" + threads, many, Precision.FP32, "false", null, x, width, out, row);
            addPredictor(names, runs, predictors, "new" + threads, many, Precision.FP32, null, null, x, width, out, row);
            addPredictor(names, runs, predictors, "bf16old" + threads, many, Precision.BF16, "false", null, x, width, out,
                    row);
            addPredictor(names, runs, predictors, "bf16new" + threads, many, Precision.BF16, null, null, x, width, out,
                    row);
            addPredictor(names, runs, predictors, "int8new" + threads, many, Precision.INT8, null, null, x, width, out,
                    row);
        }
        // The new path's layers one by one (same kernels, same packed weights as new1 / bf16new1).
        float[] params = mlp.parameters().clone();
        short[] half = Bf16.round(params, 0, params.length);
        float[] widened = new float[params.length];
        for (int i = 0; i < params.length; i++) {
            widened[i] = Bf16.widen(half[i]);
        }
        float[][] hidden = new float[mlp.layerCount()][];
        for (int l = 0; l < mlp.layerCount(); l++) {
            Dense d = mlp.layer(l);
            hidden[l] = new float[d.outputs()];
            int n = d.outputs();
            int k = d.inputs();
            PackedWeights packed = one.packWeights(n, k, params, d.weightOffset());
            PackedWeights packedHalf = one.packWeightsBf16(n, k, half, d.weightOffset());
            float[] in = l == 0 ? x : hidden[l - 1];
            float[] dst = hidden[l];
            Activation f = l == mlp.layerCount() - 1 ? Activation.LINEAR : d.activation();
            names.add("layer" + l);
            runs.add(() -> one.denseForwardPacked(1, n, k, in, 0, params, d.weightOffset(), packed, params,
                    d.biasOffset(), f, 0f, dst, 0));
            names.add("bf16layer" + l);
            runs.add(() -> one.denseForwardBf16Packed(1, n, k, in, 0, half, d.weightOffset(), packedHalf, widened,
                    d.biasOffset(), f, dst, 0));
        }
        names.add("finite");
        runs.add(() -> sink += one.allFinite(width, x, 0) ? 1 : 0);
        float[] logits = hidden[mlp.layerCount() - 1];
        names.add("softmax");
        runs.add(() -> one.activate(Activation.SOFTMAX, 1, logits.length, logits, 0, out, 0));
        OrtModel ort = withOrt ? new OrtModel(mlp, 1) : null;
        OrtModel.Input ortIn = withOrt ? ort.newInput(1) : null;
        if (withOrt) {
            names.add("ort1");
            runs.add(() -> {
                int r = row[0];
                row[0] = (r + 1) & 63;
                ort.predict(ortIn, x, r * width, out);
            });
        }
        for (Predictor p : predictors) {
            p.warmUp(1, Duration.ofSeconds(3));
        }
        double[][] perCall = measure(names, runs, rounds, sliceNs, true);
        System.out.printf(Locale.ROOT, "mnist single-sample predict, threads 1 and %d, JDK %s, %d rounds of %d ms (%s time)%n",
                threads, Runtime.version(), rounds, sliceNs / 1_000_000, BatchPathAb.CPU_CLOCK ? "thread CPU" : "wall");
        for (int i = 0; i < names.size(); i++) {
            int fi = i;
            double min = Double.MAX_VALUE;
            double max = 0;
            for (double[] round : perCall) {
                min = Math.min(min, round[i]);
                max = Math.max(max, round[i]);
            }
            System.out.printf(Locale.ROOT, "  %-10s median %8.2f us  (min %.2f, max %.2f)%n", names.get(i),
                    BatchPathAb.median(perCall, r -> perCall[r][fi]) / 1e3, min / 1e3, max / 1e3);
        }
        String t = Integer.toString(threads);
        BatchPathAb.ratio(names, perCall, "old1", "new1", "new1 speed-up over old1 (old time / new time)");
        BatchPathAb.ratio(names, perCall, "lanes1", "new1", "vector folds vs lane sums (lanes1 / new1)");
        BatchPathAb.ratio(names, perCall, "old1", "lanes1", "packed tiles alone (old1 / lanes1)");
        BatchPathAb.ratio(names, perCall, "bf16old1", "bf16new1", "bf16new1 speed-up over bf16old1");
        BatchPathAb.ratio(names, perCall, "ort1", "new1", "new1 vs ONNX Runtime 1 thread (ort time / new1 time)");
        BatchPathAb.ratio(names, perCall, "ort1", "bf16new1", "bf16new1 vs ONNX Runtime 1 thread");
        BatchPathAb.ratio(names, perCall, "bf16plain1", "bf16new1", "paired bf16 tiles over plain ones (bf16plain1 / bf16new1)");
        BatchPathAb.ratio(names, perCall, "ort1", "int8new1", "int8new1 vs ONNX Runtime 1 thread");
        BatchPathAb.ratio(names, perCall, "ort1", "old1", "old1 vs ONNX Runtime 1 thread");
        if (threads > 1) {
            BatchPathAb.ratio(names, perCall, "old" + t, "new" + t, "new" + t + " speed-up over old" + t);
            BatchPathAb.ratio(names, perCall, "bf16old" + t, "bf16new" + t, "bf16new" + t + " speed-up over bf16old" + t);
            BatchPathAb.ratio(names, perCall, "new1", "new" + t, "new" + t + " vs new1 (speed-up)");
            BatchPathAb.ratio(names, perCall, "ort1", "new" + t, "new" + t + " vs ONNX Runtime 1 thread");
            BatchPathAb.ratio(names, perCall, "ort1", "bf16new" + t, "bf16new" + t + " vs ONNX Runtime 1 thread");
            BatchPathAb.ratio(names, perCall, "ort1", "int8new" + t, "int8new" + t + " vs ONNX Runtime 1 thread");
        }
        double layers = 0;
        double layersHalf = 0;
        for (int l = 0; l < mlp.layerCount(); l++) {
            int a = names.indexOf("layer" + l);
            int b = names.indexOf("bf16layer" + l);
            layers += BatchPathAb.median(perCall, r -> perCall[r][a]);
            layersHalf += BatchPathAb.median(perCall, r -> perCall[r][b]);
        }
        int iNew = names.indexOf("new1");
        int iHalf = names.indexOf("bf16new1");
        System.out.printf(Locale.ROOT, "  layers alone: fp32 %.2f us of new1 %.2f us; bf16 %.2f us of bf16new1 %.2f us%n",
                layers / 1e3, BatchPathAb.median(perCall, r -> perCall[r][iNew]) / 1e3, layersHalf / 1e3,
                BatchPathAb.median(perCall, r -> perCall[r][iHalf]) / 1e3);
        System.out.println("  sink " + sink);
        if (ort != null) {
            ortIn.close();
            ort.close();
        }
    }

    /** A predictor made with the given tuning switches (read when its weights are packed), cycling over 64 inputs. */
    private static void addPredictor(List<String> names, List<Runnable> runs, List<Predictor> predictors, String name,
                                     Mlp mlp, Precision precision, String packedDots, String dotReduce,
                                     float[] x, int width, float[] out, int[] row) {
        set("vecmlp.simd.packedDots", packedDots);
        set("vecmlp.simd.dotReduce", dotReduce);
        Predictor p = Predictor.of(mlp, precision);
        set("vecmlp.simd.packedDots", null);
        set("vecmlp.simd.dotReduce", null);
        PredictionContext c = p.newContext(1);
        predictors.add(p);
        names.add(name);
        runs.add(() -> {
            int r = row[0];
            row[0] = (r + 1) & 63;
            p.predict(x, r * width, out, 0, c);
        });
    }

    private static void set(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    // ---------------------------------------------------------------- common

    /** Rounds of every variant, the order reversed every other round; nanoseconds per call. */
    private static double[][] measure(List<String> names, List<Runnable> runs, int rounds, long sliceNs, boolean print) {
        int v = runs.size();
        for (Runnable r : runs) {
            BatchPathAb.time(r, sliceNs);
        }
        double[][] perCall = new double[rounds][v];
        for (int r = 0; r < rounds; r++) {
            for (int j = 0; j < v; j++) {
                int i = r % 2 == 0 ? j : v - 1 - j;
                perCall[r][i] = BatchPathAb.time(runs.get(i), sliceNs);
            }
            if (print) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "round %d:", r));
                for (int i = 0; i < v; i++) {
                    line.append(String.format(Locale.ROOT, " %s=%.2f", names.get(i), perCall[r][i] / 1e3));
                }
                System.out.println(line);
            }
        }
        return perCall;
    }

    private static float[] values(SplittableRandom random, int length) {
        float[] v = new float[length];
        for (int i = 0; i < length; i++) {
            v[i] = (float) random.nextDouble(-1, 1);
        }
        return v;
    }
}
