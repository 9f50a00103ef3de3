package dev.vecmlp.simd;

import jdk.incubator.vector.FloatVector;

/**
 * The one place the provider touches the Vector API, only after it found the module readable:
 * whether the preferred float vector is wide enough to pay off and the width property is usable.
 */
final class SpeciesProbe {
    /** Narrower vectors than this make the kernels slower than the scalar fallback. */
    static final int MIN_BITS = 128;

    private SpeciesProbe() {
    }

    /** Why the species cannot be used, or null. */
    static String problem() {
        int bits = FloatVector.SPECIES_PREFERRED.vectorBitSize();
        if (bits < MIN_BITS) {
            return "the preferred float vector here is " + bits + " bits, below " + MIN_BITS
                    + ": this CPU (or -XX:MaxVectorSize) gives no useful SIMD; the scalar backends are faster";
        }
        return Lanes.PROBLEM;
    }
}
