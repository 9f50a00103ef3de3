package dev.vecmlp.bench.startup;

import dev.vecmlp.bench.fixture.BenchBackends;
import dev.vecmlp.bench.fixture.CanonicalModel;
import dev.vecmlp.bench.fixture.RandomArrays;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where the start-up time of a model server goes, phase by phase, in a fresh JVM that has loaded
 * nothing of vecmlp before: (JVM start to {@code main}), the Vector API's class initialisation,
 * {@link Backends#defaultKernels()} (service loading, the SIMD backend's checks, its worker
 * threads), reading the file, decoding it ({@link ModelFiles#fromBytes}), {@link Predictor#of}
 * (packing the batch panels), an optional warm-up, then single-sample calls until the first
 * block of 100 calls whose median is within 10% of the steady p50 (as {@link StartupCheck}).
 *
 * <p>For each phase it prints the wall time, the CPU time of the main thread and of the whole
 * process, and the CPU time the JIT compiler threads spent in it (from
 * {@code /proc/self/task/* /schedstat}, Linux only): the CPU figures and the compile figures are
 * what stays meaningful on a shared machine, where the wall times are not. The phase marks are
 * also printed as JVM uptime (seconds, as {@code -XX:+LogCompilation} and {@code -Xlog} stamp
 * their records), so a compilation log of the same run can be laid over them
 * ({@code benchmarks/startup-compiles.py}).
 * <pre>
 *   java -cp benchmarks.jar dev.vecmlp.bench.startup.StartupBreakdown write mnist /tmp/mnist.vmlp
 *   java --add-modules jdk.incubator.vector -cp benchmarks.jar \
 *        dev.vecmlp.bench.startup.StartupBreakdown run /tmp/mnist.vmlp [none|single|default] [calls]
 * </pre>
 */
public final class StartupBreakdown {
    private static final int BLOCK = 100;

    private StartupBreakdown() {
    }

    private record Mark(String phase, long wallNs, long mainCpuNs, long processCpuNs, long compilerCpuNs, long c2CpuNs) {
    }

    public static void main(String[] args) throws IOException {
        long entered = System.nanoTime();
        if (args.length > 0 && args[0].equals("write")) {
            CanonicalModel shape = CanonicalModel.byName(args[1]);
            ModelFiles.save(shape.build(BenchBackends.create("reference", "1"), RandomArrays.SEED), Map.of(),
                    Path.of(args[2]));
            return;
        }
        Path file = Path.of(args[1]);
        String warmUp = args.length > 2 ? args[2] : "none";
        int calls = args.length > 3 ? Integer.parseInt(args[3]) : 40_000;
        List<Mark> marks = new ArrayList<>();
        marks.add(mark("main", entered));

        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        marks.add(mark("Vector API init", System.nanoTime()));
        Kernels kernels = Backends.defaultKernels();
        marks.add(mark("Backends.defaultKernels", System.nanoTime()));
        byte[] bytes = Files.readAllBytes(file);
        marks.add(mark("read file", System.nanoTime()));
        var model = ModelFiles.fromBytes(bytes).model();
        marks.add(mark("decode", System.nanoTime()));
        Predictor predictor = Predictor.of(model);
        marks.add(mark("Predictor.of", System.nanoTime()));
        if (warmUp.equals("single")) {
            predictor.warmUp(1, Duration.ofSeconds(5));
        } else if (warmUp.equals("default")) {
            predictor.warmUp();
        }
        marks.add(mark("warm-up " + warmUp, System.nanoTime()));

        int width = predictor.inputWidth();
        float[] x = new float[64 * width];
        SplittableRandom random = new SplittableRandom(RandomArrays.SEED + 2);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble();
        }
        float[] out = new float[predictor.outputWidth()];
        long[] starts = new long[calls];
        long[] times = new long[calls];
        // CPU times at the start of every block of BLOCK calls (read between calls, not timed),
        // so the CPU spent until "ready" is known exactly, not only at the end of the loop.
        Mark[] blockMarks = new Mark[calls / BLOCK + 1];
        for (int i = 0; i < calls; i++) {
            if (i % BLOCK == 0) {
                blockMarks[i / BLOCK] = quickMark(System.nanoTime());
            }
            long s = System.nanoTime();
            predictor.predict(x, (i & 63) * width, out, 0);
            long e = System.nanoTime();
            starts[i] = s;
            times[i] = e - s;
        }
        long end = System.nanoTime();
        long[] steady = Arrays.copyOfRange(times, calls / 2, calls);
        Arrays.sort(steady);
        double p50 = steady[steady.length / 2];
        int ready = -1;
        for (int b = 0; b + BLOCK <= calls / 2; b += BLOCK) {
            long[] block = Arrays.copyOfRange(times, b, b + BLOCK);
            Arrays.sort(block);
            if (block[BLOCK / 2] <= 1.1 * p50) {
                ready = b;
                break;
            }
        }
        long readyAt = ready < 0 ? end : starts[ready];
        Mark atReady = ready < 0 ? mark("calls to ready", end) : blockMarks[ready / BLOCK];
        marks.add(new Mark("calls to ready", readyAt, atReady.mainCpuNs(), atReady.processCpuNs(),
                atReady.compilerCpuNs(), atReady.c2CpuNs()));
        marks.add(mark("calls after ready (to " + calls + ")", end));
        // JVM uptime now, to put every mark on the uptime scale of -Xlog and LogCompilation.
        long uptimeMs = ManagementFactory.getRuntimeMXBean().getUptime();
        long nowNs = System.nanoTime();
        double base = uptimeMs / 1e3 - (nowNs - entered) / 1e9;

        System.out.printf(Locale.ROOT, "startup breakdown: %s, %d-lane floats, %s, %d calls, warm-up %s%n",
                Runtime.version(), lanes, kernels, calls, warmUp);
        System.out.printf(Locale.ROOT, "JVM start to main: %.1f ms (uptime at main %.3f s)%n", base * 1e3, base);
        System.out.println("| phase | wall ms | ends at uptime s | main-thread CPU ms | process CPU ms | compiler threads CPU ms | C2 CPU ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        Mark previous = marks.get(0);
        for (int i = 1; i < marks.size(); i++) {
            Mark m = marks.get(i);
                        System.out.printf(Locale.ROOT, "| %s | %.1f | %.3f | %s | %s | %s | %s |%n", m.phase(),
                    (m.wallNs() - previous.wallNs()) / 1e6, base + (m.wallNs() - entered) / 1e9,
                    ms(m.mainCpuNs() - previous.mainCpuNs()),
                    ms(m.processCpuNs() - previous.processCpuNs()),
                    ms(m.compilerCpuNs() - previous.compilerCpuNs()),
                    ms(m.c2CpuNs() - previous.c2CpuNs()));
            previous = m;
        }
        Mark fromMain = marks.get(marks.size() - 2);
        System.out.printf(Locale.ROOT, "main to ready: main-thread CPU %s ms, process CPU %s ms,"
                        + " compiler threads CPU %s ms, C2 %s ms (compiler threads before main: %s ms)%n",
                ms(fromMain.mainCpuNs() - marks.get(0).mainCpuNs()),
                ms(fromMain.processCpuNs() - marks.get(0).processCpuNs()),
                ms(fromMain.compilerCpuNs() - marks.get(0).compilerCpuNs()),
                ms(fromMain.c2CpuNs() - marks.get(0).c2CpuNs()), ms(marks.get(0).compilerCpuNs()));
        System.out.printf(Locale.ROOT, "ready: %s, first call %.1f us, steady p50 %.2f us%n",
                ready < 0 ? "never" : String.format(Locale.ROOT, "call %d, %.1f ms after main (uptime %.3f s)", ready,
                        (readyAt - entered) / 1e6, base + (readyAt - entered) / 1e9),
                times[0] / 1e3, p50 / 1e3);
        System.out.printf(Locale.ROOT, "breakdown-result\t%.3f\t%.1f\t%.1f\t%s\t%s\t%s%n", base,
                (readyAt - entered) / 1e6, p50 / 1e3, ms(fromMain.mainCpuNs() - marks.get(0).mainCpuNs()),
                ms(fromMain.compilerCpuNs()), ms(fromMain.c2CpuNs()));
        System.exit(0);
    }

    private static String ms(long ns) {
        return ns < 0 ? "-" : String.format(Locale.ROOT, "%.1f", ns / 1e6);
    }

    private static Mark mark(String phase, long wallNs) {
        return new Mark(phase, wallNs, cpuOf(Path.of("/proc/thread-self/schedstat")), processCpu(""),
                processCpu("C1 Compiler") + processCpu("C2 Compiler"), processCpu("C2 Compiler"));
    }

    /** Compiler threads' schedstat files, found by the last full {@link #mark}. */
    private static List<Path> c1Threads = List.of();
    private static List<Path> c2Threads = List.of();

    /** As {@link #mark} without the process total and with the compiler threads found before: a few small reads. */
    private static Mark quickMark(long wallNs) {
        long c1 = 0;
        long c2 = 0;
        for (Path p : c1Threads) {
            c1 += Math.max(0, cpuOf(p));
        }
        for (Path p : c2Threads) {
            c2 += Math.max(0, cpuOf(p));
        }
        return new Mark("block", wallNs, cpuOf(Path.of("/proc/thread-self/schedstat")), -1, c1 + c2, c2);
    }

    /** Sum of the CPU time of this process's threads whose name starts with {@code prefix}, ns; -1 if unknown. */
    private static long processCpu(String prefix) {
        long sum = 0;
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                if (!prefix.isEmpty() && !Files.readString(task.resolve("comm")).startsWith(prefix)) {
                    continue;
                }
                found.add(task.resolve("schedstat"));
                long cpu = cpuOf(task.resolve("schedstat"));
                if (cpu > 0) {
                    sum += cpu;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        if (prefix.startsWith("C1")) {
            c1Threads = found;
        } else if (prefix.startsWith("C2")) {
            c2Threads = found;
        }
        return sum;
    }

    private static long cpuOf(Path schedstat) {
        try {
            String s = Files.readString(schedstat).trim();
            return Long.parseLong(s.substring(0, s.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
