package dev.vecmlp.testing;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The property every parser fuzz target checks, for one input: the parse either returns or
 * throws one of the documented exception types (any other throwable, an {@link OutOfMemoryError}
 * or a {@link StackOverflowError} included, fails), it allocates at most
 * {@code bytesPerInputByte * input length + fixedBytes} on the calling thread (HotSpot's
 * per-thread allocation counter, so it counts what the parser asked for even when the heap
 * could have held it), and it ends within {@link #TIME_LIMIT_MILLIS}.
 *
 * <p>The fixed allowance covers buffers a reader always allocates (stream buffers, the inflater,
 * an exception's message and stack trace); the per-byte allowance is stated by each target in
 * the README's "Fuzzing" section.
 */
public final class FuzzProperty {
    /** How long {@code JAZZER_FUZZ=1} fuzzes one target (each {@code @FuzzTest}'s {@code maxDuration}). */
    public static final String CAMPAIGN = "10m";

    /** No single input may take longer than this (generous: the machine may be loaded). */
    public static final long TIME_LIMIT_MILLIS = 5_000;

    private static final com.sun.management.ThreadMXBean THREADS = threads();

    private FuzzProperty() {
    }

    /** A parse run by a fuzz target. */
    @FunctionalInterface
    public interface Parse {
        void run() throws Exception;
    }

    /**
     * Runs {@code parse} on {@code input} and checks the property.
     *
     * @param allowed the documented exception types; any other throwable fails the check
     */
    @SafeVarargs
    public static void check(byte[] input, long bytesPerInputByte, long fixedBytes, Parse parse,
            Class<? extends Throwable>... allowed) {
        check(input, input.length, bytesPerInputByte, fixedBytes, parse, allowed);
    }

    /**
     * As {@link #check(byte[], long, long, Parse, Class[])} with the allowance scaled by
     * {@code contentBytes} instead of the input's length: the bytes the input really holds, e.g.
     * a compressed input's decompressed length, measured by the caller.
     */
    @SafeVarargs
    public static void check(byte[] input, long contentBytes, long bytesPerInputByte, long fixedBytes, Parse parse,
            Class<? extends Throwable>... allowed) {
        long limit = bytesPerInputByte * contentBytes + fixedBytes;
        long id = Thread.currentThread().getId();
        long start = System.nanoTime();
        long bytes = Long.MAX_VALUE;
        Throwable thrown = null;
        // A first parse may load and initialise classes (counted as allocation); the parse is
        // deterministic, so an excess is measured again and only a repeated excess counts.
        for (int round = 0; round < 3 && bytes > limit; round++) {
            long before = allocated(id);
            thrown = null;
            try {
                parse.run();
            } catch (Throwable t) {
                thrown = t;
            }
            bytes = before < 0 ? 0 : allocated(id) - before;
            if (round == 0) {
                long millis = (System.nanoTime() - start) / 1_000_000;
                if (millis > TIME_LIMIT_MILLIS) {
                    throw new AssertionError("expected the parse to end within " + TIME_LIMIT_MILLIS + " ms, found "
                            + millis + " ms for " + describe(input));
                }
            }
            if (thrown instanceof VirtualMachineError) {
                break;
            }
        }
        Throwable found = thrown;
        if (found != null && Arrays.stream(allowed).noneMatch(c -> c.isInstance(found))) {
            throw new AssertionError("expected a result or one of " + names(allowed) + ", found " + thrown
                    + " for " + describe(input), thrown);
        }
        if (thrown != null && (thrown.getMessage() == null || thrown.getMessage().isBlank())) {
            throw new AssertionError("expected a message saying what was expected and found, found "
                    + thrown.getClass().getName() + " without one, for " + describe(input), thrown);
        }
        if (bytes > limit) {
            throw new AssertionError("expected at most " + limit + " bytes allocated (" + bytesPerInputByte
                    + " per byte of " + contentBytes + " + " + fixedBytes + "), found " + bytes + " for " + describe(input)
                    + (thrown == null ? " (loaded)" : " (" + thrown + ")"));
        }
    }
    private static String describe(byte[] input) {
        int shown = Math.min(input.length, 64);
        return "an input of " + input.length + " bytes starting "
                + HexFormat.of().formatHex(input, 0, shown) + (shown < input.length ? "..." : "");
    }

    private static String names(Class<?>[] types) {
        return Arrays.stream(types).map(Class::getSimpleName).toList().toString();
    }

    private static long allocated(long id) {
        return THREADS == null ? -1 : THREADS.getThreadAllocatedBytes(id);
    }

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (bean instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported()) {
            if (!t.isThreadAllocatedMemoryEnabled()) {
                t.setThreadAllocatedMemoryEnabled(true);
            }
            return t;
        }
        return null;
    }
}
