package dev.vecmlp.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MachineInfoTest {

    @Test
    void keepsOnlyTheSimdFlagsInCpuinfoOrder() {
        assertEquals(List.of("fma", "avx2", "avx512f", "avx512vl"),
                MachineInfo.simdFlags("fpu vme fma cx16 avx2 bmi2 avx512f avx512ifma avx512vl sha_ni"));
    }

    @Test
    void describesThisJvm() {
        MachineInfo m = MachineInfo.collect();
        assertEquals(Runtime.getRuntime().availableProcessors(), m.processors());
        assertTrue(m.jdkVersion().startsWith(String.valueOf(Runtime.version().feature())), m.jdkVersion());
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            // With --add-modules jdk.incubator.vector the width is known, a power of two, at least 64 bits.
            assertTrue(m.vectorBits() >= 64 && Integer.bitCount(m.vectorBits()) == 1, "vector bits " + m.vectorBits());
        } else {
            // Without it (mvn -Pno-simd) the width is unknown and the note says how to enable the module.
            assertEquals(0, m.vectorBits());
            assertTrue(m.vectorNote().contains("--add-modules jdk.incubator.vector"), m.vectorNote());
        }
        assertTrue(m.jdkShortVersion().matches("[0-9][0-9A-Za-z._-]*"), m.jdkShortVersion());
    }
}
