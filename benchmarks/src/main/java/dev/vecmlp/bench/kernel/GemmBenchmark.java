package dev.vecmlp.bench.kernel;

import dev.vecmlp.bench.fixture.BackendBenchmark;
import dev.vecmlp.bench.fixture.CanonicalModel;
import dev.vecmlp.bench.fixture.RandomArrays;
import dev.vecmlp.kernel.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One GEMM per invocation, in one of the three training shapes ({@link GemmShape}) of layer
 * {@code layer} of a canonical model at batch {@code batch}. The score is products per second;
 * the report multiplies it by {@code 2 m n k} to give GFLOP/s and divides that by the FMA peak
 * measured in the same run ({@link FmaPeakBenchmark}).
 *
 * <p>Pitfalls avoided:
 * <ul>
 *   <li><b>Dead code</b>: the product is written to a heap array that is returned to JMH's
 *       Blackhole.</li>
 *   <li><b>Constant folding</b>: operands are random (fixed seed, drawn in
 *       {@code @Setup(Level.Trial)}) and held in non-final state fields; sizes come from
 *       parameters, so the JIT cannot specialise on them at compile time.</li>
 *   <li><b>Loop hoisting</b>: JMH owns the loop; a kernel call with side effects on {@code c}
 *       cannot be moved out of it.</li>
 *   <li><b>Cold paths</b>: the operands are sized exactly, so the vector tails for this shape
 *       are part of what warm-up compiles.</li>
 * </ul>
 *
 * <p>How to run:
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar GemmBenchmark \
 *        -p backend=simd -p model=mnist -p layer=0 -p batch=128 -p shape=NT,NN,TN -p threads=1
 * </pre>
 */
public class GemmBenchmark extends BackendBenchmark {

    @Param({"mnist"})
    public String model;

    /** Dense layer index (0 = first hidden layer). */
    @Param({"0", "1", "2"})
    public int layer;

    @Param({"1", "32", "128"})
    public int batch;

    @Param({"NT", "NN", "TN"})
    public GemmShape shape;

    private Kernels kernels;
    private int m;
    private int n;
    private int k;
    private float[] a;
    private float[] b;
    private float[] c;

    @Setup(Level.Trial)
    public void setUp() {
        CanonicalModel net = CanonicalModel.byName(model);
        int in = net.layerInputs(layer);
        int out = net.layerOutputs(layer);
        kernels = kernels();
        m = shape.m(batch, in, out);
        n = shape.n(batch, in, out);
        k = shape.k(batch, in, out);
        a = RandomArrays.uniform(Math.toIntExact(shape.aLength(batch, in, out)), RandomArrays.SEED + 3);
        b = RandomArrays.uniform(Math.toIntExact(shape.bLength(batch, in, out)), RandomArrays.SEED + 4);
        c = new float[Math.multiplyExact(m, n)];
    }

    @Benchmark
    public float[] gemm() {
        shape.run(kernels, m, n, k, a, b, c);
        return c;
    }
}
