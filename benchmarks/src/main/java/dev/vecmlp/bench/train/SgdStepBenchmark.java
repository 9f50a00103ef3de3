package dev.vecmlp.bench.train;

import dev.vecmlp.bench.fixture.BackendBenchmark;
import dev.vecmlp.bench.fixture.CanonicalModel;
import dev.vecmlp.bench.fixture.RandomArrays;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.train.TrainingStep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.util.SplittableRandom;

/**
 * One plain-SGD training step — forward, fused loss, backward, update — on a batch of
 * {@code batch} rows, per invocation. The score is steps per second; the report multiplies it by
 * {@code batch} to give samples per second (JMH's {@code @OperationsPerInvocation} cannot depend
 * on a parameter).
 *
 * <p>Pitfalls avoided:
 * <ul>
 *   <li><b>Dead code</b>: the step returns the batch loss and JMH feeds every returned value to
 *       its Blackhole, and the step writes the model's weights, a heap side effect the JIT
 *       cannot drop.</li>
 *   <li><b>Constant folding</b>: inputs and targets are non-final fields of the {@code @State},
 *       random but drawn from a fixed seed in {@code @Setup(Level.Trial)}, so every fork sees
 *       the same numbers and none is a compile-time constant.</li>
 *   <li><b>Loop hoisting</b>: there is no hand-written loop around the step; JMH calls it, and a
 *       step reads the weights the previous step wrote, so nothing can move out of the loop.</li>
 *   <li><b>Drift</b>: the weights are reset to their initial values before every iteration, so
 *       thousands of steps on random labels cannot drift the weights towards zero (dead ReLUs)
 *       or subnormal floats (slow on x86) and every iteration measures the same work.</li>
 * </ul>
 *
 * <p>How to run (from the repository root, after {@code mvn -B -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar SgdStepBenchmark \
 *        -p backend=simd -p model=mnist -p batch=32 -p threads=1 -prof gc
 * </pre>
 * or through the report ({@code benchmarks/report.sh quick}), which also prints samples/s and
 * the speed-ups over the reference and EJML backends.
 */
public class SgdStepBenchmark extends BackendBenchmark {

    @Param({"tiny", "mnist", "wide"})
    public String model;

    @Param({"1", "32", "128"})
    public int batch;

    private TrainingStep step;
    private float[] initialParameters;
    private float[] x;
    private float[] y;

    @Setup(Level.Trial)
    public void setUp() {
        CanonicalModel shape = CanonicalModel.byName(model);
        Mlp mlp = shape.build(kernels(), RandomArrays.SEED);
        SplittableRandom random = new SplittableRandom(RandomArrays.SEED + 1);
        x = shape.inputs(batch, random);
        y = shape.targets(batch, random);
        initialParameters = mlp.parameters().clone();
        // A small rate: the cost of a step does not depend on it, and the loss stays finite.
        step = new TrainingStep(mlp, new Sgd(1e-3), batch);
    }

    @Setup(Level.Iteration)
    public void resetWeights() {
        float[] live = step.model().parameters();
        System.arraycopy(initialParameters, 0, live, 0, live.length);
    }

    @Benchmark
    public double step() {
        return step.step(x, 0, y, 0, batch);
    }
}
