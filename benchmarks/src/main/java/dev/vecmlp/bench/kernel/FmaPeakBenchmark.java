package dev.vecmlp.bench.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The machine's measured FMA peak, the ceiling every kernel figure is quoted against: a
 * register-only loop of fused multiply-adds on the preferred vector species, with
 * {@link #CHAINS} independent accumulators so the FMA units never wait on a result (FMA latency
 * is about 4 cycles and two 512-bit FMAs can issue per cycle: 8 chains in flight are needed, 12
 * leave headroom and still fit the 32 vector registers with the two shared operands).
 * Each invocation performs {@code ROUNDS * CHAINS} vector FMAs; the {@link Flops} counter turns
 * that into flops per second (2 flops per lane per FMA), so the figure is exact whatever the
 * vector width. Run with {@code -t 1} for one core and {@code -t max} for all cores: JMH sums the
 * threads' rates.
 *
 * <p>Pitfalls avoided:
 * <ul>
 *   <li><b>Dead code</b>: the accumulators are reduced and returned to JMH's Blackhole.</li>
 *   <li><b>Constant folding</b>: the multiplier, addend and starting values are non-final state
 *       fields; the multiplier is just below 1 so values neither overflow nor turn subnormal.</li>
 *   <li><b>Loop hoisting</b>: every round depends on the previous one through the
 *       accumulators, so no round can be computed once and reused.</li>
 * </ul>
 *
 * <p>How to run:
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar FmaPeakBenchmark -t 1
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar FmaPeakBenchmark -t max
 * </pre>
 * The {@code flops} secondary metric is the peak in flop/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class FmaPeakBenchmark {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulator chains. */
    public static final int CHAINS = 12;
    /** Rounds of {@link #CHAINS} FMAs per invocation: long enough to hide the call overhead. */
    public static final int ROUNDS = 1024;

    public float multiplier = 0.999_999f;
    public float addend = 1e-7f;
    public float start = 0.5f;

    /** Counts the flops done by this thread; JMH reports them as a rate ("flops", ops/s). */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Flops {
        public long flops;

        @Setup(Level.Iteration)
        public void clear() {
            flops = 0;
        }
    }

    private static final long FLOPS_PER_CALL = 2L * ROUNDS * CHAINS * SPECIES.length();

    @Benchmark
    public float fma(Flops counter) {
        FloatVector m = FloatVector.broadcast(SPECIES, multiplier);
        FloatVector c = FloatVector.broadcast(SPECIES, addend);
        FloatVector a0 = FloatVector.broadcast(SPECIES, start);
        FloatVector a1 = a0.add(c);
        FloatVector a2 = a1.add(c);
        FloatVector a3 = a2.add(c);
        FloatVector a4 = a3.add(c);
        FloatVector a5 = a4.add(c);
        FloatVector a6 = a5.add(c);
        FloatVector a7 = a6.add(c);
        FloatVector a8 = a7.add(c);
        FloatVector a9 = a8.add(c);
        FloatVector a10 = a9.add(c);
        FloatVector a11 = a10.add(c);
        for (int r = 0; r < ROUNDS; r++) {
            // Twelve independent chains: each FMA depends only on its own previous value.
            a0 = a0.fma(m, c);
            a1 = a1.fma(m, c);
            a2 = a2.fma(m, c);
            a3 = a3.fma(m, c);
            a4 = a4.fma(m, c);
            a5 = a5.fma(m, c);
            a6 = a6.fma(m, c);
            a7 = a7.fma(m, c);
            a8 = a8.fma(m, c);
            a9 = a9.fma(m, c);
            a10 = a10.fma(m, c);
            a11 = a11.fma(m, c);
        }
        counter.flops += FLOPS_PER_CALL;
        FloatVector sum = a0.add(a1).add(a2).add(a3).add(a4).add(a5)
                .add(a6).add(a7).add(a8).add(a9).add(a10).add(a11);
        return sum.reduceLanes(VectorOperators.ADD);
    }

    /** Bits of the preferred float vector in this JVM (what the probe measures with). */
    public static int preferredVectorBits() {
        return SPECIES.vectorBitSize();
    }
}
