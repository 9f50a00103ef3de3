package dev.vecmlp.simd;

import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.KernelProvider;
import dev.vecmlp.kernel.Kernels;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The provider: discovered by ServiceLoader, usable here (the tests run with
 * {@code --add-modules jdk.incubator.vector}), and in child JVMs without the module, with
 * {@code -Xint}, with C2 switched off or with an unusable {@code vecmlp.simd.bits} it reports
 * why and how to fix it instead of failing.
 */
class SimdKernelProviderTest {

    @Test
    void isDiscoveredAndUsableHere() {
        KernelProvider found = null;
        for (KernelProvider p : ServiceLoader.load(KernelProvider.class)) {
            if (p.name().equals("simd")) {
                found = p;
            }
        }
        assertNotNull(found, "simd provider registered in META-INF/services");
        assertEquals(100, found.priority());
        assertNull(found.unavailableReason());
        Kernels kernels = found.create(2);
        assertInstanceOf(SimdKernels.class, kernels);
        assertEquals(2, kernels.threads());
        assertEquals("simd", kernels.name());
        assertTrue(kernels.vectorBitSize() >= 128);
        ((SimdKernels) kernels).close();
        Kernels viaBackends = Backends.create("simd", 1);
        assertEquals("simd", viaBackends.name());
        assertEquals(1, viaBackends.threads());
        ((SimdKernels) viaBackends).close();
    }

    @Test
    void honoursTheWidthProperty() {
        String bits = System.getProperty(Lanes.BITS_PROPERTY);
        try (SimdKernels kernels = new SimdKernels(1)) {
            if (bits != null) {
                assertEquals(Integer.parseInt(bits), kernels.vectorBitSize());
            } else {
                assertEquals(jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize(), kernels.vectorBitSize());
            }
        }
    }

    @Test
    void compilerFlagsThatDisableC2AreReported() {
        assertNull(SimdKernelProvider.compilerProblem("mixed mode, sharing", List.of("-Xss4m")));
        assertTrue(SimdKernelProvider.compilerProblem("interpreted mode", List.of()).contains("-Xint"));
        assertTrue(SimdKernelProvider.compilerProblem("mixed mode", List.of("-Xint")).contains("-Xint"));
        assertTrue(SimdKernelProvider.compilerProblem("mixed mode", List.of("-XX:TieredStopAtLevel=1"))
                .contains("TieredStopAtLevel=1"));
        assertNull(SimdKernelProvider.compilerProblem("mixed mode",
                List.of("-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation")), "without tiers C2 compiles everything");
        assertNull(SimdKernelProvider.compilerProblem("mixed mode", List.of("-XX:TieredStopAtLevel=4")));
        assertTrue(SimdKernelProvider.compilerProblem("mixed mode", List.of("-XX:-UseCompiler")).contains("UseCompiler"));
    }

    @Test
    void threadsMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new SimdKernels(0));
    }

    @Test
    void reportsWhyInJvmsThatCannotRunIt() throws Exception {
        String noModule = probe(List.of());
        assertTrue(noModule.contains("--add-modules jdk.incubator.vector"), noModule);
        String interpreted = probe(List.of("--add-modules", "jdk.incubator.vector", "-Xint"));
        assertTrue(interpreted.contains("-Xint"), interpreted);
        String c1Only = probe(List.of("--add-modules", "jdk.incubator.vector", "-XX:TieredStopAtLevel=1"));
        assertTrue(c1Only.contains("TieredStopAtLevel"), c1Only);
        String badWidth = probe(List.of("--add-modules", "jdk.incubator.vector", "-Dvecmlp.simd.bits=100"));
        assertTrue(badWidth.contains("must be 128, 256 or 512, found '100'"), badWidth);
    }

    /** Runs {@link ProviderProbeMain} in a fresh JVM with the given flags; returns its output. */
    private static String probe(List<String> flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ProviderProbeMain.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "child JVM finished");
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("reason="), out);
        return out.substring(out.indexOf("reason="));
    }
}
