package dev.vecmlp.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads behind one {@link SimdKernels}: {@code threads - 1} daemon workers plus the
 * calling thread, which always computes part 0 itself.
 *
 * <p>A parallel call takes the pool's lock (without waiting: when another thread holds it the
 * caller computes everything alone, which gives the same bits), fills the pool's single
 * {@link GemmTask}, bumps a generation counter and wakes the workers; every thread claims
 * chunks of tiles until none is left, then counts down. Waiting spins briefly before parking, so the back-to-back products of a
 * training step find the workers awake. Nothing here allocates after construction.
 */
final class WorkerPool {
    /** Spin iterations before parking (a few tens of microseconds). */
    private static final int SPINS = 1 << 12;

    final GemmTask task = new GemmTask();
    private final Thread[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile int parts;
    private volatile Thread caller;
    private volatile boolean closed;
    private volatile Throwable failure;

    WorkerPool(int threads) {
        workers = new Thread[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            int index = w + 1;
            Thread thread = new Thread(() -> work(index), "vecmlp-simd-" + index);
            thread.setDaemon(true);
            workers[w] = thread;
            thread.start();
        }
    }

    /** Threads a call may use, the caller included. */
    int threads() {
        return workers.length + 1;
    }

    /** Takes the pool for one call; false when it is busy or closed (then compute alone). */
    boolean tryAcquire() {
        if (workers.length == 0 || closed) {
            return false;
        }
        return lock.tryLock();
    }

    /** Runs the filled task on {@code parts} threads (caller included) and releases the pool. */
    void runAndRelease(int parts) {
        try {
            this.parts = parts;
            this.caller = Thread.currentThread();
            failure = null;
            pending.set(parts - 1);
            generation++;
            for (int w = 0; w < parts - 1; w++) {
                LockSupport.unpark(workers[w]);
            }
            task.run();
            int spins = 0;
            while (pending.get() != 0) {
                if (spins++ < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            Throwable failed = failure;
            if (failed != null) {
                throw new IllegalStateException("a vecmlp-simd worker failed", failed);
            }
        } finally {
            task.clear();
            lock.unlock();
        }
    }

    private void work(int index) {
        int seen = 0;
        while (true) {
            int spins = 0;
            int current;
            while ((current = generation) == seen) {
                if (closed) {
                    return;
                }
                if (spins++ < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            seen = current;
            int count = parts;
            if (index >= count) {
                continue;
            }
            try {
                task.run();
            } catch (Throwable t) {
                failure = t;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Stops the workers; later calls run on the caller's thread. Idempotent. */
    void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }
}
