package dev.vecmlp.simd;

import dev.vecmlp.kernel.BackendAgreement;
import dev.vecmlp.model.Activation;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;

import java.util.List;

/**
 * Property: the SIMD backend agrees with the reference on generated shapes, single-threaded and
 * with two threads ({@link BackendAgreement}, from core's test-jar).
 */
class SimdAgreementPropertyTest {
    private static final SimdKernels ONE = new SimdKernels(1);
    private static final SimdKernels TWO = new SimdKernels(2);

    @AfterContainer
    static void stop() {
        ONE.close();
        TWO.close();
    }

    @Property(tries = 25)
    void gemmsAgreeWithTheReference(@ForAll @IntRange(min = 1, max = 90) int m, @ForAll @IntRange(min = 1, max = 90) int n,
                                    @ForAll @IntRange(min = 1, max = 300) int k, @ForAll long seed,
                                    @ForAll boolean accumulate, @ForAll boolean twoThreads) {
        BackendAgreement.gemmsAgree(twoThreads ? TWO : ONE, m, n, k, seed, accumulate);
    }

    @Property(tries = 15)
    void networksAgreeWithTheReference(@ForAll @IntRange(min = 1, max = 40) int inputs,
                                       @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 40) Integer> widths,
                                       @ForAll @IntRange(min = 1, max = 33) int rows, @ForAll long seed,
                                       @ForAll boolean softmax) {
        BackendAgreement.networksAgree(ONE, inputs, widths, rows, seed, softmax ? Activation.SOFTMAX : Activation.LINEAR);
    }
}
