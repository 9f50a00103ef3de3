package dev.vecmlp.bench.startup;

import dev.vecmlp.bench.fixture.BenchBackends;
import dev.vecmlp.bench.fixture.CanonicalModel;
import dev.vecmlp.bench.fixture.OrtModel;
import dev.vecmlp.bench.fixture.RandomArrays;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.onnx.OnnxModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What a service sees at start-up, in a fresh JVM: the time from reading the model file to the
 * first prediction whose latency is within 10% of the steady-state p50, for vecmlp
 * ({@link ModelFiles#load}, {@link Predictor#of}, {@link Predictor#warmUp()}, then predictions)
 * and for ONNX Runtime (reading the ONNX file, creating the session, then runs).
 *
 * <p>Steady state is the p50 of 20,000 single-sample calls made after the first 20,000. "Ready"
 * is the start of the first block of 100 consecutive calls whose median is within 10% of it,
 * counted from the start (load included). Run one backend per JVM, so neither pays for the
 * other's compilation:
 * <pre>
 *   java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *        dev.vecmlp.bench.startup.StartupCheck simd mnist [default|single|none] [LABEL]
 *   java -cp benchmarks/target/benchmarks.jar dev.vecmlp.bench.startup.StartupCheck onnxruntime mnist
 * </pre>
 * The third argument is vecmlp's warm-up: {@code default} ({@link Predictor#warmUp()}, every
 * path), {@code single} ({@code warmUp(1, 5 s)}, the single-sample paths only) or {@code none}
 * (straight to the measured calls). It prints one line for people (load, warm-up or session
 * creation, first call, time to ready, steady p50) and one {@code startup-result} line of
 * tab-separated fields for {@code benchmarks/startup.sh}: label, JDK, load ms, warm-up ms, ready
 * ms (-1: never), steady p50 µs. The model files are written (seeded weights) to the temporary
 * directory first, outside the timing.
 */
public final class StartupCheck {
    private static final int BLOCK = 100;
    private static final int CALLS = 40_000;

    private StartupCheck() {
    }

    public static void main(String[] args) throws IOException {
        String backend = args.length > 0 ? args[0] : "simd";
        CanonicalModel shape = CanonicalModel.byName(args.length > 1 ? args[1] : "mnist");
        String warmUp = args.length > 2 ? args[2] : "default";
        if (!warmUp.equals("default") && !warmUp.equals("single") && !warmUp.equals("none")) {
            throw new IllegalArgumentException("warm-up: expected default, single or none, found '" + warmUp + "'");
        }
        String label = args.length > 3 ? args[3] : backend + (OrtModel.BACKEND.equals(backend) ? "" : " " + warmUp);
        Mlp mlp = shape.build(BenchBackends.create("reference", "1"), RandomArrays.SEED);
        Path dir = Files.createTempDirectory("vecmlp-startup");
        Path vmlp = dir.resolve(shape.label() + ".vmlp");
        Path onnx = dir.resolve(shape.label() + ".onnx");
        ModelFiles.save(mlp, Map.of(), vmlp);
        OnnxModels.export(mlp, onnx);
        float[] x = shape.inputs(64, new SplittableRandom(RandomArrays.SEED + 2));
        float[] out = new float[shape.outputWidth()];
        int width = shape.inputWidth();
        long[] times = new long[CALLS];

        long t0 = System.nanoTime();
        long loaded;
        long prepared;
        if (OrtModel.BACKEND.equals(backend)) {
            byte[] bytes = Files.readAllBytes(onnx);
            loaded = System.nanoTime();
            OrtModel ort = new OrtModel(bytes, width, shape.outputWidth(), 1);
            OrtModel.Input input = ort.newInput(1);
            prepared = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                long s = System.nanoTime();
                ort.predict(input, x, (i & 63) * width, out);
                times[i] = System.nanoTime() - s;
            }
        } else {
            Predictor predictor = Predictor.of(ModelFiles.load(vmlp));
            loaded = System.nanoTime();
            if (warmUp.equals("default")) {
                predictor.warmUp();
            } else if (warmUp.equals("single")) {
                predictor.warmUp(1, Duration.ofSeconds(5));
            }
            prepared = System.nanoTime();
            for (int i = 0; i < CALLS; i++) {
                long s = System.nanoTime();
                predictor.predict(x, (i & 63) * width, out, 0);
                times[i] = System.nanoTime() - s;
            }
        }
        long[] steady = Arrays.copyOfRange(times, CALLS / 2, CALLS);
        Arrays.sort(steady);
        double p50 = steady[steady.length / 2];
        long elapsed = prepared - t0;
        long ready = -1;
        for (int b = 0; b + BLOCK <= CALLS / 2; b += BLOCK) {
            long[] block = Arrays.copyOfRange(times, b, b + BLOCK);
            long sum = 0;
            for (long t : block) {
                sum += t;
            }
            Arrays.sort(block);
            if (block[BLOCK / 2] <= 1.1 * p50) {
                ready = elapsed;
                break;
            }
            elapsed += sum;
        }
        System.out.printf(Locale.ROOT, "%s %s on JDK %s: load %.1f ms, %s %.1f ms, first call %.1f us, ready (median of"
                        + " %d calls within 10%% of steady p50) after %s, steady p50 %.2f us%n",
                backend, shape.label(), Runtime.version(), (loaded - t0) / 1e6,
                OrtModel.BACKEND.equals(backend) ? "session creation" : "warm-up", (prepared - loaded) / 1e6,
                times[0] / 1e3, BLOCK, ready < 0 ? "never within the first " + CALLS / 2 + " calls"
                        : String.format(Locale.ROOT, "%.1f ms", ready / 1e6), p50 / 1e3);
        System.out.printf(Locale.ROOT, "startup-result\t%s\t%d\t%.1f\t%.1f\t%.1f\t%.2f%n", label,
                Runtime.version().feature(), (loaded - t0) / 1e6, (prepared - loaded) / 1e6,
                ready < 0 ? -1.0 : ready / 1e6, p50 / 1e3);
        System.exit(0);
    }
}
