package dev.vecmlp.cli.data;

import dev.vecmlp.cli.text.Durations;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Says on standard error what is being loaded ({@code loading train.csv (120 MB) ...}) and, for a
 * large file read through {@link #track}, redraws a bar with the share read so far, so a long
 * load is not a silent pause. Ends with the time it took.
 */
public final class LoadProgress {
    /** Files smaller than this load in well under a second: no bar. */
    private static final long BAR_BYTES = 16L << 20;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final boolean bar;

    /**
     * @param err where to write, or {@code null} for silence
     * @param bar whether to draw a bar (on a terminal)
     */
    public LoadProgress(PrintWriter err, boolean bar) {
        this.err = err;
        this.bar = bar;
    }

    /** Silent: nothing is printed. */
    public static LoadProgress silent() {
        return new LoadProgress(null, false);
    }

    /** One load under way. */
    public final class Task implements AutoCloseable {
        private final String label;
        private final long size;
        private final long start = System.nanoTime();
        private long lastDraw;
        private int lastLength;

        private Task(String label, long size) {
            this.label = label;
            this.size = size;
        }

        /** {@code in} with its bytes counted towards the bar. */
        public InputStream track(InputStream in) {
            if (err == null || !bar || size < BAR_BYTES) {
                return in;
            }
            return new FilterInputStream(in) {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    advance(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    advance(Math.max(0, n));
                    return n;
                }

                private void advance(int n) {
                    read += n;
                    long now = System.nanoTime();
                    if (now - lastDraw >= REDRAW_NANOS) {
                        lastDraw = now;
                        int share = (int) Math.min(100, 100 * read / Math.max(1, size));
                        int filled = share * 20 / 100;
                        String text = "\r" + label + " [" + "#".repeat(filled) + ".".repeat(20 - filled) + "] " + share + "%";
                        err.print(text + " ".repeat(Math.max(0, lastLength - text.length())));
                        err.flush();
                        lastLength = text.length();
                    }
                }
            };
        }

        /** Ends the line with the time the load took. */
        @Override
        public void close() {
            if (err != null) {
                String text = (lastLength > 0 ? "\r" + label : "") + " done in " + Durations.seconds((System.nanoTime() - start) / 1e9);
                err.println(text + " ".repeat(Math.max(0, lastLength - text.length())));
                err.flush();
            }
        }
    }

    /** Starts loading {@code file}: prints "loading FILE (SIZE, WHAT) ...". */
    public Task start(Path file, String what) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            size = 0;
        }
        String label = "loading " + file + " (" + bytes(size) + ", " + what + ")";
        if (err != null) {
            err.print(label + " ...");
            err.flush();
        }
        return new Task(label, size);
    }

    static String bytes(long n) {
        if (n >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", n / (double) (1L << 20));
        }
        if (n >= 1L << 10) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1024.0);
        }
        return n + " bytes";
    }
}
