package dev.vecmlp.cli.run;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

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
        assertTrue(drawn.contains("samples/s  loss 0.2500  ETA "), drawn);
        bar.clear();
        String all = text.toString();
        String last = all.substring(all.lastIndexOf('\r', all.length() - 2));
        assertTrue(last.isBlank() || last.replace("\r", "").isBlank(), "the bar's line is blanked: " + last);
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
