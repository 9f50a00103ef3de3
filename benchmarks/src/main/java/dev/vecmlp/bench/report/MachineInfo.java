package dev.vecmlp.bench.report;

import dev.vecmlp.bench.kernel.FmaPeakBenchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The machine and JVM a report was measured on: CPU model and the instruction-set flags that
 * matter for SIMD, processors, memory, operating system, JDK, the preferred Vector API width,
 * the JVM's arguments and the load average when the run began (the machines are shared).
 */
public record MachineInfo(String cpuModel, List<String> simdFlags, int processors, long memoryBytes,
                          String os, String jdkVersion, String jdkVendor, String vmName, String javaHome,
                          int vectorBits, String vectorNote, List<String> jvmArgs, String dateUtc,
                          double loadAverage) {

    /** CPU flags worth quoting next to SIMD figures (x86 and Arm names). */
    static final Set<String> SIMD_FLAGS = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512dq",
            "avx512bw", "avx512vl", "avx512_bf16", "avx512_fp16", "avx512_vnni", "avx_vnni", "amx_tile",
            "asimd", "sve", "sve2");

    /** Describes the running machine and JVM. */
    public static MachineInfo collect() {
        String model = System.getProperty("os.arch");
        List<String> flags = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equals("model name") && model.equals(System.getProperty("os.arch"))) {
                    model = value;
                } else if ((name.equals("flags") || name.equals("Features")) && flags.isEmpty()) {
                    flags = simdFlags(value);
                }
            }
        } catch (IOException e) {
            // Not Linux: the architecture stands in for the model, and no flags are listed.
        }
        int bits = 0;
        String note;
        try {
            bits = FmaPeakBenchmark.preferredVectorBits();
            note = "FloatVector.SPECIES_PREFERRED";
        } catch (LinkageError e) {
            note = "Vector API not available in this JVM (" + e + "); run with --add-modules jdk.incubator.vector";
        }
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new MachineInfo(model, flags, Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                System.getProperty("java.runtime.version", System.getProperty("java.version")),
                System.getProperty("java.vendor"), System.getProperty("java.vm.name"), System.getProperty("java.home"),
                bits, note, ManagementFactory.getRuntimeMXBean().getInputArguments(), Instant.now().toString(),
                currentLoadAverage());
    }

    /** The SIMD-relevant flags of a {@code /proc/cpuinfo} flags line, in their order there. */
    static List<String> simdFlags(String flagsLine) {
        List<String> out = new ArrayList<>();
        for (String f : flagsLine.split("\\s+")) {
            if (SIMD_FLAGS.contains(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /** The system load average over the last minute, or -1 where the OS does not say. */
    static double currentLoadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** The JDK's feature release with its update, e.g. {@code 17.0.15}, for folder names. */
    public String jdkShortVersion() {
        String v = jdkVersion == null ? "unknown" : jdkVersion;
        int plus = v.indexOf('+');
        String s = plus > 0 ? v.substring(0, plus) : v;
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
