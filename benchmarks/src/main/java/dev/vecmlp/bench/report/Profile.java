package dev.vecmlp.bench.report;

import dev.vecmlp.bench.fixture.OrtModel;
import dev.vecmlp.bench.inference.PredictBenchmark;
import dev.vecmlp.bench.kernel.ElementwiseBenchmark;
import dev.vecmlp.bench.kernel.FmaPeakBenchmark;
import dev.vecmlp.bench.kernel.GemmBenchmark;
import dev.vecmlp.bench.train.SgdStepBenchmark;
import dev.vecmlp.bench.train.TrainingOverheadBenchmark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a report run measures.
 *
 * <ul>
 *   <li>{@link #QUICK}: the headline rows in about 7 minutes on 2 cores (one fork, 3 x 1 s
 *       warm-up, 3 x 1 s measurement per row, 56 rows): SGD on {@code tiny} and {@code mnist} at
 *       every batch for every backend, {@code mnist} with all kernel threads, {@code wide} at
 *       batch 32; {@code mnist} inference; the FMA peak; the {@code mnist} GEMMs at batch 128;
 *       three elementwise kernels.</li>
 *   <li>{@link #FULL}: the whole protocol (about 85 minutes on 2 cores): every model, batch,
 *       backend and kernel-thread count for SGD, inference on one and on every processor's
 *       caller thread, with 2 forks x (4 x 2 s warm-up, 5 x 2 s measurement); every layer's three GEMMs at every batch with 1 fork x (3 x 1 s,
 *       3 x 1 s); all elementwise kernels in and out of cache; the training loop's overhead
 *       ({@code TrainingOverheadBenchmark}: {@code Trainer.fit} against bare steps).</li>
 *   <li>{@link #SMOKE}: one short in-process iteration of a tiny SGD step and the FMA probe;
 *       for the build's smoke test only, its figures mean nothing.</li>
 * </ul>
 *
 * <p>Left out on purpose: the reference backend on {@code wide} at batch 512 (one SGD step is
 * about 26 GFLOP, tens of seconds with plain loops) and with more than one kernel thread (it
 * is single-threaded: its one-thread row is the baseline for every thread count); batch
 * prediction of {@code wide} on the reference backend (about a second per call).
 */
public enum Profile {
    QUICK, FULL, SMOKE;

    private static final List<String> ALL_BACKENDS = List.of("reference", "ejml", "simd");
    private static final List<String> FAST_BACKENDS = List.of("ejml", "simd");
    /** Every vecmlp backend and ONNX Runtime on the same weights. */
    private static final List<String> WITH_ORT = List.of("reference", "ejml", "simd", OrtModel.BACKEND);
    private static final List<String> SIMD_AND_ORT = List.of("simd", OrtModel.BACKEND);

    /** The planned runs, in the order they execute (the FMA peak first: every kernel is quoted against it). */
    public List<PlannedRun> runs() {
        switch (this) {
            case QUICK:
                return quick();
            case FULL:
                return full();
            case SMOKE:
                return smoke();
            default:
                throw new AssertionError(this);
        }
    }

    /** Profile by its lower-case name. */
    public static Profile byName(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("profile: expected quick, full or smoke, found '" + name + "'");
        }
    }

    /** Expected wall time of every planned run (not counting the build or PyTorch). */
    public double estimatedSeconds() {
        return runs().stream().mapToDouble(PlannedRun::estimatedSeconds).sum();
    }

    private static List<PlannedRun> quick() {
        Timing t = new Timing(1, 3, 1000, 3, 1000);
        List<PlannedRun> runs = new ArrayList<>();
        runs.add(fma(1, t));
        runs.add(fma(0, t));
        runs.add(sgd("SGD step, tiny and mnist, every backend", ALL_BACKENDS, List.of("tiny", "mnist"),
                List.of("1", "32", "128"), List.of("1"), t));
        runs.add(sgd("SGD step, mnist, all kernel threads", FAST_BACKENDS, List.of("mnist"),
                List.of("128"), List.of("all"), t));
        runs.add(sgd("SGD step, wide", ALL_BACKENDS, List.of("wide"), List.of("32"), List.of("1"), t));
        runs.add(predict("latency", "single-sample latency, mnist", WITH_ORT, List.of("mnist"), 1, t));
        runs.add(predict("batch", "batch-128 prediction, mnist", WITH_ORT, List.of("mnist"), 1, t));
        runs.addAll(againstOrt(t));
        runs.add(predict("latency", "single-sample latency, mnist, one caller per processor",
                List.of("simd"), List.of("mnist"), 0, t));
        runs.add(gemm("GEMM, mnist layers 0-1 at batch 128", ALL_BACKENDS, "mnist", List.of("0", "1"),
                List.of("128"), List.of("1"), t));
        runs.add(elementwise("elementwise kernels in L2", List.of("reference", "simd"),
                List.of("RELU", "AXPY", "SUM_OF_SQUARES"), List.of("32768"), t));
        return runs;
    }

    private static List<PlannedRun> full() {
        Timing headline = new Timing(2, 4, 2000, 5, 2000);
        Timing kernel = new Timing(1, 3, 1000, 3, 1000);
        List<String> batches = List.of("1", "32", "128");
        List<PlannedRun> runs = new ArrayList<>();
        runs.add(fma(1, headline));
        runs.add(fma(0, headline));
        runs.add(sgd("SGD step, tiny and mnist", FAST_BACKENDS, List.of("tiny", "mnist"), batches,
                List.of("1", "all"), headline));
        runs.add(sgd("SGD step, tiny and mnist, reference", List.of("reference"), List.of("tiny", "mnist"),
                batches, List.of("1"), headline));
        runs.add(sgd("SGD step, wide", FAST_BACKENDS, List.of("wide"), List.of("1", "32", "512"),
                List.of("1", "all"), headline));
        runs.add(sgd("SGD step, wide, reference (small batches)", List.of("reference"), List.of("wide"),
                List.of("1", "32"), List.of("1"), headline));
        runs.add(predict("latency", "single-sample latency", ALL_BACKENDS, List.of("tiny", "mnist", "wide"), 1, headline));
        runs.add(predict("batch", "batch-128 prediction", ALL_BACKENDS, List.of("tiny", "mnist"), 1, headline));
        runs.add(predict("batch", "batch-128 prediction, wide", FAST_BACKENDS, List.of("wide"), 1, headline));
        runs.add(predict("latency", "single-sample latency, one caller per processor", FAST_BACKENDS,
                List.of("tiny", "mnist", "wide"), 0, headline));
        runs.add(predict("batch", "batch-128 prediction, one caller per processor", FAST_BACKENDS,
                List.of("mnist"), 0, headline));
        runs.add(predict("batch", "batch-128 prediction, all kernel threads", FAST_BACKENDS,
                List.of("mnist", "wide"), List.of("all"), 1, headline));
        for (String model : List.of("tiny", "mnist")) {
            runs.add(gemm("GEMM, " + model, ALL_BACKENDS, model, List.of("0", "1", "2"), batches, List.of("1"), kernel));
        }
        runs.add(gemm("GEMM, wide", FAST_BACKENDS, "wide", List.of("0", "1", "2"), List.of("1", "32", "512"),
                List.of("1"), kernel));
        runs.add(gemm("GEMM, wide, reference (batch 1)", List.of("reference"), "wide", List.of("0", "1", "2"),
                List.of("1"), List.of("1"), kernel));
        runs.add(gemm("GEMM, mnist, all kernel threads", List.of("simd"), "mnist", List.of("0", "1", "2"),
                List.of("128"), List.of("all"), kernel));
        runs.add(gemm("GEMM, wide, all kernel threads", List.of("simd"), "wide", List.of("0", "1", "2"),
                List.of("512"), List.of("all"), kernel));
        for (String method : List.of("trainerEpoch", "kernelsOnlyEpoch")) {
            runs.add(new PlannedRun("training loop overhead, " + method, TrainingOverheadBenchmark.class, method,
                    Map.of(), 1, headline));
        }
        runs.add(elementwise("elementwise kernels", ALL_BACKENDS,
                List.of("RELU", "SIGMOID", "RELU_BACKWARD", "AXPY", "SUM_OF_SQUARES", "MOMENTUM_UPDATE"),
                List.of("32768", "4194304"), kernel));
        return runs;
    }

    private static List<PlannedRun> smoke() {
        Timing t = new Timing(0, 1, 100, 1, 200);
        return List.of(fma(1, t),
                sgd("SGD step, tiny, reference (smoke)", List.of("reference"), List.of("tiny"), List.of("1"),
                        List.of("1"), t));
    }

    private static PlannedRun fma(int callers, Timing t) {
        return new PlannedRun(callers == 1 ? "FMA peak, one thread" : "FMA peak, every processor",
                FmaPeakBenchmark.class, "fma", Map.of(), callers, t);
    }

    private static PlannedRun sgd(String title, List<String> backends, List<String> models, List<String> batches,
                                  List<String> threads, Timing t) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("backend", backends);
        p.put("model", models);
        p.put("batch", batches);
        p.put("threads", threads);
        return new PlannedRun(title, SgdStepBenchmark.class, "step", p, 1, t);
    }

    /**
     * vecmlp's SIMD backend beside ONNX Runtime (same weights, same threads), interleaved in one
     * JMH run per kind: single-sample latency of {@code tiny} and {@code wide} ({@code mnist} is
     * in the every-backend run), bf16 and int8 weights at batch 1, and batch 32 and 128 on one and all threads.
     */
    private static List<PlannedRun> againstOrt(Timing t) {
        List<PlannedRun> runs = new ArrayList<>();
        runs.add(predict("latency", "single-sample latency vs ONNX Runtime, tiny and wide", SIMD_AND_ORT,
                List.of("tiny", "wide"), 1, t));
        runs.add(withParam(predict("latency", "single-sample latency, bf16 and int8 weights", List.of("simd"),
                List.of("mnist", "wide"), 1, t), "precision", List.of("bf16", "int8")));
        runs.add(withParam(predict("batch", "batch prediction vs ONNX Runtime", SIMD_AND_ORT,
                List.of("tiny", "mnist", "wide"), List.of("1", "all"), 1, t), "batch", List.of("32", "128")));
        return runs;
    }

    private static PlannedRun withParam(PlannedRun run, String name, List<String> values) {
        Map<String, List<String>> p = new LinkedHashMap<>(run.params());
        p.put(name, values);
        return new PlannedRun(run.title(), run.benchmark(), run.method(), p, run.callers(), run.timing());
    }

    private static PlannedRun predict(String method, String title, List<String> backends, List<String> models,
                                      int callers, Timing t) {
        return predict(method, title, backends, models, List.of("1"), callers, t);
    }

    private static PlannedRun predict(String method, String title, List<String> backends, List<String> models,
                                      List<String> threads, int callers, Timing t) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("backend", backends);
        p.put("model", models);
        p.put("threads", threads);
        return new PlannedRun(title, PredictBenchmark.class, method, p, callers, t);
    }

    private static PlannedRun gemm(String title, List<String> backends, String model, List<String> layers,
                                   List<String> batches, List<String> threads, Timing t) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("backend", backends);
        p.put("model", List.of(model));
        p.put("layer", layers);
        p.put("batch", batches);
        p.put("shape", List.of("NT", "NN", "TN"));
        p.put("threads", threads);
        return new PlannedRun(title, GemmBenchmark.class, "gemm", p, 1, t);
    }

    private static PlannedRun elementwise(String title, List<String> backends, List<String> kernels,
                                          List<String> lens, Timing t) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("backend", backends);
        p.put("kernel", kernels);
        p.put("len", lens);
        p.put("threads", List.of("1"));
        return new PlannedRun(title, ElementwiseBenchmark.class, "call", p, 1, t);
    }
}
