package dev.vecmlp.kernel;

import dev.vecmlp.kernel.reference.ReferenceKernels;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Chooses the kernel backend once per process.
 *
 * <p>The system property {@code vecmlp.backend} ({@code reference} or the name of a discovered
 * provider) forces a choice; forcing a backend that cannot run is an error, never a silent
 * fallback. {@code vecmlp.threads} sets the default thread count of backends that use threads.
 */
public final class Backends {
    /** System property that forces a backend. */
    public static final String BACKEND_PROPERTY = "vecmlp.backend";
    /** System property with the default number of kernel threads. */
    public static final String THREADS_PROPERTY = "vecmlp.threads";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    private Backends() {
    }

    private static final class Holder {
        static final Kernels DEFAULT = choose();
    }

    /** The backend chosen for this process (decided on first use, logged once). */
    public static Kernels defaultKernels() {
        return Holder.DEFAULT;
    }

    /** The reference backend, the oracle. */
    public static Kernels reference() {
        return ReferenceKernels.INSTANCE;
    }

    /** Default thread count: {@code vecmlp.threads}, or the available processors. */
    public static int defaultThreads() {
        String prop = System.getProperty(THREADS_PROPERTY);
        if (prop == null || prop.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(prop.trim());
            if (threads < 1) {
                throw new NumberFormatException();
            }
            return threads;
        } catch (NumberFormatException e) {
            throw new IllegalStateException(THREADS_PROPERTY + " must be a whole number >= 1, found '" + prop + "'");
        }
    }

    /**
     * Creates the named backend with the given thread count.
     *
     * @throws IllegalArgumentException when no backend has that name
     * @throws IllegalStateException    when it exists but cannot run in this JVM
     */
    public static Kernels create(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
        if ("reference".equals(name)) {
            return ReferenceKernels.INSTANCE;
        }
        List<String> known = new ArrayList<>(List.of("reference"));
        for (KernelProvider provider : providers()) {
            known.add(provider.name());
            if (provider.name().equals(name)) {
                String reason = provider.unavailableReason();
                if (reason != null) {
                    throw new IllegalStateException("backend '" + name + "' cannot run here: " + reason);
                }
                return provider.create(threads);
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "', expected one of " + known);
    }

    private static List<KernelProvider> providers() {
        List<KernelProvider> list = new ArrayList<>();
        for (KernelProvider provider : ServiceLoader.load(KernelProvider.class, Backends.class.getClassLoader())) {
            list.add(provider);
        }
        return list;
    }

    private static Kernels choose() {
        String forced = System.getProperty(BACKEND_PROPERTY);
        int threads = defaultThreads();
        if (forced != null && !forced.isBlank()) {
            Kernels kernels = create(forced.trim(), threads);
            LOG.log(System.Logger.Level.INFO, "vecmlp backend: " + kernels.name() + " (forced by -D"
                    + BACKEND_PROPERTY + "), " + kernels.threads() + " thread(s)");
            return kernels;
        }
        KernelProvider best = null;
        StringBuilder why = new StringBuilder();
        for (KernelProvider provider : providers()) {
            String reason = provider.unavailableReason();
            if (reason != null) {
                why.append(provider.name()).append(": ").append(reason).append("; ");
            } else if (best == null || provider.priority() > best.priority()) {
                best = provider;
            }
        }
        if (best != null) {
            Kernels kernels = best.create(threads);
            LOG.log(System.Logger.Level.INFO, "vecmlp backend: " + kernels.name() + ", "
                    + kernels.vectorBitSize() + "-bit vectors, " + kernels.threads() + " thread(s)");
            return kernels;
        }
        LOG.log(System.Logger.Level.INFO, "vecmlp backend: reference (" + (why.length() == 0
                ? "no faster backend on the class path" : why.toString().trim()) + ")");
        return ReferenceKernels.INSTANCE;
    }
}
