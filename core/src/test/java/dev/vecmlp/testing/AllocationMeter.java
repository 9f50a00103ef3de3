package dev.vecmlp.testing;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measures the bytes the current thread allocates, with HotSpot's per-thread counter.
 *
 * <p>Until C2 has compiled a path (and its escape analysis removed temporaries), interpreted
 * code can allocate where compiled code does not; on a loaded machine that can take long. So the
 * meter runs the action in rounds and returns the smallest count of any round: code that really
 * allocates per call allocates in every round, so a minimum of zero means steady state is
 * allocation-free, while a warm-up that happens to end late cannot fail the check.
 *
 * <p>Where C2 has much to compile (the Vector API kernels at a forced narrower width, or with
 * inlining switched off), its one compiler thread on a loaded 2-core machine can still be
 * behind after the warm-up: {@link #settledBytesPerRound} measures again until the count is zero
 * or a deadline passes (a forced 256-bit batch path measured 235 KB per round once, then 0).
 */
public final class AllocationMeter {
    private AllocationMeter() {
    }

    /** The fewest bytes allocated by {@code action} in any of {@code rounds} rounds, after {@code warmUp} unmeasured runs. */
    public static long minBytesPerRound(Runnable action, int warmUp, int rounds) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "needs HotSpot's per-thread allocation counter");
        for (int i = 0; i < warmUp; i++) {
            action.run();
        }
        long id = Thread.currentThread().getId();
        long min = Long.MAX_VALUE;
        for (int r = 0; r < rounds && min > 0; r++) {
            long before = threads.getThreadAllocatedBytes(id);
            action.run();
            min = Math.min(min, threads.getThreadAllocatedBytes(id) - before);
        }
        return min;
    }

    /**
     * {@link #minBytesPerRound}, measured again (without further warm-up) while it is not zero,
     * until {@code patience} has passed: code that allocates per call still returns its count,
     * only later.
     */
    public static long settledBytesPerRound(Runnable action, int warmUp, int rounds, java.time.Duration patience) {
        long deadline = System.nanoTime() + patience.toNanos();
        long bytes = minBytesPerRound(action, warmUp, rounds);
        while (bytes != 0 && System.nanoTime() < deadline) {
            bytes = minBytesPerRound(action, 0, rounds);
        }
        return bytes;
    }
}
