package dev.vecmlp.simd;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.kernel.BackendInfo;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.KernelProvider;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.train.Evaluation;
import dev.vecmlp.train.Trainer;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fallback, run only by {@code mvn verify -Pno-simd} (a JVM without
 * {@code --add-modules jdk.incubator.vector}, as a user's JVM without the flag): the SIMD jar is
 * on the class path, yet its provider reports that it cannot run and how to fix it, the
 * automatic choice is EJML, forcing SIMD is an error, and training works on the fallback.
 */
class WithoutVectorModuleTest {

    @Test
    void theModuleIsReallyAbsent() {
        assertFalse(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "this test must run in a JVM without --add-modules jdk.incubator.vector (profile no-simd)");
    }

    @Test
    void theProviderIsFoundButSaysWhyItCannotRunAndHowToFixIt() {
        KernelProvider simd = null;
        for (KernelProvider provider : ServiceLoader.load(KernelProvider.class)) {
            if (provider.name().equals("simd")) {
                simd = provider;
            }
        }
        assertNotNull(simd, "the simd provider is on the class path");
        String reason = simd.unavailableReason();
        assertNotNull(reason);
        assertTrue(reason.contains("--add-modules jdk.incubator.vector"), reason);
    }

    @Test
    void theAutomaticChoiceFallsBackToEjmlAndSaysHowToEnableSimd() {
        BackendInfo info = Backends.describe();
        assertEquals("ejml", info.name());
        assertEquals("ejml", Backends.defaultKernels().name());
        assertTrue(info.summary().contains("--add-modules jdk.incubator.vector"), info.summary());
    }

    @Test
    void forcingSimdIsAnErrorNotASilentFallback() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.create("simd", 1));
        assertTrue(e.getMessage().contains("--add-modules"), e.getMessage());
    }

    @Test
    void trainingRunsOnTheFallback() {
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        DataSet data = DataSet.of(x, 2, new float[]{0, 1, 1, 0}, 1);
        Mlp model = Mlp.builder(2).hidden(8, Activation.TANH).output(1, Activation.SIGMOID).seed(7).build();
        assertEquals("ejml", model.kernels().name());
        Trainer.builder().learningRate(0.1).batchSize(1).epochs(1000).seed(7).build().fit(model, data);
        assertEquals(1.0, Evaluation.accuracy(model, data));
    }
}
