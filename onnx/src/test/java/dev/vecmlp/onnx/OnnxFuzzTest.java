package dev.vecmlp.onnx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vecmlp.io.ModelFormatException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The ONNX reader on hostile bytes: whatever the input, reading ends in a model or a
 * {@link ModelFormatException} with a message, never another exception or error (no
 * {@code OutOfMemoryError}, {@code StackOverflowError}, index or arithmetic exception), and
 * the thread allocates at most {@link #BYTES_PER_INPUT_BYTE} bytes per input byte plus
 * {@link #FIXED_BYTES}, however large the sizes the file claims.
 *
 * <p>{@link #onnxReader} is a Jazzer target: plain {@code mvn verify} runs it on the committed
 * corpus ({@code OnnxFuzzTestInputs/onnxReader/}: the fixtures, and any crash found); with
 * {@code JAZZER_FUZZ=1} it fuzzes for 10 minutes (see docs/ONNX.md). {@link #seededMutations}
 * adds a deterministic two-second mutation run to every build.
 */
class OnnxFuzzTest {
    static final long BYTES_PER_INPUT_BYTE = OnnxAllocationBoundTest.IMPORT_FACTOR;
    static final long FIXED_BYTES = 2L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest(maxDuration = "10m")
    void onnxReader(byte[] input) {
        check(input);
    }

    @Test
    void seededMutations() throws IOException {
        byte[][] seeds = new byte[OnnxFixtureTest.FIXTURES.length][];
        for (int k = 0; k < seeds.length; k++) {
            seeds[k] = OnnxFixtureTest.bytes(OnnxFixtureTest.FIXTURES[k] + ".onnx");
        }
        SplittableRandom random = new SplittableRandom(20261201L);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        int cases = 0;
        while (System.nanoTime() < deadline && cases < 30_000) {
            byte[] seed = seeds[random.nextInt(seeds.length)];
            byte[] b;
            switch (random.nextInt(4)) {
                case 0:
                    b = Arrays.copyOf(seed, random.nextInt(seed.length + 1));
                    break;
                case 1:
                    b = seed.clone();
                    for (int m = 1 + random.nextInt(8); m > 0; m--) {
                        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    }
                    break;
                case 2:
                    b = seed.clone();
                    int at = random.nextInt(b.length);
                    b[at] = (byte) (0x80 | random.nextInt(128));
                    if (at + 1 < b.length) {
                        b[at + 1] = (byte) 0xff;
                    }
                    break;
                default:
                    b = new byte[random.nextInt(64)];
                    for (int k = 0; k < b.length; k++) {
                        b[k] = (byte) random.nextInt(256);
                    }
            }
            check(b);
            cases++;
        }
        assertTrue(cases > 100, "only " + cases + " cases ran");
    }

    static void check(byte[] input) {
        long limit = BYTES_PER_INPUT_BYTE * input.length + FIXED_BYTES;
        long allocated = readOnce(input);
        if (allocated > limit) {
            allocated = readOnce(input); // the first read of a path also counts the classes it loads
        }
        if (allocated > limit) {
            fail("reading " + input.length + " bytes allocated " + allocated + " bytes (limit " + limit + ")");
        }
    }

    /** Reads {@code input} once and returns the bytes this thread allocated doing it. */
    private static long readOnce(byte[] input) {
        long thread = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(thread);
        try {
            assertNotNull(OnnxModels.fromBytes(input, "fuzz").model());
        } catch (ModelFormatException e) {
            assertNotNull(e.getMessage(), "a refusal without a message");
        } catch (Throwable t) {
            fail("reading " + input.length + " bytes threw " + t + " instead of a ModelFormatException", t);
        }
        return THREADS.getThreadAllocatedBytes(thread) - before;
    }
}
