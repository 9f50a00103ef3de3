package dev.vecmlp.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conventional command-line behaviour: help everywhere, exit code 2 for usage errors, messages on stderr. */
class UsageTest {

    @ParameterizedTest
    @ValueSource(strings = {"train", "evaluate", "predict", "info", "demo"})
    void everyCommandHasHelp(String command) {
        CliRunner run = CliRunner.run(command, "--help");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.startsWith("Usage: vecmlp " + command), run.toString());
        assertTrue(run.err.isEmpty(), run.toString());
    }

    @Test
    void noCommandIsAUsageError() {
        CliRunner run = CliRunner.run();
        assertEquals(Main.EXIT_USAGE, run.exitCode, run.toString());
        assertTrue(run.err.contains("expected a command"), run.toString());
    }

    @Test
    void unknownOptionsAndCommandsAreUsageErrors() {
        CliRunner option = CliRunner.run("train", "--bogus");
        assertEquals(2, option.exitCode, option.toString());
        assertTrue(option.err.contains("Unknown option: '--bogus'"), option.toString());
        assertTrue(option.err.contains("Try 'vecmlp train --help'"), option.toString());
        assertEquals(2, CliRunner.run("fly").exitCode);
    }

    @Test
    void badValuesAreUsageErrorsWithoutStackTraces() {
        CliRunner epochs = CliRunner.run("train", "--train", "x.csv", "--label-column", "y", "--epochs", "ten");
        assertEquals(2, epochs.exitCode, epochs.toString());
        assertTrue(epochs.err.contains("--epochs"), epochs.toString());
        CliRunner zero = CliRunner.run("train", "--train", "x.csv", "--label-column", "y", "--epochs", "0");
        assertEquals(2, zero.exitCode, zero.toString());
        assertTrue(zero.err.contains("--epochs: expected a whole number > 0, found 0"), zero.toString());
        CliRunner noData = CliRunner.run("train");
        assertEquals(2, noData.exitCode, noData.toString());
        assertTrue(noData.err.contains("expected training data"), noData.toString());
        CliRunner backend = CliRunner.run("info", "--backend", "quantum");
        assertEquals(2, backend.exitCode, backend.toString());
        assertTrue(backend.err.contains("unknown backend 'quantum'"), backend.toString());
        assertFalse(backend.err.contains("\tat "), backend.toString());
    }

    @Test
    void aMissingFileIsAFailureNamedPlainly() {
        CliRunner run = CliRunner.run("train", "--train", "/nonexistent/data.csv", "--label-column", "y");
        assertEquals(Main.EXIT_FAILURE, run.exitCode, run.toString());
        assertTrue(run.err.contains("file not found: /nonexistent/data.csv"), run.toString());
        assertFalse(run.err.contains("\tat "), run.toString());
        CliRunner verbose = CliRunner.run("train", "--verbose", "--train", "/nonexistent/data.csv", "--label-column", "y");
        assertEquals(1, verbose.exitCode, verbose.toString());
        assertTrue(verbose.err.contains("\tat "), verbose.toString());
    }

    @Test
    void infoNamesTheBackendJdkAndCpu() {
        CliRunner run = CliRunner.run("info", "--backend", "reference", "--threads", "1");
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.out.contains("backend:") && run.out.contains("reference"), run.out);
        assertTrue(run.out.contains("kernel threads:     1"), run.out);
        assertTrue(run.out.contains("JDK:") && run.out.contains("Java " + Runtime.version()), run.out);
        assertTrue(run.out.contains("CPU:") && run.out.contains("cores available:"), run.out);
    }
}
