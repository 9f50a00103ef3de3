package dev.vecmlp.inference;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.data.TargetScaling;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WarmUpTest {
    @Test
    void singleSampleWarmUpStopsWithinItsBudgetAndChangesNothing() {
        Predictor p = Predictor.of(PredictorTest.model(3, Backends.reference(), 5));
        float[] x = PredictorTest.randomInputs(4, 13, 6);
        float[] before = p.predictBatch(x);
        long start = System.nanoTime();
        long calls = p.warmUp(1, Duration.ofMillis(300));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(calls >= 5, "calls " + calls);
        assertEquals(0, calls % 5, "single-sample steps make 5 calls each");
        // Checked after every call: one reference call of this tiny model is microseconds.
        assertTrue(tookMs < 300 + 250, "took " + tookMs + " ms for a 300 ms budget");
        assertArrayEquals(before, p.predictBatch(x), 0f);
    }

    @Test
    void fullWarmUpRunsBatchesAndChangesNothing() {
        Predictor p = Predictor.of(PredictorTest.model(2, Backends.reference(), 7));
        float[] x = PredictorTest.randomInputs(5, 13, 8);
        float[] before = p.predictBatch(x);
        long single = p.warmUp(1, Duration.ofSeconds(5));
        long all = p.warmUp(Duration.ofSeconds(5));
        assertTrue(all > single, "all paths " + all + " calls, single only " + single);
        assertArrayEquals(before, p.predictBatch(x), 0f);
    }

    @Test
    void rejectsBadArguments() {
        Predictor p = Predictor.of(PredictorTest.model(1, Backends.reference(), 1));
        assertThrows(InvalidConfigurationException.class, () -> p.warmUp(0, Duration.ofMillis(10)));
        assertThrows(NullPointerException.class, () -> p.warmUp(1, null));
        assertThrows(NullPointerException.class, () -> p.warmUp((Duration) null));
    }

    @Test
    void shadowMirrorsTheStructure() {
        Mlp m = Mlp.builder(7).hidden(30, Activation.LEAKY_RELU, 0.2).hidden(9, Activation.ELU, 0.5)
                .output(2, Activation.LINEAR).loss(Loss.MSE).kernels(Backends.reference()).build();
        m.setInputScaling(new InputScaling(new float[7], new float[]{1, 2, 3, 4, 5, 6, 7}));
        m.setTargetScaling(new TargetScaling(new float[]{1, 2}, new float[]{3, 4}));
        Predictor p = Predictor.of(m, Precision.BF16).withNonFiniteInputPolicy(NonFiniteInputPolicy.ALLOW);
        Predictor shadow = WarmUp.shadowOf(p);
        assertNotNull(shadow);
        assertEquals(p.layerCount(), shadow.layerCount());
        for (int l = 0; l < p.layerCount(); l++) {
            assertSame(p.activation(l), shadow.activation(l), "layer " + l);
            assertEquals(p.activationParameter(l), shadow.activationParameter(l), "layer " + l);
        }
        assertEquals(p.outputWidth(), shadow.outputWidth());
        assertSame(p.loss(), shadow.loss());
        assertSame(p.precision(), shadow.precision());
        assertSame(p.kernels(), shadow.kernels());
        assertSame(p.nonFiniteInputPolicy(), shadow.nonFiniteInputPolicy());
        assertNotNull(shadow.inputScaling());
        assertNotNull(shadow.targetScaling());
        assertTrue(shadow.inputWidth() < p.inputWidth() * 10);

        Predictor plain = Predictor.of(PredictorTest.model(3, Backends.reference(), 2));
        assertNull(WarmUp.shadowOf(plain).inputScaling());
        assertNull(WarmUp.shadowOf(plain).targetScaling());
    }

    @Test
    void c2ThresholdIsReadFromTheFlags() {
        assertEquals(5000, WarmUp.tier4Invocations(List.of("-Xmx1g")));
        assertEquals(1000, WarmUp.tier4Invocations(List.of("-XX:Tier4InvocationThreshold=1000")));
        assertEquals(300, WarmUp.tier4Invocations(
                List.of("-XX:Tier4MinInvocationThreshold=100", "-XX:Tier4CompileThreshold=300")));
        assertEquals(2500, WarmUp.tier4Invocations(List.of("-XX:CompileThresholdScaling=0.5")));
        assertEquals(700, WarmUp.tier4Invocations(
                List.of("-XX:Tier4InvocationThreshold=9", "-XX:Tier4InvocationThreshold=700")));
        assertEquals(1, WarmUp.tier4Invocations(List.of("-XX:CompileThresholdScaling=0.00001")));
        assertTrue(WarmUp.tier4Invocations() >= 1);
    }
}
