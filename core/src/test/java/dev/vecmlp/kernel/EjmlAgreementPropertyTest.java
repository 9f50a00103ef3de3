package dev.vecmlp.kernel;

import dev.vecmlp.model.Activation;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.List;

/** Property: the EJML backend agrees with the reference on generated shapes ({@link BackendAgreement}). */
class EjmlAgreementPropertyTest {
    private static final Kernels EJML = Backends.ejml();

    @Property(tries = 60)
    void gemmsAgreeWithTheReference(@ForAll @IntRange(min = 1, max = 70) int m, @ForAll @IntRange(min = 1, max = 70) int n,
                                    @ForAll @IntRange(min = 1, max = 300) int k, @ForAll long seed,
                                    @ForAll boolean accumulate) {
        BackendAgreement.gemmsAgree(EJML, m, n, k, seed, accumulate);
    }

    @Property(tries = 40)
    void networksAgreeWithTheReference(@ForAll @IntRange(min = 1, max = 40) int inputs,
                                       @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 40) Integer> widths,
                                       @ForAll @IntRange(min = 1, max = 33) int rows, @ForAll long seed,
                                       @ForAll boolean softmax) {
        BackendAgreement.networksAgree(EJML, inputs, widths, rows, seed, softmax ? Activation.SOFTMAX : Activation.LINEAR);
    }
}
