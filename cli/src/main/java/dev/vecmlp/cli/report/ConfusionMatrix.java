package dev.vecmlp.cli.report;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * Counts of (true class, predicted class) pairs, with accuracy and per-class precision and
 * recall derived from them, and a plain-text table for the terminal.
 */
public final class ConfusionMatrix {
    private final List<String> classes;
    private final long[][] counts;
    private long total;

    public ConfusionMatrix(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    /** Records one sample. */
    public void add(int actual, int predicted) {
        counts[actual][predicted]++;
        total++;
    }

    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public long total() {
        return total;
    }

    /** Share of samples on the diagonal. */
    public double accuracy() {
        long right = 0;
        for (int k = 0; k < counts.length; k++) {
            right += counts[k][k];
        }
        return total == 0 ? Double.NaN : right / (double) total;
    }

    /** Of the samples predicted as {@code k}, the share that are {@code k} (NaN when none were). */
    public double precision(int k) {
        long predicted = 0;
        for (long[] row : counts) {
            predicted += row[k];
        }
        return predicted == 0 ? Double.NaN : counts[k][k] / (double) predicted;
    }

    /** Of the samples of class {@code k}, the share predicted as {@code k} (NaN when there were none). */
    public double recall(int k) {
        long actual = 0;
        for (long c : counts[k]) {
            actual += c;
        }
        return actual == 0 ? Double.NaN : counts[k][k] / (double) actual;
    }

    /** The matrix (rows: true class, columns: predicted) and per-class precision and recall. */
    public void print(PrintWriter out) {
        int n = classes.size();
        int nameWidth = 5;
        for (String c : classes) {
            nameWidth = Math.max(nameWidth, c.length());
        }
        nameWidth = Math.min(nameWidth, 14);
        int cell = Math.max(5, Long.toString(total).length() + 1);
        out.println("confusion matrix (rows: true class, columns: predicted class)");
        int labelWidth = nameWidth + 5;
        StringBuilder head = new StringBuilder(pad("", labelWidth));
        for (int k = 0; k < n; k++) {
            head.append(String.format(Locale.ROOT, "%" + cell + "s", "[" + k + "]"));
        }
        out.println(head.append("   precision  recall"));
        for (int a = 0; a < n; a++) {
            String name = classes.get(a).equals(Integer.toString(a)) ? "" : " " + classes.get(a);
            StringBuilder row = new StringBuilder(pad("[" + a + "]" + name, labelWidth));
            row.setLength(labelWidth);
            for (int p = 0; p < n; p++) {
                row.append(String.format(Locale.ROOT, "%" + cell + "d", counts[a][p]));
            }
            row.append(String.format(Locale.ROOT, "   %8s  %6s", percent(precision(a)), percent(recall(a))));
            out.println(row);
        }
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
