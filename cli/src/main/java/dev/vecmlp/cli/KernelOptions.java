package dev.vecmlp.cli;

import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --backend} and {@code --threads}, shared by the commands that compute. */
public final class KernelOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--backend", paramLabel = "NAME",
            description = "Kernel backend: simd (Vector API), ejml (pure Java), reference (plain loops, slow) "
                    + "(default: the fastest that can run here).")
    String backend;

    @Option(names = "--threads", paramLabel = "N",
            description = "Threads per kernel call (default: -Dvecmlp.threads or all available processors).")
    Integer threads;

    /** The backend asked for, or the process default when neither option is given. */
    public Kernels kernels() {
        if (backend == null && threads == null) {
            return Backends.defaultKernels();
        }
        if (threads != null && threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads: expected a whole number >= 1, found " + threads);
        }
        String name = backend != null ? backend : Backends.defaultKernels().name();
        try {
            return Backends.create(name, threads != null ? threads : Backends.defaultThreads());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--backend: " + e.getMessage());
        }
    }

    /** "simd, 256-bit vectors, 2 threads". */
    public static String describe(Kernels kernels) {
        return kernels.name() + (kernels.vectorBitSize() > 0 ? ", " + kernels.vectorBitSize() + "-bit vectors" : "")
                + ", " + kernels.threads() + (kernels.threads() == 1 ? " thread" : " threads");
    }
}
