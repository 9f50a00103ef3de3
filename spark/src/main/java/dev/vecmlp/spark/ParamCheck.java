package dev.vecmlp.spark;

import scala.runtime.AbstractFunction1;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * A Spark param validator that, instead of answering {@code false} (which Spark turns into a
 * message without the expected value), throws an {@link IllegalArgumentException} naming the
 * owning stage, the param, what is expected and what was found. Spark calls it from
 * {@code set}, {@code ParamMap.put} and {@code copy}, so grids and pipelines get the same message.
 */
final class ParamCheck<T> extends AbstractFunction1<T, Object> implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The test of a value; serializable because params travel with their owner. */
    interface Test extends Serializable {
        boolean accepts(Object value);
    }

    private final String owner;
    private final String param;
    private final String expected;
    private final Test test;

    ParamCheck(String owner, String param, String expected, Test test) {
        this.owner = owner;
        this.param = param;
        this.expected = expected;
        this.test = test;
    }

    @Override
    public Object apply(T value) {
        boolean ok;
        try {
            ok = value != null && test.accepts(value);
        } catch (RuntimeException e) {
            ok = false;
        }
        if (!ok) {
            throw new IllegalArgumentException(message(owner, param, expected, value));
        }
        return Boolean.TRUE;
    }

    static String message(String owner, String param, String expected, Object found) {
        return owner + " param " + param + ": expected " + expected + ", found " + show(found);
    }

    static String show(Object value) {
        if (value instanceof int[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof double[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof String[] a) {
            return Arrays.toString(a);
        }
        if (value instanceof String s) {
            return "'" + s + "'";
        }
        return String.valueOf(value);
    }

    // ------------------------------------------------------------ common tests

    static <T> ParamCheck<T> intAtLeast(String owner, String param, int min) {
        return new ParamCheck<>(owner, param, "an integer >= " + min, v -> (Integer) v >= min);
    }

    static <T> ParamCheck<T> doubleAtLeast(String owner, String param, double min, String note) {
        return new ParamCheck<>(owner, param, "a finite number >= " + min + note,
                v -> (Double) v >= min && Double.isFinite((Double) v));
    }

    static <T> ParamCheck<T> positive(String owner, String param) {
        return new ParamCheck<>(owner, param, "a finite number > 0", v -> (Double) v > 0 && Double.isFinite((Double) v));
    }

    static <T> ParamCheck<T> fraction(String owner, String param, String range, boolean includeZero, boolean includeOne) {
        return new ParamCheck<>(owner, param, "a number in " + range, v -> {
            double d = (Double) v;
            return (includeZero ? d >= 0 : d > 0) && (includeOne ? d <= 1 : d < 1);
        });
    }

    static <T> ParamCheck<T> oneOf(String owner, String param, Set<String> allowed) {
        return new ParamCheck<>(owner, param, "one of " + allowed, v -> allowed.contains(((String) v).toLowerCase(Locale.ROOT)));
    }

    static <T> ParamCheck<T> columnName(String owner, String param) {
        return new ParamCheck<>(owner, param, "a column name", v -> !((String) v).isEmpty());
    }
}
