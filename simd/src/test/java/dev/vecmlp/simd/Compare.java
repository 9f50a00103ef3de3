package dev.vecmlp.simd;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/** Test helpers: random slices with guard values around them, and tolerance comparisons. */
final class Compare {
    static final double EPS = Math.ulp(1f);

    private Compare() {
    }

    /** {@code len} random values in (-1, 1) starting at {@code off}, guard values (42) elsewhere. */
    static float[] random(SplittableRandom random, int off, int len, int slack) {
        float[] a = new float[off + len + slack];
        java.util.Arrays.fill(a, 42f);
        for (int i = 0; i < len; i++) {
            a[off + i] = (float) (random.nextDouble() * 2 - 1);
        }
        return a;
    }

    /** Asserts {@code |actual - expected| <= tol[i] } element by element (NaNs must match). */
    static void assertClose(String what, float[] expected, float[] actual, double[] tol) {
        if (expected.length != actual.length) {
            fail(what + ": lengths " + expected.length + " and " + actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double a = actual[i];
            if (e == a) {
                continue;
            }
            if (Double.isNaN(e) || Double.isNaN(a)) {
                if (Double.isNaN(e) != Double.isNaN(a)) {
                    fail(what + ": at " + i + " expected " + e + " found " + a);
                }
                continue;
            }
            if (!(Math.abs(e - a) <= tol[i])) {
                fail(what + ": at " + i + " expected " + e + " found " + a + " (difference "
                        + Math.abs(e - a) + ", tolerance " + tol[i] + ")");
            }
        }
    }

    /** Asserts closeness with {@code abs + rel * |expected|}. */
    static void assertClose(String what, float[] expected, float[] actual, double abs, double rel) {
        double[] tol = new double[expected.length];
        for (int i = 0; i < tol.length; i++) {
            tol[i] = abs + rel * Math.abs(expected[i]);
        }
        assertClose(what, expected, actual, tol);
    }

    static void assertClose(String what, double expected, double actual, double abs, double rel) {
        if (!(Math.abs(expected - actual) <= abs + rel * Math.abs(expected))) {
            fail(what + ": expected " + expected + " found " + actual);
        }
    }
}
