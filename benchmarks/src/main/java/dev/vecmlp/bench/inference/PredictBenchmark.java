package dev.vecmlp.bench.inference;

import dev.vecmlp.bench.fixture.BenchBackends;
import dev.vecmlp.bench.fixture.CanonicalModel;
import dev.vecmlp.bench.fixture.RandomArrays;
import dev.vecmlp.bench.fixture.OrtModel;
import dev.vecmlp.inference.Precision;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Mlp;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Inference through {@link Predictor} — the thread-safe serving API, one snapshot of the model
 * shared by every caller thread, each thread's scratch buffers held by the predictor per
 * thread: {@link #latency} predicts one sample per call in sample-time mode, so JMH reports the p50/p99/p99.9 latency; {@link #batch}
 * predicts {@link #BATCH} rows per call in throughput mode (the report turns calls/s into
 * samples/s). Run with JMH's {@code -t N} (or {@code -t max}) to measure N caller threads sharing
 * the model, each with its own input and output buffers; use kernel threads 1 then, so callers
 * do not fight over cores with the kernels' own threads.
 *
 * <p>Pitfalls avoided:
 * <ul>
 *   <li><b>Dead code</b>: each call returns the output buffer, which JMH sinks into its
 *       Blackhole; the outputs are written to the heap besides.</li>
 *   <li><b>Constant folding</b>: inputs are non-final per-thread state drawn once per trial
 *       from a fixed seed; single-sample calls rotate over {@link #ROWS} different rows, so the
 *       JIT never sees one fixed input and branch history cannot learn a single sample.</li>
 *   <li><b>Loop hoisting</b>: no hand-written loop; the row index advances with each call.</li>
 *   <li><b>False sharing</b>: the shared state holds only the read-only predictor; every output a
 *       call writes lives in the caller's own {@link Caller} state, its scratch buffers in the
 *       predictor's per-thread context.</li>
 * </ul>
 *
 * <p>How to run:
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar PredictBenchmark.latency \
 *        -p backend=simd -p model=mnist -p threads=1 -prof gc
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar PredictBenchmark -t max -p threads=1
 * </pre>
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PredictBenchmark {
    /** Rows per batch call when a row has no {@code batch} parameter (reports written before it existed). */
    public static final int BATCH = 128;
    /** Distinct rows single-sample calls rotate over (a power of two). */
    static final int ROWS = 64;

    /** A vecmlp backend, or {@code onnxruntime} ({@link OrtModel}: the same weights in ONNX Runtime). */
    @Param({"reference", "ejml", "simd", "onnxruntime"})
    public String backend;

    @Param({"tiny", "mnist", "wide"})
    public String model;

    /** Kernel threads per call: {@code 1} or {@code all}. */
    @Param({"1"})
    public String threads;

    /** Rows per {@link #batch} call. */
    @Param({"128"})
    public int batch;

    /** Weight storage of the vecmlp predictor: {@code fp32}, {@code bf16} or {@code int8} ({@link Precision}); ONNX Runtime is float32. */
    @Param({"fp32"})
    public String precision;

    Predictor predictor;
    OrtModel ort;

    @Setup(Level.Trial)
    public void setUp() {
        if (OrtModel.BACKEND.equals(backend)) {
            Mlp mlp = CanonicalModel.byName(model).build(BenchBackends.create("reference", "1"), RandomArrays.SEED);
            ort = new OrtModel(mlp, BenchBackends.threads(threads));
            return;
        }
        Mlp mlp = CanonicalModel.byName(model).build(BenchBackends.create(backend, threads), RandomArrays.SEED);
        predictor = Predictor.of(mlp, Precision.valueOf(precision.toUpperCase(java.util.Locale.ROOT)));
        predictor.warmUp(); // what a service does before traffic; JMH's warm-up iterations follow
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (ort != null) {
            ort.close();
        }
    }

    /** What one caller thread owns: its inputs, its output buffer and its position among the rows. */
    @State(Scope.Thread)
    public static class Caller {
        float[] x;
        float[] out;
        int width;
        int next;
        OrtModel.Input single;
        OrtModel.Input rows;

        @Setup(Level.Trial)
        public void setUp(PredictBenchmark shared) {
            CanonicalModel shape = CanonicalModel.byName(shared.model);
            width = shape.inputWidth();
            x = shape.inputs(Math.max(ROWS, shared.batch), new SplittableRandom(RandomArrays.SEED + 2));
            out = new float[shared.batch * shape.outputWidth()];
            if (shared.ort != null) {
                single = shared.ort.newInput(1);
                rows = shared.ort.newInput(shared.batch);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (single != null) {
                single.close();
                rows.close();
            }
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public float[] latency(Caller caller) {
        int row = caller.next;
        caller.next = (row + 1) & (ROWS - 1);
        if (ort != null) {
            ort.predict(caller.single, caller.x, row * caller.width, caller.out);
        } else {
            predictor.predict(caller.x, row * caller.width, caller.out, 0);
        }
        return caller.out;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public float[] batch(Caller caller) {
        if (ort != null) {
            ort.predict(caller.rows, caller.x, 0, caller.out);
        } else {
            predictor.predictBatch(caller.x, 0, batch, caller.out, 0);
        }
        return caller.out;
    }
}
