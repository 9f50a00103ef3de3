package dev.vecmlp.simd;

import dev.vecmlp.kernel.KernelProvider;
import dev.vecmlp.kernel.Kernels;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes the Vector API backend discoverable through {@link java.util.ServiceLoader} under the
 * name {@code simd}, priority {@value #PRIORITY}.
 *
 * <p>This class never names a {@code jdk.incubator.vector} type, so loading it in a JVM without
 * the module links nothing. {@link #unavailableReason()} checks, in order: the module is in the
 * boot layer and readable; C2 can compile (not {@code -Xint}, not a tiered stop level below 4,
 * not a disabled compiler), since interpreted or C1-compiled vector code is 10-1000x slower
 * than scalar loops; and only then, through {@link SpeciesProbe}, that the preferred float
 * vector has at least 128 bits. Each reason says how to fix it.
 */
public final class SimdKernelProvider implements KernelProvider {
    /** Preference among providers (the EJML fallback sits lower). */
    public static final int PRIORITY = 100;
    static final String MODULE = "jdk.incubator.vector";

    private volatile String reason;
    private volatile boolean checked;

    /** Cheap: the checks run on the first {@link #unavailableReason()} call. */
    public SimdKernelProvider() {
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public String unavailableReason() {
        if (!checked) {
            reason = check();
            checked = true;
        }
        return reason;
    }

    @Override
    public Kernels create(int threads) {
        String why = unavailableReason();
        if (why != null) {
            throw new IllegalStateException("the simd backend cannot run here: " + why);
        }
        return new SimdKernels(threads);
    }

    private static String check() {
        String module = moduleProblem();
        if (module != null) {
            return module;
        }
        String compiler = compilerProblem(System.getProperty("java.vm.info", ""),
                ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (compiler != null) {
            return compiler;
        }
        try {
            return SpeciesProbe.problem();
        } catch (LinkageError e) {
            return "the Vector API failed to load (" + e + "); run with --add-modules " + MODULE;
        }
    }

    /** Why the Vector API module cannot be used from here, or null. */
    static String moduleProblem() {
        Optional<Module> vector = ModuleLayer.boot().findModule(MODULE);
        if (vector.isEmpty()) {
            return "module " + MODULE + " is not in the boot layer: run with --add-modules " + MODULE;
        }
        if (!SimdKernelProvider.class.getModule().canRead(vector.get())) {
            return "module " + SimdKernelProvider.class.getModule().getName() + " cannot read " + MODULE
                    + ": add --add-reads " + SimdKernelProvider.class.getModule().getName() + "=" + MODULE;
        }
        return null;
    }

    /**
     * Why C2 cannot compile the vector code, judged from {@code java.vm.info} and the JVM's
     * input arguments (the last occurrence of a flag wins, as in HotSpot), or null.
     */
    static String compilerProblem(String vmInfo, List<String> jvmArgs) {
        if (vmInfo.toLowerCase(Locale.ROOT).contains("interpreted mode")) {
            return "the JVM runs interpreted (-Xint): remove -Xint so C2 compiles the vector kernels";
        }
        boolean tiered = true;
        int stopLevel = 4;
        boolean useCompiler = true;
        for (String arg : jvmArgs) {
            if (arg.equals("-Xint")) {
                return "the JVM runs interpreted (-Xint): remove -Xint so C2 compiles the vector kernels";
            } else if (arg.equals("-XX:-TieredCompilation")) {
                tiered = false;
            } else if (arg.equals("-XX:+TieredCompilation")) {
                tiered = true;
            } else if (arg.startsWith("-XX:TieredStopAtLevel=")) {
                try {
                    stopLevel = Integer.parseInt(arg.substring("-XX:TieredStopAtLevel=".length()).trim());
                } catch (NumberFormatException e) {
                    stopLevel = 4;
                }
            } else if (arg.equals("-XX:-UseCompiler")) {
                useCompiler = false;
            } else if (arg.equals("-XX:+UseCompiler")) {
                useCompiler = true;
            }
        }
        if (!useCompiler) {
            return "the JIT is disabled (-XX:-UseCompiler): remove it so C2 compiles the vector kernels";
        }
        if (tiered && stopLevel < 4) {
            return "C2 is disabled (-XX:TieredStopAtLevel=" + stopLevel
                    + "): remove that flag (or set it to 4) so C2 compiles the vector kernels";
        }
        return null;
    }
}
