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
}
