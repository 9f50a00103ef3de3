package dev.vecmlp.cli;

import dev.vecmlp.cli.data.ConfigFile;
import dev.vecmlp.cli.text.CliRemedies;
import dev.vecmlp.cli.text.UsageException;
import dev.vecmlp.io.ModelFormatException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code vecmlp} command: picocli subcommands {@code train}, {@code evaluate},
 * {@code predict}, {@code info} and {@code demo}.
 *
 * <p>Exit codes follow the usual convention: 0 success, 1 a failure while running (bad data,
 * a file that cannot be read, a diverging run), 2 a usage error (unknown option, bad value,
 * missing argument). Errors go to standard error as one message without a stack trace; with
 * {@code --verbose} the stack trace follows and the library's log lines are shown.
 */
@Command(name = "vecmlp", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Train, evaluate and serve multi-layer perceptrons on the CPU.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, PredictCommand.class, ExportCommand.class, InfoCommand.class,
                DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {
    /** Exit code of a run that failed. */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a usage error. */
    public static final int EXIT_USAGE = 2;
    /** Held so the level set on it is not lost when the logger is garbage-collected. */
    private static final Logger LIBRARY_LOG = Logger.getLogger("dev.vecmlp");

    @Spec
    CommandSpec spec;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show stack traces of errors and the library's log lines.")
    boolean verbose;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        System.exit(run(out, err, args));
    }

    /** Runs the command line in-process and returns its exit code (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose") || java.util.Arrays.asList(args).contains("-v");
        quietLogs(!verbose);
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(Main::onFailure);
        cli.setParameterExceptionHandler(Main::onUsageError);
        try {
            ConfigFile.install(cli, args);
        } catch (ParameterException e) {
            return onUsageError(e, args);
        } catch (IOException | RuntimeException e) {
            err.println("vecmlp: " + ConfigFile.OPTION + ": " + describe(e));
            err.flush();
            return EXIT_FAILURE;
        }
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** Without a subcommand: a usage error that lists the commands. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "expected a command (train, evaluate, predict, info, demo)");
    }

    private static int onFailure(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof ParameterException) {
            return onUsageError((ParameterException) e, new String[0]);
        }
        if (e instanceof UsageException) {
            String name = cli.getCommandSpec().qualifiedName(" ");
            err.println(name + ": " + describe(e));
            err.println("Try '" + name + " --help' for the options.");
            if (isVerbose(parsed)) {
                e.printStackTrace(err);
            }
            err.flush();
            return EXIT_USAGE;
        }
        err.println(cli.getCommandSpec().qualifiedName(" ") + ": " + describe(e));
        if (isVerbose(parsed)) {
            e.printStackTrace(err);
        } else {
            err.println("(run with --verbose for the stack trace)");
        }
        err.flush();
        return EXIT_FAILURE;
    }

    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        PrintWriter err = cli.getErr();
        String name = cli.getCommandSpec().qualifiedName(" ");
        err.println(name + ": " + CliRemedies.translate(e.getMessage()));
        err.println("Try '" + name + " --help' for the options.");
        err.flush();
        return EXIT_USAGE;
    }

    /**
     * A one-line account of a failure: the exception's message, with file errors said plainly
     * and the library's API names replaced by the options that do the same (see {@link CliRemedies}).
     */
    static String describe(Throwable e) {
        return CliRemedies.translate(plainly(e));
    }

    private static String plainly(Throwable e) {
        Throwable t = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof NoSuchFileException) {
            return "file not found: " + ((NoSuchFileException) t).getFile();
        }
        if (t instanceof AccessDeniedException) {
            return "permission denied: " + ((AccessDeniedException) t).getFile();
        }
        if (t instanceof FileNotFoundException) {
            return "file not found: " + t.getMessage();
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getSimpleName();
        }
        if (t instanceof ModelFormatException) {
            return "not a usable model file: " + message;
        }
        return t instanceof IOException ? "I/O error: " + message : message;
    }

    private static boolean isVerbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    /** The library logs through System.Logger (java.util.logging here); the CLI prints its own summary. */
    private static void quietLogs(boolean quiet) {
        LIBRARY_LOG.setLevel(quiet ? Level.WARNING : Level.INFO);
    }

    /** Version from the jar manifest, or "development build" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[]{"vecmlp " + (version != null ? version : "(development build)"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
