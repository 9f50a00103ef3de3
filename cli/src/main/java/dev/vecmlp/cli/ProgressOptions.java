package dev.vecmlp.cli;

import picocli.CommandLine.Option;

/** {@code --progress}: when to draw the per-epoch progress bar, shared by the commands that train. */
final class ProgressOptions {
    /** On a terminal only (auto), always, or never. */
    enum When {
        AUTO, ALWAYS, NEVER;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @Option(names = "--progress", paramLabel = "WHEN", defaultValue = "auto",
            description = "Progress bar on standard error: ${COMPLETION-CANDIDATES} (default: auto = on a terminal).")
    When when = When.AUTO;

    boolean enabled() {
        return when == When.ALWAYS || (when == When.AUTO && System.console() != null);
    }
}
