package dev.vecmlp.bench.kernel;

import dev.vecmlp.bench.fixture.BackendBenchmark;
import dev.vecmlp.bench.fixture.RandomArrays;
import dev.vecmlp.kernel.Kernels;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * One elementwise kernel call ({@link ElementwiseKernel}: activations, their backward pass,
 * axpy, sum of squares, the momentum update) on {@code len} floats per invocation. The report
 * turns calls/s into GB/s with the kernel's bytes per element. 32768 floats (128 KiB per
 * operand) stay in L2; 4194304 (16 MiB per operand) stream from memory.
 *
 * <p>Pitfalls avoided:
 * <ul>
 *   <li><b>Dead code</b>: each call returns a value read from its result (or the reduction),
 *       which JMH sinks into its Blackhole; the writes are heap side effects besides.</li>
 *   <li><b>Constant folding</b>: operands are random from a fixed seed, drawn per trial into
 *       non-final state.</li>
 *   <li><b>Drift</b>: kernels that update in place (axpy, momentum, backward) get their operands
 *       restored before every iteration, so values never grow, vanish or turn subnormal.</li>
 * </ul>
 *
 * <p>How to run:
 * <pre>
 *   java --add-modules jdk.incubator.vector -jar benchmarks/target/benchmarks.jar ElementwiseBenchmark \
 *        -p backend=simd -p kernel=AXPY,RELU -p len=32768
 * </pre>
 * Every elementwise activation has a forward and a {@code _BACKWARD} kernel (SIGMOID_BACKWARD,
 * TANH, TANH_BACKWARD, LEAKY_RELU, GELU, SILU, ELU, SOFTPLUS and their backward passes are not in
 * the default list, which the report's profiles run: name them with {@code -p kernel=...}).
 * To see that the SIMD activation loops allocate nothing in steady state, add {@code -prof gc}
 * and read {@code gc.alloc.rate.norm} (bytes per call).
 */
public class ElementwiseBenchmark extends BackendBenchmark {

    @Param({"RELU", "SIGMOID", "RELU_BACKWARD", "AXPY", "SUM_OF_SQUARES", "MOMENTUM_UPDATE"})
    public ElementwiseKernel kernel;

    @Param({"32768", "4194304"})
    public int len;

    private Kernels kernels;
    private float[] a;
    private float[] b;
    private float[] c;
    private float[] b0;
    private float[] c0;

    @Setup(Level.Trial)
    public void setUp() {
        kernels = kernels();
        a = RandomArrays.uniform(len, RandomArrays.SEED + 5);
        b0 = RandomArrays.uniform(len, RandomArrays.SEED + 6);
        c0 = RandomArrays.uniform(len, RandomArrays.SEED + 7);
        b = b0.clone();
        c = c0.clone();
    }

    @Setup(Level.Iteration)
    public void restore() {
        System.arraycopy(b0, 0, b, 0, len);
        System.arraycopy(c0, 0, c, 0, len);
    }

    @Benchmark
    public double call() {
        return kernel.run(kernels, len, a, b, c);
    }
}
