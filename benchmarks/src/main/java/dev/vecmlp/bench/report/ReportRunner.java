package dev.vecmlp.bench.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.vecmlp.bench.fixture.BenchBackends;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs a profile and writes a report folder {@code <root>/<yyyyMMdd-HHmmss>-jdk<version>/}:
 * {@code jmh-result.json} (JMH's raw JSON, every run merged), {@code jmh-output.log} (JMH's
 * console output), {@code machine.json}, {@code plan.json}, then {@code summary.md} and the
 * PNG charts. Backends that cannot run here are left out of the runs and listed as
 * unavailable; a run JMH fails is recorded and the others go on.
 */
public final class ReportRunner {
    private final PrintStream console;

    public ReportRunner(PrintStream console) {
        this.console = console;
    }

    /**
     * Options of one report run: the profile, the folder that receives the report, optional
     * overrides of the forks and of every iteration's length (null: the profile's), a pattern
     * that keeps only the planned runs whose title it finds (null: all), the PyTorch script
     * (null: skip PyTorch) and the Python interpreter.
     */
    public record Settings(Profile profile, Path root, Integer forks, Integer iterationMillis, String only,
                           Path torchScript, String python) {
    }

    /** The profile's runs with the settings' overrides and filter applied. */
    static List<PlannedRun> plannedRuns(Settings settings) {
        List<PlannedRun> runs = new ArrayList<>();
        Pattern only = settings.only() == null ? null : Pattern.compile(settings.only());
        for (PlannedRun run : settings.profile().runs()) {
            if (only != null && !only.matcher(run.title()).find()) {
                continue;
            }
            Timing t = run.timing();
            if (settings.forks() != null) {
                t = t.withForks(settings.forks());
            }
            if (settings.iterationMillis() != null) {
                t = t.withIterationMillis(settings.iterationMillis());
            }
            runs.add(run.withTiming(t));
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("--only '" + settings.only() + "': expected it to find at least one "
                    + "planned run title of the " + settings.profile().name().toLowerCase(Locale.ROOT)
                    + " profile, found none (list them with: plan --profile "
                    + settings.profile().name().toLowerCase(Locale.ROOT) + ")");
        }
        return runs;
    }

    /** Measures the profile, writes the folder, summarises it; returns the folder. */
    public Path run(Settings settings) throws IOException {
        MachineInfo machine = MachineInfo.collect();
        Path dir = newFolder(settings.root(), machine);
        List<PlannedRun> runs = plannedRuns(settings);
        Map<String, String> unavailable = new LinkedHashMap<>();
        List<String> backends = new ArrayList<>(List.of(BenchBackends.ALL));
        backends.addAll(List.of(BenchBackends.PEERS));
        for (String backend : backends) {
            String reason = BenchBackends.unavailableReason(backend);
            if (reason != null) {
                unavailable.put(backend, reason);
                console.println("backend " + backend + " is unavailable: " + reason);
            }
        }
        List<String> expected = new ArrayList<>();
        List<PlannedRun> toRun = new ArrayList<>();
        double estimate = 0;
        for (PlannedRun run : runs) {
            expected.addAll(run.expectedKeys(machine.processors()));
            Optional<PlannedRun> left = run.withoutBackends(unavailable.keySet());
            left.ifPresent(toRun::add);
            estimate += left.map(PlannedRun::estimatedSeconds).orElse(0.0);
        }
        console.printf("report %s: %s profile, %d runs, estimated %s (more when one call outlasts an iteration)%n",
                dir, settings.profile().name().toLowerCase(Locale.ROOT), toRun.size(), Format.duration(estimate));

        String started = Instant.now().toString();
        double loadStart = MachineInfo.currentLoadAverage();
        JsonArray merged = new JsonArray();
        List<String> failed = new ArrayList<>();
        Path log = dir.resolve("jmh-output.log");
        try (OutputStream logFile = Files.newOutputStream(log);
             PrintStream tee = new PrintStream(new TeeOutputStream(console, logFile), true, StandardCharsets.UTF_8)) {
            int i = 0;
            for (PlannedRun run : toRun) {
                i++;
                console.printf("[%d/%d] %s: %d rows, about %s%n", i, toRun.size(), run.title(),
                        run.combinations().size(), Format.duration(run.estimatedSeconds()));
                Path json = dir.resolve("run-" + i + ".json");
                try {
                    new Runner(options(run, json, machine.processors()),
                            OutputFormatFactory.createFormatInstance(tee, VerboseMode.NORMAL)).run();
                    merged.addAll(readArray(json));
                } catch (RunnerException | RuntimeException e) {
                    if (String.valueOf(e.getMessage()).contains("JMH lock")) {
                        throw new IllegalStateException("another JMH run holds its lock (/tmp/jmh.lock): figures "
                                + "measured beside it would be noise. Wait for it to finish, or pass "
                                + "-Djmh.ignoreLock=true to measure anyway", e);
                    }
                    failed.add(run.title() + ": " + e.getMessage());
                    console.println("run failed: " + run.title() + ": " + e);
                } finally {
                    Files.deleteIfExists(json);
                }
            }
        }
        writeAtomically(dir.resolve(ReportData.JMH_JSON), ReportData.GSON.toJson(merged));
        writeAtomically(dir.resolve(ReportData.MACHINE_JSON), ReportData.GSON.toJson(machine));
        String torchNote = settings.torchScript() == null ? "not run (--no-torch)"
                : TorchRunner.run(settings.python(), settings.torchScript(), settings.profile(), dir, console);
        ReportPlan plan = new ReportPlan(settings.profile().name().toLowerCase(Locale.ROOT), estimate, expected,
                unavailable, failed, started, Instant.now().toString(), loadStart, MachineInfo.currentLoadAverage(),
                torchNote);
        writeAtomically(dir.resolve(ReportData.PLAN_JSON), ReportData.GSON.toJson(plan));
        summarize(dir);
        return dir;
    }

    /** (Re)writes {@code summary.md} and the charts of a report folder from its JSON files. */
    public static List<Path> summarize(Path dir) throws IOException {
        ReportData data = ReportData.load(dir);
        writeAtomically(dir.resolve("summary.md"), SummaryWriter.render(data));
        List<Path> files = new ArrayList<>(List.of(dir.resolve("summary.md")));
        files.addAll(Charts.write(data, dir));
        return files;
    }

    static org.openjdk.jmh.runner.options.Options options(PlannedRun run, Path json, int processors) {
        Timing t = run.timing();
        ChainedOptionsBuilder b = new OptionsBuilder()
                .include(run.includePattern())
                .forks(t.forks())
                .warmupIterations(t.warmupIterations())
                .warmupTime(TimeValue.milliseconds(t.warmupMillis()))
                .measurementIterations(t.measurementIterations())
                .measurementTime(TimeValue.milliseconds(t.measurementMillis()))
                .threads(run.resolvedCallers(processors))
                .addProfiler(GCProfiler.class)
                .shouldFailOnError(false)
                .resultFormat(ResultFormatType.JSON)
                .result(json.toString());
        for (Map.Entry<String, List<String>> p : run.params().entrySet()) {
            b.param(p.getKey(), p.getValue().toArray(new String[0]));
        }
        return b.build();
    }

    private static JsonArray readArray(Path json) throws IOException {
        if (!Files.isRegularFile(json) || Files.size(json) == 0) {
            return new JsonArray();
        }
        try (Reader in = Files.newBufferedReader(json, StandardCharsets.UTF_8)) {
            JsonElement e = JsonParser.parseReader(in);
            return e.isJsonArray() ? e.getAsJsonArray() : new JsonArray();
        }
    }

    private static Path newFolder(Path root, MachineInfo machine) throws IOException {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        Path dir = root.resolve(stamp + "-jdk" + machine.jdkShortVersion());
        Files.createDirectories(dir);
        return dir;
    }

    /** Writes a whole file or nothing: a temporary file moved into place. */
    static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies everything written to the console into the log file too. */
    private static final class TeeOutputStream extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        TeeOutputStream(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws IOException {
            b.close();
        }
    }
}
