package dev.vecmlp.cli.report;

import dev.vecmlp.kernel.Kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the machine and JVM offer for training: the chosen kernel backend, its vector width and
 * thread count, the JDK, whether the Vector API module is readable, the CPU model and its SIMD
 * extensions (from {@code /proc/cpuinfo} where it exists) and the processors available.
 */
public final class SystemInfo {
    private static final Path CPUINFO = Path.of("/proc/cpuinfo");
    private static final List<String> SIMD_FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512_bf16", "amx_tile", "asimd", "sve");

    private SystemInfo() {
    }

    /** Label/value pairs in display order. */
    public static Map<String, String> describe(Kernels kernels) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("backend", kernels.name());
        info.put("vector width", kernels.vectorBitSize() > 0 ? kernels.vectorBitSize() + " bits ("
                + kernels.vectorBitSize() / 32 + " floats)" : "scalar");
        info.put("kernel threads", Integer.toString(kernels.threads()));
        info.put("Vector API module", ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? "jdk.incubator.vector readable" : "not readable (add --add-modules jdk.incubator.vector)");
        info.put("JDK", "Java " + Runtime.version() + ", " + System.getProperty("java.vm.name") + " ("
                + System.getProperty("java.vendor") + ")");
        info.put("CPU", cpuModel());
        String flags = simdFlags();
        if (!flags.isEmpty()) {
            info.put("CPU SIMD", flags);
        }
        info.put("cores available", Integer.toString(Runtime.getRuntime().availableProcessors()));
        info.put("max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        info.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                + System.getProperty("os.arch") + ")");
        return info;
    }

    /** The CPU model name, or the architecture when /proc/cpuinfo is not there. */
    public static String cpuModel() {
        for (String line : cpuinfo()) {
            if (line.startsWith("model name") && line.contains(":")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch") + " (model unknown)";
    }

    private static String simdFlags() {
        Set<String> present = new TreeSet<>();
        for (String line : cpuinfo()) {
            if ((line.startsWith("flags") || line.startsWith("Features")) && line.contains(":")) {
                for (String flag : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                    if (SIMD_FLAGS.contains(flag)) {
                        present.add(flag);
                    }
                }
                break;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String flag : SIMD_FLAGS) {
            if (present.contains(flag)) {
                sb.append(sb.length() > 0 ? " " : "").append(flag);
            }
        }
        return sb.toString();
    }

    private static List<String> cpuinfo() {
        try {
            return Files.isReadable(CPUINFO) ? Files.readAllLines(CPUINFO) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }
}
