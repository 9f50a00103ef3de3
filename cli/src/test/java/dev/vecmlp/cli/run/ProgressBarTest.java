package dev.vecmlp.cli.run;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarTest {
    @Test
    void drawsProgressRateLossAndEtaThenClearsItsLine() throws InterruptedException {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 10);
        bar.startEpoch(3, 1000);
        Thread.sleep(200);
        bar.update(500, 0.25);
        String drawn = text.toString();
        assertTrue(drawn.startsWith("\repoch 3/10 [" + ".".repeat(28) + "]   0%  0/1000"), drawn);
        assertTrue(drawn.contains("\repoch 3/10 [" + "#".repeat(14) + ".".repeat(14) + "]  50%  500/1000"), drawn);
        assertTrue(drawn.contains("samples/s  loss 0.2500  ETA --"), "no ETA before the rate settles: " + drawn);
        bar.clear();
        String all = text.toString();
        String last = all.substring(all.lastIndexOf('\r', all.length() - 2));
        assertTrue(last.isBlank() || last.replace("\r", "").isBlank(), "the bar's line is blanked: " + last);
    }

    @Test
    void theEtaAppearsOnceTheRateHasSettled() throws InterruptedException {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 1);
        bar.startEpoch(1, 20_000);
        for (int i = 1; i <= 9; i++) {
            Thread.sleep(170);
            bar.update(i * 100L, 1.0);
        }
        String drawn = text.toString();
        Matcher eta = Pattern.compile("ETA (\\d+)s").matcher(drawn.substring(drawn.lastIndexOf('\r')));
        assertTrue(eta.find(), drawn);
        // About 590 samples/s with 19100 to go: 30 s, give or take a loaded machine's sleeps.
        int seconds = Integer.parseInt(eta.group(1));
        assertTrue(seconds >= 15 && seconds <= 59, drawn);
    }

    @Test
    void redrawsAtMostEveryFewHundredMilliseconds() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text), 1);
        bar.startEpoch(1, 1_000_000);
        for (int i = 1; i <= 10_000; i++) {
            bar.update(i * 100L, 1.0);
        }
        long draws = text.toString().chars().filter(c -> c == '\r').count();
        assertTrue(draws < 10, "drew " + draws + " times for 10000 quick updates");
    }

    @Test
    void durationsReadNaturally() {
        assertEquals("42s", ProgressBar.duration(42.2));
        assertEquals("3m05s", ProgressBar.duration(185));
        assertEquals("1h02m", ProgressBar.duration(3720));
    }
}
