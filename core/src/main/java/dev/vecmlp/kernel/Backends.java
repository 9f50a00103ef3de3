package dev.vecmlp.kernel;

import dev.vecmlp.kernel.ejml.EjmlKernels;
import dev.vecmlp.kernel.reference.ReferenceKernels;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Chooses the kernel backend once per process.
 *
 * <p>By default the fastest backend that can run is used: a provider discovered with
 * {@link ServiceLoader} (the Vector API backend {@code simd} from the {@code vecmlp-simd} jar)
 * when its {@link KernelProvider#unavailableReason()} is {@code null}, otherwise the EJML
 * backend, which runs everywhere. The provider decides whether it can run (the
 * {@code jdk.incubator.vector} module readable, C2 on, vectors of at least 128 bits); this class
 * never touches the Vector API, so its classes are not linked when the module is absent.
 *
 * <p>One INFO line through {@link System.Logger} says which backend was chosen and why, and,
 * when SIMD is not used, how to enable it. {@link #describe()} returns the same facts.
 *
 * <p>The system property {@code vecmlp.backend} ({@code simd}, {@code ejml}, {@code reference}
 * or the name of another provider) forces a choice. Forcing a backend that cannot run throws
 * {@link IllegalStateException}; an unknown name throws {@link IllegalArgumentException} listing
 * the known ones. There is never a silent fallback. {@code vecmlp.threads} sets the default
 * number of threads of backends that use threads.
 */
public final class Backends {
    /** System property that forces a backend. */
    public static final String BACKEND_PROPERTY = "vecmlp.backend";
    /** System property with the default number of kernel threads. */
    public static final String THREADS_PROPERTY = "vecmlp.threads";

    /** Name of the Vector API backend's provider. */
    static final String SIMD = "simd";
    static final String EJML = "ejml";
    static final String REFERENCE = "reference";

    /** How to enable the SIMD backend, for messages. */
    static final String HOW_TO_ENABLE_SIMD = "to enable SIMD, run on JDK 17+ with --add-modules jdk.incubator.vector"
            + " and the vecmlp-simd jar on the class path";

    private static final System.Logger LOG = System.getLogger(Backends.class.getName());

    private static final Kernels EJML_KERNELS = new EjmlKernels();

    private static final int MAX_PROVIDER_FAILURES = 8;

    private Backends() {
    }

    /** A decided backend: the kernels, their description and the line that is logged. */
    record Choice(Kernels kernels, BackendInfo info, String logLine) {
    }

    /** The process-wide decision, made on first use; a bad property is remembered, not retried. */
    private static final class Holder {
        static final Choice CHOICE;
        static final RuntimeException FAILURE;

        static {
            Choice choice = null;
            RuntimeException failure = null;
            try {
                choice = choose(System.getProperty(BACKEND_PROPERTY), providers(), defaultThreads());
                LOG.log(System.Logger.Level.INFO, choice.logLine());
            } catch (IllegalArgumentException | IllegalStateException e) {
                failure = e;
            }
            CHOICE = choice;
            FAILURE = failure;
        }

        static Choice get() {
            if (FAILURE != null) {
                // A fresh exception per call (this caller's stack), of the same kind and message.
                if (FAILURE instanceof IllegalArgumentException) {
                    throw new IllegalArgumentException(FAILURE.getMessage(), FAILURE);
                }
                throw new IllegalStateException(FAILURE.getMessage(), FAILURE);
            }
            return CHOICE;
        }
    }

    /**
     * The backend chosen for this process (decided on first use, logged once).
     *
     * @throws IllegalStateException    when {@code vecmlp.backend} forces a backend that cannot
     *                                  run, or {@code vecmlp.threads} is not a count
     * @throws IllegalArgumentException when {@code vecmlp.backend} names no known backend
     */
    public static Kernels defaultKernels() {
        return Holder.get().kernels();
    }

    /**
     * Which backend this process uses, with its vector width, threads and the reasons of the
     * choice; throws as {@link #defaultKernels()} does.
     */
    public static BackendInfo describe() {
        return Holder.get().info();
    }

    /** The reference backend, the oracle. */
    public static Kernels reference() {
        return ReferenceKernels.INSTANCE;
    }

    /** The EJML backend (pure Java, single-threaded), usable in every JVM. */
    public static Kernels ejml() {
        return EJML_KERNELS;
    }

    /** Default thread count: {@code vecmlp.threads}, or the available processors. */
    public static int defaultThreads() {
        return parseThreads(System.getProperty(THREADS_PROPERTY));
    }

    /** The thread count a {@code vecmlp.threads} value asks for; blank means the available processors. */
    static int parseThreads(String value) {
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int threads = Integer.parseInt(value.trim());
            if (threads >= 1) {
                return threads;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(THREADS_PROPERTY + " must be a whole number >= 1, found '" + value + "'");
    }

    /**
     * Creates the named backend with the given thread count.
     *
     * @throws IllegalArgumentException when no backend has that name, or threads &lt; 1
     * @throws IllegalStateException    when it exists but cannot run in this JVM
     */
    public static Kernels create(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, found " + threads);
        }
        return forced("Backends.create(\"" + name + "\")", name, providers(), threads).kernels();
    }

    // ---------------------------------------------------------------- the decision

    /**
     * The decision, free of process state so it can be tested: {@code property} is the value of
     * {@code vecmlp.backend} (null or blank: automatic), {@code providers} the discovered ones.
     */
    static Choice choose(String property, List<KernelProvider> providers, int threads) {
        if (property != null && !property.isBlank()) {
            return forced("-D" + BACKEND_PROPERTY + "=" + property.trim(), property, providers, threads);
        }
        Map<String, String> notChosen = new LinkedHashMap<>();
        KernelProvider best = null;
        for (KernelProvider provider : providers) {
            String why = unavailableReason(provider);
            if (why != null) {
                notChosen.put(provider.name(), "cannot run here: " + why);
            } else if (best == null || provider.priority() > best.priority()) {
                if (best != null) {
                    notChosen.put(best.name(), "lower priority than " + provider.name());
                }
                best = provider;
            } else {
                notChosen.put(provider.name(), "lower priority than " + best.name());
            }
        }
        if (!hasProvider(providers, SIMD)) {
            notChosen.put(SIMD, "the vecmlp-simd jar is not on the class path");
        }
        notChosen.put(REFERENCE, "the plain-loop oracle, used only when forced");
        if (best != null) {
            Kernels kernels = best.create(threads);
            notChosen.put(EJML, "a faster backend (" + best.name() + ") can run");
            String reason = "the fastest backend that can run here (priority " + best.priority() + ")";
            BackendInfo info = info(kernels, reason, notChosen);
            return new Choice(kernels, info, "vecmlp backend: " + info.summary());
        }
        String simdReason = notChosen.get(SIMD);
        String reason = "no SIMD backend can run (" + SIMD + ": " + simdReason + ")";
        BackendInfo info = info(EJML_KERNELS, reason, notChosen);
        return new Choice(EJML_KERNELS, info, "vecmlp backend: " + info.summary() + "; " + HOW_TO_ENABLE_SIMD
                + " (or force a backend with -D" + BACKEND_PROPERTY + "=simd|ejml|reference)");
    }

    /** The backend named by {@code name}, forced by {@code source}; never falls back. */
    private static Choice forced(String source, String name, List<KernelProvider> providers, int threads) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        Map<String, String> notChosen = new LinkedHashMap<>();
        String reason = "forced by " + source;
        List<String> known = new ArrayList<>(List.of(SIMD, EJML, REFERENCE));
        for (KernelProvider provider : providers) {
            if (!known.contains(provider.name())) {
                known.add(provider.name());
            }
        }
        for (String other : known) {
            if (!other.equals(wanted)) {
                notChosen.put(other, "not the forced backend");
            }
        }
        if (wanted.equals(REFERENCE)) {
            return forcedChoice(ReferenceKernels.INSTANCE, reason, notChosen);
        }
        if (wanted.equals(EJML)) {
            return forcedChoice(EJML_KERNELS, reason, notChosen);
        }
        // Discovered providers, simd among them.
        for (KernelProvider provider : providers) {
            if (provider.name().equals(wanted)) {
                String why = unavailableReason(provider);
                if (why != null) {
                    throw new IllegalStateException(source + " asks for the " + wanted
                            + " backend, which cannot run in this JVM: " + why
                            + (wanted.equals(SIMD) ? "; " + HOW_TO_ENABLE_SIMD : ""));
                }
                return forcedChoice(provider.create(threads), reason, notChosen);
            }
        }
        if (wanted.equals(SIMD)) {
            throw new IllegalStateException(source + " asks for the simd backend, but it is not on the class path"
                    + " (no provider named simd was found); " + HOW_TO_ENABLE_SIMD);
        }
        throw new IllegalArgumentException(source + ": unknown backend '" + (name == null ? "" : name.trim())
                + "', expected one of " + known);
    }

    private static Choice forcedChoice(Kernels kernels, String reason, Map<String, String> notChosen) {
        BackendInfo info = info(kernels, reason, notChosen);
        String line = "vecmlp backend: " + info.summary();
        if (!kernels.name().equals(SIMD)) {
            line += "; SIMD is not used because another backend was forced (without -D" + BACKEND_PROPERTY
                    + " the SIMD backend is chosen where it can run; " + HOW_TO_ENABLE_SIMD + ")";
        }
        return new Choice(kernels, info, line);
    }

    private static BackendInfo info(Kernels kernels, String reason, Map<String, String> notChosen) {
        return new BackendInfo(kernels.name(), kernels.vectorBitSize(), kernels.threads(), reason, notChosen);
    }

    /** The provider's own reason, or the failure of asking it (a provider must never break the choice). */
    private static String unavailableReason(KernelProvider provider) {
        try {
            return provider.unavailableReason();
        } catch (RuntimeException | LinkageError e) {
            return "its availability check failed: " + e;
        }
    }

    private static boolean hasProvider(List<KernelProvider> providers, String name) {
        for (KernelProvider provider : providers) {
            if (provider.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The discovered providers; one that cannot be loaded is skipped (and logged), not fatal. */
    private static List<KernelProvider> providers() {
        List<KernelProvider> list = new ArrayList<>();
        Iterator<KernelProvider> it = ServiceLoader.load(KernelProvider.class, Backends.class.getClassLoader()).iterator();
        // The loader tries the next provider after a failure; the bound stops a loader that cannot recover.
        for (int failures = 0; failures < MAX_PROVIDER_FAILURES; ) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                list.add(it.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                failures++;
                LOG.log(System.Logger.Level.WARNING, "vecmlp: a kernel provider could not be loaded: " + e);
            }
        }
        return list;
    }
}
