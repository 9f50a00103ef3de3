package dev.vecmlp.bench.report;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The report command line ({@code benchmarks/report.sh} calls it with the JDK under test):
 * <pre>
 *   run [--profile quick|full] [--out reports] [--forks N] [--iteration-ms N] [--only REGEX]
 *       [--torch-script PATH | --no-torch] [--python python3]
 *   summarize REPORT_DIR          rewrite summary.md and the charts from the folder's JSON
 *   compare REPORT_A REPORT_B     ratio of two reports, row by row
 *   plan [--profile quick|full]   list the planned runs and the expected duration
 * </pre>
 */
@Command(name = "vecmlp-report", mixinStandardHelpOptions = true,
        description = "Runs the vecmlp JMH suites and writes, summarises or compares report folders.",
        subcommands = {ReportMain.Run.class, ReportMain.Summarize.class, ReportMain.Compare.class,
                ReportMain.Plan.class})
public final class ReportMain implements Runnable {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /**
     * Runs the command line and returns its exit code: 0 on success, 2 when the input is wrong
     * (a bad profile, a folder that is not a report: the message says what was expected), 1 on
     * any other failure.
     */
    public static int execute(String... args) {
        return new CommandLine(new ReportMain())
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
                        commandLine.getErr().println("vecmlp-report: " + e.getMessage());
                        return 2;
                    }
                    throw e;
                })
                .execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "run", description = "Measure a profile and write a report folder.")
    static final class Run implements Callable<Integer> {
        @Option(names = "--profile", defaultValue = "quick", description = "quick (< 10 min on 2 cores), full or smoke.")
        String profile;
        @Option(names = "--out", defaultValue = "reports", description = "Folder that receives the report folder.")
        Path out;
        @Option(names = "--forks", description = "Override the profile's JMH forks (0 = in process, for testing).")
        Integer forks;
        @Option(names = "--iteration-ms", description = "Override every warm-up and measurement iteration's length "
                + "(a fast look; figures from short iterations are rough).")
        Integer iterationMillis;
        @Option(names = "--only", description = "Keep only the planned runs whose title contains this regular expression.")
        String only;
        @Option(names = "--torch-script", defaultValue = "benchmarks/pytorch/bench_torch.py",
                description = "The PyTorch side-by-side script.")
        Path torchScript;
        @Option(names = "--no-torch", description = "Skip the PyTorch side by side.")
        boolean noTorch;
        @Option(names = "--python", defaultValue = "python3", description = "Python interpreter for the PyTorch script.")
        String python;

        @Override
        public Integer call() throws Exception {
            Profile p = Profile.byName(profile);
            Path dir = new ReportRunner(System.out).run(new ReportRunner.Settings(p, out, forks,
                    iterationMillis, only, noTorch || p == Profile.SMOKE ? null : torchScript, python));
            System.out.println("report written: " + dir.resolve("summary.md"));
            return 0;
        }
    }

    @Command(name = "summarize", description = "Rewrite summary.md and the charts of a report folder.")
    static final class Summarize implements Callable<Integer> {
        @Parameters(paramLabel = "REPORT_DIR")
        Path dir;

        @Override
        public Integer call() throws Exception {
            for (Path f : ReportRunner.summarize(dir)) {
                System.out.println("wrote " + f);
            }
            return 0;
        }
    }

    @Command(name = "compare", description = "Print the ratio of two reports row by row (B vs A).")
    static final class Compare implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "REPORT_A")
        Path a;
        @Parameters(index = "1", paramLabel = "REPORT_B")
        Path b;

        @Override
        public Integer call() throws Exception {
            System.out.print(Comparison.render(ReportData.load(a), ReportData.load(b)));
            return 0;
        }
    }

    @Command(name = "plan", description = "List a profile's runs and its expected duration without measuring.")
    static final class Plan implements Callable<Integer> {
        @Option(names = "--profile", defaultValue = "quick")
        String profile;

        @Override
        public Integer call() {
            Profile p = Profile.byName(profile);
            int rows = 0;
            for (PlannedRun run : p.runs()) {
                int n = run.combinations().size();
                rows += n;
                System.out.printf(Locale.ROOT, "%-60s %4d rows  %s%n", run.title(), n,
                        Format.duration(run.estimatedSeconds()));
            }
            System.out.printf(Locale.ROOT, "%s: %d rows, estimated %s%n", p.name().toLowerCase(Locale.ROOT), rows,
                    Format.duration(p.estimatedSeconds()));
            return 0;
        }
    }
}
