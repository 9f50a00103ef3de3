package dev.vecmlp.bench.soak;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.io.Checkpoint;
import dev.vecmlp.io.Checkpoints;
import dev.vecmlp.io.ModelFile;
import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.kernel.BackendInfo;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Adam;
import dev.vecmlp.train.Trainer;
import dev.vecmlp.train.TrainingResume;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A soak run of serving beside training (not part of CI): {@code threads} request threads
 * predict from a shared {@link Predictor} while a reloader replaces it with the model read back
 * from disk every second, and a trainer resumes from its checkpoint, trains an epoch, writes a
 * new checkpoint and a new model version beside them, at most once a second (less often when
 * the serving threads hold the cores). It checks that no thread
 * sees an error, that every answer is bit-equal to the answer the model version it came from
 * gave when the trainer saved it (each served predictor carries its version's expected
 * answers), and that the heap after a full GC does not grow between the start and the end.
 *
 * <pre>{@code
 * benchmarks/soak.sh                      # 10 minutes, 16 threads
 * benchmarks/soak.sh --minutes 1 --threads 4 --dir /tmp/soak
 * }</pre>
 *
 * Exit status 0 when every check held, 1 otherwise; the figures go to standard output.
 */
public final class ServingSoak {
    private static final int INPUTS = 64;
    private static final int CLASSES = 10;
    private static final int PROBES = 64;
    private static final int ROWS = 512;
    /** Heap growth (after GC, end minus start) above which the run fails: 16 MiB or 25%, whichever is larger. */
    private static final long GROWTH_FLOOR = 16L << 20;

    /** A model version as served: its predictor, its number and the answers it must give to the probes. */
    private record Served(long version, Predictor predictor, float[] expected) {
    }

    private final Duration duration;
    private final int threads;
    private final Path dir;
    private final PrintStream out;
    private final float[] probes;
    private final Map<Long, float[]> expectedByVersion = new ConcurrentHashMap<>();
    private final AtomicReference<Served> served = new AtomicReference<>();
    private final LongAdder answers = new LongAdder();
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong checkpoints = new AtomicLong();
    private final AtomicLong versions = new AtomicLong();
    private final AtomicLong mismatches = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final List<String> firstProblems = new ArrayList<>();
    private volatile boolean stop;

    ServingSoak(Duration duration, int threads, Path dir, PrintStream out) {
        this.duration = duration;
        this.threads = threads;
        this.dir = dir;
        this.out = out;
        this.probes = features(PROBES, 99);
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofMinutes(10);
        int threads = 16;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--minutes" -> duration = Duration.ofSeconds(Math.round(Double.parseDouble(args[++i]) * 60));
                case "--seconds" -> duration = Duration.ofSeconds(Long.parseLong(args[++i]));
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                default -> {
                    System.err.println("usage: ServingSoak [--minutes M | --seconds S] [--threads N] [--dir DIR]");
                    System.exit(2);
                }
            }
        }
        if (dir == null) {
            dir = Files.createTempDirectory("vecmlp-soak");
        }
        Files.createDirectories(dir);
        boolean ok = new ServingSoak(duration, threads, dir, System.out).run();
        System.exit(ok ? 0 : 1);
    }

    boolean run() throws Exception {
        BackendInfo backend = Backends.describe();
        out.printf(Locale.ROOT, "soak: %d serving threads, reload every 1 s, train+checkpoint every 1 s, for %s;"
                        + " JDK %s, backend %s (%d kernel threads), %d cores; files in %s%n",
                threads, duration, Runtime.version(), backend.name(), backend.threads(),
                Runtime.getRuntime().availableProcessors(), dir);
        Path modelFile = dir.resolve("model.vmlp");
        Path checkpointFile = dir.resolve("run.ckpt");
        DataSet data = data();
        Mlp model = Mlp.builder(INPUTS).hidden(128, Activation.RELU).hidden(64, Activation.TANH)
                .output(CLASSES, Activation.SOFTMAX).seed(5).build();
        Checkpoints.save(model, new TrainingResume(new Adam(1e-3).state(), 0, 0), checkpointFile);
        publishVersion(model, 0, modelFile);
        reload(modelFile);
        served.get().predictor().warmUp();

        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(start("serve-" + t, () -> serve(id)));
        }
        workers.add(start("reload", () -> {
            while (!stop) {
                sleep(1000);
                reload(modelFile);
            }
        }));
        workers.add(start("train", () -> {
            long version = 0;
            while (!stop) {
                long began = System.nanoTime();
                trainOneEpoch(checkpointFile, modelFile, data, ++version);
                sleep(Math.max(0, 1000 - (System.nanoTime() - began) / 1_000_000));
            }
        }));

        sleep(20_000); // let the JIT and the first reloads settle before measuring the baseline
        long heapStart = heapAfterGc();
        out.printf(Locale.ROOT, "heap after GC at start (20 s in): %.1f MiB%n", heapStart / 1048576.0);
        long deadline = System.nanoTime() + duration.toNanos() - 20_000_000_000L;
        long nextReport = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            sleep(Math.min(1000, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            if (System.nanoTime() >= nextReport) {
                nextReport += 60_000_000_000L;
                out.printf(Locale.ROOT, "  ... %,d answers, %,d reloads, %,d checkpoints, %d mismatches, %d errors%n",
                        answers.sum(), reloads.get(), checkpoints.get(), mismatches.get(), errors.get());
            }
        }
        stop = true;
        for (Thread w : workers) {
            w.join();
        }
        long heapEnd = heapAfterGc();
        long growth = heapEnd - heapStart;
        boolean heapOk = growth <= Math.max(GROWTH_FLOOR, heapStart / 4);
        double seconds = duration.toNanos() / 1e9;
        out.printf(Locale.ROOT, "answers served: %,d (%,.0f per second over %d threads)%n", answers.sum(),
                answers.sum() / seconds, threads);
        out.printf(Locale.ROOT, "reloads: %,d; model versions trained and saved: %,d; checkpoints: %,d%n",
                reloads.get(), versions.get(), checkpoints.get());
        out.printf(Locale.ROOT, "heap after GC: start %.1f MiB, end %.1f MiB (growth %.1f MiB: %s)%n",
                heapStart / 1048576.0, heapEnd / 1048576.0, growth / 1048576.0, heapOk ? "ok" : "TOO MUCH");
        out.printf(Locale.ROOT, "answers unequal to their version's: %d; errors: %d%n", mismatches.get(), errors.get());
        synchronized (firstProblems) {
            firstProblems.forEach(p -> out.println("  " + p));
        }
        boolean ok = heapOk && mismatches.get() == 0 && errors.get() == 0 && reloads.get() > 0 && checkpoints.get() > 0;
        out.println(ok ? "SOAK PASSED" : "SOAK FAILED");
        return ok;
    }

    /** A serving thread: round-robin over the probes, each answer compared bit for bit; allocates nothing per call. */
    private void serve(int id) {
        float[] answer = new float[CLASSES];
        int row = id % PROBES;
        while (!stop) {
            Served s = served.get();
            s.predictor().predict(probes, row * INPUTS, answer, 0);
            for (int j = 0; j < CLASSES; j++) {
                if (Float.floatToRawIntBits(answer[j]) != Float.floatToRawIntBits(s.expected()[row * CLASSES + j])) {
                    mismatches.incrementAndGet();
                    problem("version " + s.version() + ", probe " + row + ", class " + j + ": expected "
                            + s.expected()[row * CLASSES + j] + ", found " + answer[j]);
                    break;
                }
            }
            answers.increment();
            row = (row + 1) % PROBES;
        }
    }

    /** Reads the model file back and serves it, with the expected answers of the version it names. */
    private void reload(Path modelFile) {
        try {
            ModelFile file = ModelFiles.read(modelFile);
            long version = Long.parseLong(file.metadata().get("version"));
            float[] expected = expectedByVersion.get(version);
            if (expected == null) {
                throw new IllegalStateException("version " + version + " was read from disk but never saved");
            }
            served.set(new Served(version, Predictor.of(file.model()), expected));
            reloads.incrementAndGet();
            expectedByVersion.keySet().removeIf(v -> v < version - 10);
        } catch (Exception e) {
            failed("reload", e);
        }
    }

    /** Resumes from the checkpoint on disk, trains one more epoch (checkpointed), and saves the result as a new version. */
    private void trainOneEpoch(Path checkpointFile, Path modelFile, DataSet data, long version) {
        try {
            Checkpoint c = Checkpoints.load(checkpointFile);
            Mlp model = c.model();
            Trainer trainer = Trainer.builder().optimizer(new Adam(1e-3)).batchSize(64)
                    .epochs(c.resume().epochsDone() + 1).seed(3).health(null)
                    .checkpoints((m, resume) -> {
                        Checkpoints.save(m, resume, checkpointFile);
                        checkpoints.incrementAndGet();
                    }, 1)
                    .build();
            trainer.fit(model, data, c.resume());
            publishVersion(model, version, modelFile);
        } catch (Exception e) {
            failed("train", e);
        }
    }

    /** Records what {@code model} answers to every probe (through a predictor, single rows, as served), then saves it. */
    private void publishVersion(Mlp model, long version, Path modelFile) throws Exception {
        Predictor p = Predictor.of(model);
        float[] expected = new float[PROBES * CLASSES];
        for (int r = 0; r < PROBES; r++) {
            p.predict(probes, r * INPUTS, expected, r * CLASSES);
        }
        expectedByVersion.put(version, expected);
        ModelFiles.save(model, Map.of("version", Long.toString(version)), modelFile);
        versions.incrementAndGet();
    }

    private void failed(String where, Exception e) {
        errors.incrementAndGet();
        problem(where + ": " + e);
    }

    private void problem(String text) {
        synchronized (firstProblems) {
            if (firstProblems.size() < 10) {
                firstProblems.add(text);
            }
        }
    }

    private Thread start(String name, Runnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException | Error e) {
                errors.incrementAndGet();
                problem(name + " died: " + e);
            }
        }, "soak-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Synthetic data: Gaussian features, the class a function of the first two (learnable, not trivial). */
    private static DataSet data() {
        float[] x = features(ROWS, 7);
        int[] labels = new int[ROWS];
        for (int r = 0; r < ROWS; r++) {
            labels[r] = Math.floorMod((int) (x[r * INPUTS] * 3 + x[r * INPUTS + 1] * 2), CLASSES);
        }
        return DataSet.ofClasses(x, INPUTS, labels, CLASSES);
    }

    private static float[] features(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[rows * INPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }
}
