package dev.vecmlp.kernel;

import dev.vecmlp.kernel.ejml.EjmlKernels;
import dev.vecmlp.kernel.reference.ReferenceKernels;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backend choice. The process-wide default is decided once, so the decision is tested
 * through {@link Backends#choose}, which takes the property value and the provider list; the
 * SIMD provider is faked here (core's tests never have the simd module on the class path).
 */
class BackendsTest {

    /** A provider whose backend reports the given name, width and thread count. */
    private static KernelProvider provider(String name, int priority, String unavailableReason, int bits) {
        return new KernelProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int priority() {
                return priority;
            }

            @Override
            public String unavailableReason() {
                return unavailableReason;
            }

            @Override
            public Kernels create(int threads) {
                return (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[]{Kernels.class},
                        (proxy, method, args) -> {
                            switch (method.getName()) {
                                case "name": return name;
                                case "vectorBitSize": return bits;
                                case "threads": return threads;
                                default: throw new UnsupportedOperationException(method.getName());
                            }
                        });
            }
        };
    }

    private static final KernelProvider USABLE_SIMD = provider("simd", 100, null, 256);
    private static final KernelProvider BLOCKED_SIMD = provider("simd", 100,
            "module jdk.incubator.vector is not readable", 0);

    // ---------------------------------------------------------------- automatic choice

    @Test
    void withoutSimdOnTheClassPathEjmlIsChosenAndTheLogSaysHowToEnableSimd() {
        Backends.Choice choice = Backends.choose(null, List.of(), 4);
        assertInstanceOf(EjmlKernels.class, choice.kernels());
        BackendInfo info = choice.info();
        assertEquals("ejml", info.name());
        assertEquals(0, info.vectorBitSize());
        assertEquals(1, info.threads());
        assertTrue(info.reason().contains("simd"), info.reason());
        assertTrue(info.notChosen().get("simd").contains("not on the class path"), info.notChosen().toString());
        assertTrue(info.notChosen().containsKey("reference"), info.notChosen().toString());
        assertFalse(info.notChosen().containsKey("ejml"), "the chosen backend is not among the others");
        assertTrue(choice.logLine().startsWith("vecmlp backend: ejml"), choice.logLine());
        assertTrue(choice.logLine().contains("--add-modules jdk.incubator.vector"), choice.logLine());
        assertTrue(choice.logLine().contains("vecmlp-simd"), choice.logLine());
    }

    @Test
    void aUsableSimdProviderIsChosen() {
        Backends.Choice choice = Backends.choose("", List.of(USABLE_SIMD), 3);
        BackendInfo info = choice.info();
        assertEquals("simd", info.name());
        assertEquals(256, info.vectorBitSize());
        assertEquals(3, info.threads(), "the thread count reaches the provider");
        assertTrue(info.notChosen().get("ejml").contains("faster"), info.notChosen().toString());
        assertFalse(choice.logLine().contains("--add-modules"), "no advice when SIMD is on: " + choice.logLine());
        assertTrue(choice.logLine().contains("256-bit"), choice.logLine());
    }

    @Test
    void anUnavailableSimdProviderFallsBackToEjmlWithItsReason() {
        Backends.Choice choice = Backends.choose("  ", List.of(BLOCKED_SIMD), 2);
        assertEquals("ejml", choice.info().name());
        assertTrue(choice.info().notChosen().get("simd").contains("jdk.incubator.vector is not readable"),
                choice.info().notChosen().toString());
        assertTrue(choice.info().reason().contains("jdk.incubator.vector is not readable"), choice.info().reason());
        assertTrue(choice.logLine().contains("jdk.incubator.vector is not readable"), choice.logLine());
        assertTrue(choice.logLine().contains("--add-modules jdk.incubator.vector"), choice.logLine());
    }

    @Test
    void aProviderWhoseCheckThrowsIsTreatedAsUnavailable() {
        KernelProvider broken = new KernelProvider() {
            @Override
            public String name() {
                return "simd";
            }

            @Override
            public int priority() {
                return 100;
            }

            @Override
            public String unavailableReason() {
                throw new NoClassDefFoundError("jdk/incubator/vector/FloatVector");
            }

            @Override
            public Kernels create(int threads) {
                throw new AssertionError("must not be created");
            }
        };
        Backends.Choice choice = Backends.choose(null, List.of(broken), 1);
        assertEquals("ejml", choice.info().name());
        assertTrue(choice.info().notChosen().get("simd").contains("FloatVector"), choice.info().notChosen().toString());
    }

    @Test
    void theHighestPriorityUsableProviderWins() {
        KernelProvider slow = provider("other", 10, null, 128);
        Backends.Choice choice = Backends.choose(null, List.of(slow, USABLE_SIMD), 1);
        assertEquals("simd", choice.info().name());
        assertTrue(choice.info().notChosen().get("other").contains("lower priority"), choice.info().notChosen().toString());
    }

    // ---------------------------------------------------------------- forced choice

    @Test
    void forcingReferenceOrEjmlWorksEvenWhenSimdCouldRun() {
        Backends.Choice reference = Backends.choose("reference", List.of(USABLE_SIMD), 4);
        assertSame(ReferenceKernels.INSTANCE, reference.kernels());
        assertTrue(reference.info().reason().contains("-Dvecmlp.backend=reference"), reference.info().reason());
        assertEquals("not the forced backend", reference.info().notChosen().get("simd"));
        assertTrue(reference.logLine().contains("SIMD is not used because another backend was forced"),
                reference.logLine());

        Backends.Choice ejml = Backends.choose(" EJML ", List.of(USABLE_SIMD), 4);
        assertInstanceOf(EjmlKernels.class, ejml.kernels());
        assertEquals("ejml", ejml.info().name());
    }

    @Test
    void forcingSimdUsesItWhenItCanRun() {
        Backends.Choice choice = Backends.choose("simd", List.of(USABLE_SIMD), 2);
        assertEquals("simd", choice.info().name());
        assertEquals(2, choice.info().threads());
        assertTrue(choice.info().reason().contains("forced"), choice.info().reason());
        assertFalse(choice.logLine().contains("SIMD is not used"), choice.logLine());
    }

    @Test
    void forcingSimdWhenItIsAbsentIsAnErrorThatSaysHowToFixIt() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Backends.choose("simd", List.of(), 1));
        assertTrue(e.getMessage().contains("vecmlp.backend=simd"), e.getMessage());
        assertTrue(e.getMessage().contains("not on the class path"), e.getMessage());
        assertTrue(e.getMessage().contains("--add-modules jdk.incubator.vector"), e.getMessage());
    }

    @Test
    void forcingSimdWhenItCannotRunIsAnErrorWithTheProvidersReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Backends.choose("simd", List.of(BLOCKED_SIMD), 1));
        assertTrue(e.getMessage().contains("jdk.incubator.vector is not readable"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot run"), e.getMessage());
    }

    @Test
    void forcingAnUnknownBackendListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Backends.choose("gpu", List.of(provider("other", 1, null, 0)), 1));
        assertTrue(e.getMessage().contains("unknown backend 'gpu'"), e.getMessage());
        assertTrue(e.getMessage().contains("[simd, ejml, reference, other]"), e.getMessage());
    }

    // ---------------------------------------------------------------- public entry points

    @Test
    void createBuildsTheBuiltInBackendsAndRejectsTheOthersClearly() {
        assertSame(ReferenceKernels.INSTANCE, Backends.create("reference", 1));
        assertEquals("ejml", Backends.create("ejml", 2).name());
        assertSame(Backends.ejml(), Backends.create("ejml", 1));
        assertSame(Backends.reference(), ReferenceKernels.INSTANCE);
        // The simd module is not on core's test class path.
        IllegalStateException absent = assertThrows(IllegalStateException.class, () -> Backends.create("simd", 1));
        assertTrue(absent.getMessage().contains("not on the class path"), absent.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Backends.create("fast", 1));
        assertTrue(unknown.getMessage().contains("[simd, ejml, reference]"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Backends.create("ejml", 0));
    }

    @Test
    void describeShowsTheProcessChoice() {
        BackendInfo info = Backends.describe();
        Kernels kernels = Backends.defaultKernels();
        assertEquals(kernels.name(), info.name());
        assertEquals(kernels.vectorBitSize(), info.vectorBitSize());
        assertEquals(kernels.threads(), info.threads());
        assertFalse(info.reason().isBlank());
        assertFalse(info.notChosen().containsKey(info.name()));
        assertThrows(UnsupportedOperationException.class, () -> info.notChosen().put("x", "y"));
        String forced = System.getProperty(Backends.BACKEND_PROPERTY);
        if (forced == null || forced.isBlank()) {
            // Core's tests run without the simd module: the automatic choice is EJML.
            assertEquals("ejml", info.name());
        } else {
            assertEquals(forced.trim().toLowerCase(java.util.Locale.ROOT), info.name());
        }
        assertTrue(info.summary().startsWith(info.name() + " ("), info.summary());
    }

    @Test
    void threadCountProperty() {
        assertEquals(Runtime.getRuntime().availableProcessors(), Backends.parseThreads(null));
        assertEquals(Runtime.getRuntime().availableProcessors(), Backends.parseThreads(" "));
        assertEquals(3, Backends.parseThreads(" 3 "));
        IllegalStateException zero = assertThrows(IllegalStateException.class, () -> Backends.parseThreads("0"));
        assertTrue(zero.getMessage().contains("vecmlp.threads") && zero.getMessage().contains("'0'"), zero.getMessage());
        assertThrows(IllegalStateException.class, () -> Backends.parseThreads("many"));
    }
}
