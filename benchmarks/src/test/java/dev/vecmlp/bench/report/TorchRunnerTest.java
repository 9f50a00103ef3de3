package dev.vecmlp.bench.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The side-by-side runner, driven with {@code sh} scripts standing in for the Python one. */
class TorchRunnerTest {
    private final PrintStream console = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void passesProfileAndOutputAndKeepsTheLastLineAsTheNote(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("fake.sh");
        Files.writeString(script, "echo \"args: $*\"\necho '[]' > \"$4\"\necho 'PyTorch 9.9: 0 rows'\n\n");
        String note = TorchRunner.run("sh", script, Profile.QUICK, dir, console);
        assertEquals("PyTorch 9.9: 0 rows", note);
        assertEquals("[]", Files.readString(dir.resolve(ReportData.TORCH_JSON)).trim());
        String log = Files.readString(dir.resolve("torch-output.log"));
        assertTrue(log.contains("args: --profile quick --out " + dir.resolve(ReportData.TORCH_JSON)), log);
    }

    @Test
    void aFailingScriptIsReportedWithItsExitCode(@TempDir Path dir) throws IOException {
        Path script = dir.resolve("fail.sh");
        Files.writeString(script, "echo 'no GPU, no luck' >&2\nexit 3\n");
        assertEquals("failed with exit code 3: no GPU, no luck", TorchRunner.run("sh", script, Profile.FULL, dir, console));
    }

    @Test
    void aMissingScriptOrInterpreterIsANoteNotAnError(@TempDir Path dir) throws IOException {
        Path absent = dir.resolve("absent.py");
        assertEquals("not run: no script at " + absent, TorchRunner.run("sh", absent, Profile.QUICK, dir, console));
        Path script = Files.writeString(dir.resolve("ok.sh"), "echo hi\n");
        String note = TorchRunner.run(dir.resolve("no-such-python").toString(), script, Profile.QUICK, dir, console);
        assertTrue(note.startsWith("not run: cannot start "), note);
    }
}
