package dev.vecmlp.kernel;

/**
 * Service interface through which optional backends (the Vector API one in {@code vecmlp-simd})
 * are discovered with {@link java.util.ServiceLoader}. A provider must be cheap to construct
 * and must not touch optional JDK modules until {@link #unavailableReason()} says it may.
 */
public interface KernelProvider {

    /** Backend name, as accepted by the {@code vecmlp.backend} system property. */
    String name();

    /** Preference among usable providers; the highest wins. */
    int priority();

    /** {@code null} when the backend can run in this JVM, otherwise why not and how to fix it. */
    String unavailableReason();

    /** Creates the backend using up to {@code threads} threads per kernel call (at least 1). */
    Kernels create(int threads);
}
