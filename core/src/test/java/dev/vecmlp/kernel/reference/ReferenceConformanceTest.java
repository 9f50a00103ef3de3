package dev.vecmlp.kernel.reference;

import dev.vecmlp.kernel.KernelConformanceTest;
import dev.vecmlp.kernel.Kernels;

/**
 * The conformance suite on the reference backend against itself. The comparisons are trivially
 * exact here; what makes the run meaningful is the part of the suite that does not compare with
 * the oracle (hand-worked products and losses, exact sums of squares, the non-finite scan, the
 * up-front checks, a training run that learns).
 */
class ReferenceConformanceTest extends KernelConformanceTest {
    @Override
    protected Kernels kernels() {
        return ReferenceKernels.INSTANCE;
    }
}
