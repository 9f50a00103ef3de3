package dev.vecmlp.bench.report;

/**
 * How long JMH measures each parameter set: forks (fresh JVMs), warm-up and measurement
 * iterations and their length. {@code forks = 0} runs in the calling JVM (smoke tests only:
 * results are then not isolated from other code the JVM ran).
 */
public record Timing(int forks, int warmupIterations, int warmupMillis, int measurementIterations,
                     int measurementMillis) {

    /** Seconds a JVM fork needs to start, load the suite and set up state, beyond its iterations (measured roughly on 2 cores). */
    static final double FORK_OVERHEAD_SECONDS = 1.5;

    public Timing {
        if (forks < 0 || warmupIterations < 0 || measurementIterations < 1 || warmupMillis < 1 || measurementMillis < 1) {
            throw new IllegalArgumentException("timing: expected forks >= 0, warm-up iterations >= 0, measurement "
                    + "iterations >= 1 and iteration times >= 1 ms, found " + this);
        }
    }

    /** Expected wall time of one parameter set, when no single call outlasts an iteration. */
    public double estimatedSeconds() {
        double perFork = (warmupIterations * (double) warmupMillis + measurementIterations * (double) measurementMillis) / 1000.0;
        return Math.max(1, forks) * (perFork + FORK_OVERHEAD_SECONDS);
    }

    /** The same with every warm-up and measurement iteration lasting {@code millis}. */
    public Timing withIterationMillis(int millis) {
        return new Timing(forks, warmupIterations, millis, measurementIterations, millis);
    }

    /** The same with another fork count. */
    public Timing withForks(int newForks) {
        return new Timing(newForks, warmupIterations, warmupMillis, measurementIterations, measurementMillis);
    }
}
