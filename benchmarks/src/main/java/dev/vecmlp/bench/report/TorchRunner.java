package dev.vecmlp.bench.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Runs the PyTorch side-by-side script ({@code benchmarks/pytorch/bench_torch.py}) into a report
 * folder: it writes {@value ReportData#TORCH_JSON} (rows in JMH's JSON shape, backend
 * {@code pytorch}) where {@code import torch} works, and says why it skipped otherwise. Its
 * console output goes to {@code torch-output.log}; the last line becomes the report's note.
 */
final class TorchRunner {
    private TorchRunner() {
    }

    static String run(String python, Path script, Profile profile, Path dir, PrintStream console) {
        if (!Files.isRegularFile(script)) {
            return "not run: no script at " + script;
        }
        Path log = dir.resolve("torch-output.log");
        long limitSeconds = profile == Profile.FULL ? 1800 : 300;
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(),
                "--profile", profile.name().toLowerCase(Locale.ROOT),
                "--out", dir.resolve(ReportData.TORCH_JSON).toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        console.println("PyTorch side by side: " + String.join(" ", pb.command()));
        try {
            Process p = pb.start();
            if (!p.waitFor(limitSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "stopped after " + limitSeconds + " s (see torch-output.log)";
            }
            String last = lastLine(log);
            console.println("PyTorch: " + last);
            return p.exitValue() == 0 ? last : "failed with exit code " + p.exitValue() + ": " + last;
        } catch (IOException e) {
            return "not run: cannot start " + python + " (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isBlank()) {
                return lines.get(i).trim();
            }
        }
        return "no output";
    }
}
