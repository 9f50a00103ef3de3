package dev.vecmlp.bench.report;

import java.util.Locale;

/** Number formats of the report: compact rates, ratios, percentages, bytes. NaN prints as a dash. */
final class Format {
    static final String NONE = "–";

    private Format() {
    }

    /** 3 significant digits with k/M/G suffixes: 50.5k, 1.23M, 812. */
    static String compact(double v) {
        if (!Double.isFinite(v)) {
            return NONE;
        }
        double a = Math.abs(v);
        if (a >= 1e9) {
            return sig(v / 1e9) + "G";
        }
        if (a >= 1e6) {
            return sig(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return sig(v / 1e3) + "k";
        }
        return sig(v);
    }

    /** 3 significant digits (at least the units), no suffix. */
    static String sig(double v) {
        if (!Double.isFinite(v)) {
            return NONE;
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** A ratio such as {@code 12.3x}. */
    static String ratio(double v) {
        return Double.isFinite(v) ? sig(v) + "x" : NONE;
    }

    /** A share as a percentage, {@code 61%}. */
    static String percent(double share) {
        if (!Double.isFinite(share)) {
            return NONE;
        }
        return String.format(Locale.ROOT, share < 0.1 ? "%.1f%%" : "%.0f%%", share * 100);
    }

    /** Bytes per operation, with a warning mark above {@code limit}. */
    static String bytesPerOp(double bytes, double limit) {
        if (!Double.isFinite(bytes)) {
            return NONE;
        }
        String s = bytes < 10 ? String.format(Locale.ROOT, "%.1f", bytes) : compact(bytes);
        return bytes > limit ? "⚠ " + s : s;
    }

    /** {@code min–max} of two rates. */
    static String range(double min, double max) {
        return compact(min) + "–" + compact(max);
    }

    /** Memory in GiB. */
    static String gib(long bytes) {
        return bytes <= 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }

    /** A duration as {@code 7 min 20 s}. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
    }
}
