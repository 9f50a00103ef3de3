package dev.vecmlp.cli.text;

import java.util.Locale;

/**
 * Times and figures as the CLI prints them: seconds with a unit that keeps two or three
 * significant digits ("0.43 s", "3.1 ms", "85 us"), so a small data set's epoch does not read
 * "0.00 s", and numbers without trailing noise ("0.005", not "0.005000000000000001").
 */
public final class Durations {
    private Durations() {
    }

    /** "12.3 s", "0.43 s", "3.1 ms", "85 us". */
    public static String seconds(double s) {
        if (!Double.isFinite(s)) {
            return "? s";
        }
        if (s >= 10) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        if (s >= 0.1) {
            return String.format(Locale.ROOT, "%.2f s", s);
        }
        if (s >= 0.01) {
            return String.format(Locale.ROOT, "%.0f ms", s * 1e3);
        }
        if (s >= 1e-4) {
            return String.format(Locale.ROOT, "%.2g ms", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.0f us", s * 1e6);
    }

    /** A number with at most 4 significant digits and no trailing zeros: 0.005, 1e-05, 120. */
    public static String number(double value) {
        String text = String.format(Locale.ROOT, "%.4g", value);
        if (text.contains("e")) {
            String[] parts = text.split("e");
            return stripZeros(parts[0]) + "e" + parts[1];
        }
        return stripZeros(text);
    }

    private static String stripZeros(String text) {
        if (!text.contains(".")) {
            return text;
        }
        String t = text.replaceAll("0+$", "");
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
