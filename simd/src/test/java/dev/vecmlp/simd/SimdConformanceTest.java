package dev.vecmlp.simd;

import dev.vecmlp.kernel.KernelConformanceTest;
import dev.vecmlp.kernel.Kernels;
import org.junit.jupiter.api.AfterAll;

/**
 * The shared conformance suite (core's test-jar) on the SIMD backend, at whatever vector width
 * this JVM runs ({@code vecmlp.simd.bits}); {@link #kernels(int)} gives the suite a 2-thread
 * instance for its thread-count check.
 */
class SimdConformanceTest extends KernelConformanceTest {
    private static final SimdKernels ONE = new SimdKernels(1);
    private static final SimdKernels TWO = new SimdKernels(2);

    @AfterAll
    static void stop() {
        ONE.close();
        TWO.close();
    }

    @Override
    protected Kernels kernels() {
        return ONE;
    }

    @Override
    protected Kernels kernels(int threads) {
        return threads == 1 ? ONE : TWO;
    }
}
