package dev.vecmlp.kernel.ejml;

import dev.vecmlp.kernel.KernelConformanceTest;
import dev.vecmlp.kernel.Kernels;

/** The conformance suite on the EJML backend. */
class EjmlConformanceTest extends KernelConformanceTest {
    private static final Kernels KERNELS = new EjmlKernels();

    @Override
    protected Kernels kernels() {
        return KERNELS;
    }
}
