package dev.vecmlp.cli.run;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress bar for an epoch, redrawn in place with a carriage return:
 * {@code epoch 3/10 [#########.........] 48%  28800/60000  41230 samples/s  loss 0.4123  ETA 1s}.
 * Redraws at most every {@value #REDRAW_MILLIS} ms, so it costs nothing measurable per step.
 *
 * <p>The rate is smoothed (an exponential moving average of the rate between redraws, carried
 * from one epoch to the next), so the slow first steps of JIT warm-up do not drag the estimate
 * down for the whole epoch; until it has settled (at least {@value #SETTLE_SAMPLES} rate samples
 * over {@value #SETTLE_SECONDS} s) the ETA reads "--" rather than a wild guess.
 */
public final class ProgressBar {
    private static final int WIDTH = 28;
    private static final long REDRAW_MILLIS = 150;
    /** Weight of the newest rate sample in the moving average (about 1 s of memory at 150 ms redraws). */
    private static final double SMOOTHING = 0.15;
    static final int SETTLE_SAMPLES = 4;
    static final double SETTLE_SECONDS = 1.0;

    private final PrintWriter out;
    private final int epochs;
    private long total;
    private int epoch;
    private long start;
    private long lastDraw;
    private int lastLength;
    private long lastDone;
    private long lastSampleTime;
    private double smoothedRate;
    private int rateSamples;
    private double observedSeconds;

    public ProgressBar(PrintWriter out, int epochs) {
        this.out = out;
        this.epochs = epochs;
    }

    /** Starts drawing the bar of epoch {@code epoch} (from 1) over {@code rows} samples. */
    public void startEpoch(int epoch, long rows) {
        this.epoch = epoch;
        this.total = rows;
        this.start = System.nanoTime();
        this.lastDraw = 0;
        this.lastDone = 0;
        this.lastSampleTime = start;
        draw(0, Double.NaN, true);
    }

    /** Progress within the epoch: samples done so far and the running mean loss. */
    public void update(long done, double meanLoss) {
        long now = System.nanoTime();
        if ((now - lastDraw) / 1_000_000 >= REDRAW_MILLIS) {
            draw(done, meanLoss, false);
        }
    }

    /** Erases the bar so the epoch summary can take its line. */
    public void clear() {
        out.print('\r' + " ".repeat(lastLength) + '\r');
        out.flush();
        lastLength = 0;
    }

    private void draw(long done, double meanLoss, boolean first) {
        long now = System.nanoTime();
        lastDraw = now;
        double seconds = (now - start) / 1e9;
        double share = total > 0 ? Math.min(1, done / (double) total) : 0;
        int filled = (int) Math.round(share * WIDTH);
        StringBuilder line = new StringBuilder(120);
        line.append(String.format(Locale.ROOT, "epoch %d/%d [", epoch, epochs));
        line.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append(']');
        line.append(String.format(Locale.ROOT, " %3d%%  %d/%d", Math.round(share * 100), done, total));
        if (!first) {
            sampleRate(done, now);
        }
        if (!first && seconds > 0 && done > 0) {
            double rate = rateSamples > 0 ? smoothedRate : done / seconds;
            boolean settled = rateSamples >= SETTLE_SAMPLES && observedSeconds >= SETTLE_SECONDS;
            line.append(String.format(Locale.ROOT, "  %.0f samples/s  loss %.4f  ETA %s", rate, meanLoss,
                    settled ? duration((total - done) / rate) : "--"));
        }
        String text = line.toString();
        out.print('\r' + text + (text.length() < lastLength ? " ".repeat(lastLength - text.length()) : ""));
        out.flush();
        lastLength = text.length();
    }

    /** Folds the rate since the last sample into the moving average. */
    private void sampleRate(long done, long now) {
        double dt = (now - lastSampleTime) / 1e9;
        long rows = done - lastDone;
        if (dt > 0 && rows > 0) {
            double rate = rows / dt;
            smoothedRate = rateSamples == 0 ? rate : SMOOTHING * rate + (1 - SMOOTHING) * smoothedRate;
            rateSamples++;
            observedSeconds += dt;
            lastSampleTime = now;
            lastDone = done;
        }
    }

    /** "42s", "3m05s", "1h02m". */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
