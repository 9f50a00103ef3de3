package dev.vecmlp.simd;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The threads behind one {@link SimdKernels}: {@code threads - 1} daemon workers plus the
 * calling thread, which always computes part 0 itself.
 *
 * <p>A parallel call takes the pool's lock (without waiting: when another thread holds it the
 * caller computes everything alone, which gives the same bits), fills the pool's single
 * {@link GemmTask}, bumps a generation counter and wakes the workers; every thread claims
 * chunks of tiles until none is left. When the caller has done its share it closes the call: a
 * worker that wakes after that skips it, and the caller waits only for workers already computing
 * (on a busy machine a descheduled worker used to make two threads slower than one). Waiting spins briefly before parking, so the back-to-back products of a
 * training step find the workers awake. Nothing here allocates after construction.
 */
final class WorkerPool {
    /** Spin iterations before parking (a few tens of microseconds). */
    private static final int SPINS = 1 << 12;

    final GemmTask task = new GemmTask();
    private final Thread[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    /**
     * Who is inside the current call: the call's number (high 32 bits), {@link #CLOSED} once the
     * caller has finished its own share, and the number of workers computing (low bits). A worker
     * enters only an open call of its number, so the caller never waits for a worker that the
     * scheduler woke too late to help: it waits only for those already computing.
     */
    private final AtomicLong entry = new AtomicLong();
    private static final long CLOSED = 1L << 31;
    private static final long INSIDE = CLOSED - 1;
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
            int call = generation + 1;
            entry.set((long) call << 32);
            generation = call;
            for (int w = 0; w < parts - 1; w++) {
                LockSupport.unpark(workers[w]);
            }
            task.run(false);
            entry.getAndAdd(CLOSED);
            int spins = 0;
            while ((entry.get() & INSIDE) != 0) {
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
            if (index >= count || !enter(current)) {
                continue;
            }
            try {
                task.run(true);
            } catch (Throwable t) {
                failure = t;
            }
            if ((entry.decrementAndGet() & INSIDE) == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    /** Joins call {@code call} unless the caller has already finished it. */
    private boolean enter(int call) {
        while (true) {
            long state = entry.get();
            if ((int) (state >>> 32) != call || (state & CLOSED) != 0) {
                return false;
            }
            if (entry.compareAndSet(state, state + 1)) {
                return true;
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
