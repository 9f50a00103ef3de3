package dev.vecmlp.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The float species every SIMD kernel computes with, fixed once per process as a static final
 * constant so C2 folds it into the compiled loops.
 *
 * <p>By default it is {@link FloatVector#SPECIES_PREFERRED}. The system property
 * {@value #BITS_PROPERTY} ({@code 128}, {@code 256} or {@code 512}) selects a narrower species,
 * so the tests can exercise the code paths of CPUs with narrower vectors; a value wider than the
 * preferred species or not one of those numbers is reported by {@link #PROBLEM} (and by the
 * provider) instead of being silently widened.
 */
final class Lanes {
    /** System property that narrows the vector width, in bits. */
    static final String BITS_PROPERTY = "vecmlp.simd.bits";

    /** Why {@value #BITS_PROPERTY} cannot be honoured, or {@code null} when it can (or is unset). */
    static final String PROBLEM;
    static final VectorSpecies<Float> FLOAT;
    static final int LENGTH;

    static {
        VectorSpecies<Float> preferred = FloatVector.SPECIES_PREFERRED;
        String value = System.getProperty(BITS_PROPERTY);
        VectorSpecies<Float> chosen = preferred;
        String problem = null;
        if (value != null && !value.isBlank()) {
            switch (value.trim()) {
                case "128": chosen = FloatVector.SPECIES_128; break;
                case "256": chosen = FloatVector.SPECIES_256; break;
                case "512": chosen = FloatVector.SPECIES_512; break;
                default:
                    problem = BITS_PROPERTY + " must be 128, 256 or 512, found '" + value + "'";
            }
            if (problem == null && chosen.vectorBitSize() > preferred.vectorBitSize()) {
                problem = BITS_PROPERTY + "=" + value.trim() + " is wider than this CPU's preferred "
                        + preferred.vectorBitSize() + "-bit vectors: use " + preferred.vectorBitSize() + " or less";
                chosen = preferred;
            }
        }
        PROBLEM = problem;
        FLOAT = problem == null ? chosen : preferred;
        LENGTH = FLOAT.length();
    }

    private Lanes() {
    }
}
