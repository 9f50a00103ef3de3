package dev.vecmlp.cli;

/** When to draw the per-epoch progress bar: on a terminal only (auto), always, or never. */
enum ProgressMode {
    AUTO, ALWAYS, NEVER;

    boolean enabled() {
        return this == ALWAYS || (this == AUTO && System.console() != null);
    }
}
