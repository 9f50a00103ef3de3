package dev.vecmlp.bench.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Copies the crafted report folder ({@code src/test/resources/report-fixture}) into a temporary folder. */
final class Fixture {
    static final List<String> FILES = List.of("jmh-result.json", "torch-result.json", "machine.json", "plan.json");

    private Fixture() {
    }

    static Path copyTo(Path dir) throws IOException {
        for (String name : FILES) {
            try (InputStream in = Fixture.class.getResourceAsStream("/report-fixture/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("test resource /report-fixture/" + name + " is missing");
                }
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir;
    }

    static ReportData load(Path dir) throws IOException {
        return ReportData.load(copyTo(dir));
    }
}
