package dev.vecmlp.health;

import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Dense;
import dev.vecmlp.model.Gradients;
import dev.vecmlp.model.Initializer;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.train.NonFinitePolicy;
import dev.vecmlp.train.StepOptions;
import dev.vecmlp.train.TrainingStep;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two failure modes of backpropagation reproduced on purpose, diagnosed, and removed by
 * their remedies; and the figures of a check against values computed directly.
 */
class GradientHealthTest {
    private static final int ROWS = 32;

    /** 10 layers of width 8 with sigmoid everywhere: the gradient reaching layer 0 is ~1e-6 of the last. */
    @Test
    void deepNarrowSigmoidNetworkGetsAVanishingVerdictForItsFirstLayers() {
        GradientMonitor monitor = train(deepNarrow(Activation.SIGMOID, Initializer.XAVIER_UNIFORM), 0, 12);
        List<HealthVerdict> vanishing = of(monitor, HealthVerdict.Kind.VANISHING);
        assertTrue(vanishing.stream().anyMatch(v -> v.layer() == 0), "verdicts: " + monitor.verdicts());
        assertTrue(vanishing.stream().anyMatch(v -> v.affectedLayers().contains(1)), "verdicts: " + monitor.verdicts());
        assertEquals(1, vanishing.size(), "one verdict for the layers that start vanishing together: " + vanishing);
        HealthVerdict first = vanishing.stream().filter(v -> v.layer() == 0).findFirst().orElseThrow();
        assertTrue(first.gradientNorm() < 1e-3 * first.reference(), first.message());
        assertEquals(5, first.step(), "raised after 5 checks in a row: " + first.message());
        assertTrue(first.cause().contains("sigmoid"), first.cause());
        assertTrue(first.remedy().contains("ReLU"), first.remedy());
        assertTrue(monitor.active(HealthVerdict.Kind.VANISHING));
        // the chart series: one point per check for every layer, layer 0 far below the last
        double[] early = monitor.gradientNorms(0);
        double[] last = monitor.gradientNorms(9);
        assertEquals(12, early.length);
        assertEquals(12, monitor.steps()[11]);
        assertTrue(early[11] < 1e-3 * last[11], early[11] + " vs " + last[11]);
    }

    /** The same depth and width with tanh and its matched (Xavier) initialisation keeps the gradient alive. */
    @Test
    void tanhWithMatchedInitialisationRemovesTheVanishingVerdict() {
        GradientMonitor monitor = train(deepNarrow(Activation.TANH, Initializer.matchedTo(Activation.TANH)), 0, 12);
        assertEquals(List.of(), of(monitor, HealthVerdict.Kind.VANISHING));
        assertEquals(12, monitor.checkCount());
    }

    /** 9 ReLU layers with He weights scaled x5: every layer multiplies the gradient by ~5. */
    @Test
    void largeInitialWeightsGetAnExplodingVerdictNamingTheInitialisation() {
        GradientMonitor monitor = train(deepRelu(5f), 0, 4);
        List<HealthVerdict> exploding = of(monitor, HealthVerdict.Kind.EXPLODING);
        assertTrue(exploding.stream().anyMatch(v -> v.affectedLayers().contains(0)), "verdicts: " + monitor.verdicts());
        HealthVerdict v = exploding.stream().filter(e -> e.affectedLayers().contains(0)).findFirst().orElseThrow();
        assertTrue(v.gradientNorm() > 1e3 || !Double.isFinite(v.gradientNorm()), v.message());
        assertTrue(v.cause().contains("initialisation"), v.cause());
        assertTrue(v.remedy().contains("matchedTo"), v.remedy());
    }

    @Test
    void matchedInitialisationRemovesTheExplodingVerdict() {
        GradientMonitor monitor = train(deepRelu(1f), 0, 4);
        assertEquals(List.of(), of(monitor, HealthVerdict.Kind.EXPLODING));
        assertEquals(4, monitor.checkCount());
    }

    @Test
    void clippingByGlobalNormRemovesTheExplodingVerdict() {
        Mlp model = deepRelu(5f);
        GradientMonitor monitor = train(model, 1.0, 4);
        assertEquals(List.of(), of(monitor, HealthVerdict.Kind.EXPLODING));
        for (int c = 0; c < monitor.checkCount(); c++) {
            HealthCheck check = monitor.check(c);
            double sum = 0;
            for (double n : check.gradientNorms()) {
                sum += n * n;
            }
            assertTrue(Math.sqrt(sum) <= 1.0 + 1e-4, "clipped global norm " + Math.sqrt(sum));
            assertTrue(check.globalGradientNorm() > 1e3, "the raw norm is still recorded: " + check.globalGradientNorm());
        }
        assertTrue(model.kernels().allFinite(model.parameterCount(), model.parameters(), 0));
    }

    /** Gradient norms, weight norms, update ratios and dead units against direct computation. */
    @Test
    void checkFiguresMatchDirectComputation() {
        Mlp model = Mlp.builder(3).hidden(4, Activation.RELU).hidden(5, Activation.SIGMOID)
                .output(2, Activation.SOFTMAX).seed(9).kernels(Backends.reference()).build();
        // two of layer 0's four units get a bias so negative they never fire: dead
        float[] bias0 = model.bias(0);
        bias0[1] = -100;
        bias0[3] = -100;
        model.setLayer(0, model.weights(0), bias0);
        float[] x = randomInputs(3, 6, 1);
        float[] y = new float[6 * 2];
        for (int r = 0; r < 6; r++) {
            y[r * 2 + r % 2] = 1;
        }
        Gradients expected = model.gradients(x, y, 6);
        Mlp before = model.copy();
        GradientMonitor monitor = new GradientMonitor(HealthConfig.defaults().withEverySteps(1));
        new TrainingStep(model, new Sgd(0.1), 6, new StepOptions(0, 0, NonFinitePolicy.STOP, monitor))
                .step(x, 0, y, 0, 6);
        HealthCheck check = monitor.latest();
        assertEquals(1, check.step());
        for (int l = 0; l < 3; l++) {
            Dense d = model.layer(l);
            double g = norm(expected.weights(d)) ;
            double gb = norm(expected.bias(d));
            double w = norm(before.weights(l));
            assertEquals(Math.sqrt(g * g + gb * gb), check.gradientNorms()[l], 1e-6, "gradient norm " + l);
            assertEquals(w, check.weightNorms()[l], 1e-5, "weight norm " + l);
            assertEquals(0.1 * g / w, check.updateRatios()[l], 1e-5, "update ratio " + l);
        }
        assertEquals(0.5, check.inactiveShares()[0], 1e-12, "dead ReLUs of layer 0");
        assertEquals(0.0, check.inactiveShares()[2], 1e-12, "softmax is never counted");
        assertEquals(check.globalGradientNorm(), norm(expected.values()), 1e-6);
    }

    /** Norms far below the absolute threshold that jump 1000x within the window: EXPLODING by growth. */
    @Test
    void fastGrowthWithinTheWindowIsExploding() {
        Mlp model = Mlp.builder(3).hidden(4, Activation.TANH).output(1, Activation.LINEAR)
                .seed(2).kernels(Backends.reference()).build();
        float[] x = randomInputs(3, 4, 5);
        float[] base = model.gradients(x, new float[4], 4).values();
        double baseNorm = norm(base);
        dev.vecmlp.model.Workspace ws = model.newWorkspace(4);
        model.forward(ws, x, 0, 4);
        GradientMonitor monitor = new GradientMonitor(HealthConfig.defaults().withExplodingNorm(1e12)
                .withGrowth(100, 3, 1e-9));
        double[] scales = {1, 2, 1, 1000};
        for (int i = 0; i < scales.length; i++) {
            float[] g = base.clone();
            model.kernels().scale(g.length, (float) scales[i], g, 0);
            monitor.beforeUpdate(i + 1, model, g, ws, 4, norm(g));
            monitor.afterUpdate(model);
            assertEquals(i == 3, monitor.active(HealthVerdict.Kind.EXPLODING), "after check " + (i + 1));
        }
        HealthVerdict v = monitor.verdicts().get(0);
        assertEquals(4, v.step());
        assertTrue(v.detail().contains("grew"), v.detail());
        assertTrue(v.gradientNorm() < 1e12 && v.gradientNorm() > 100 * v.reference(), v.message());
        assertTrue(baseNorm > 0);
    }

    @Test
    void saturatedSigmoidUnitsAreCounted() {
        Mlp model = Mlp.builder(2).hidden(4, Activation.SIGMOID).output(1, Activation.LINEAR)
                .seed(1).kernels(Backends.reference()).build();
        float[] bias = {50, -50, 0, 0};
        model.setLayer(0, new float[8], bias); // zero weights: outputs sigmoid(bias) on every row
        GradientMonitor monitor = new GradientMonitor(HealthConfig.defaults().withEverySteps(1));
        new TrainingStep(model, new Sgd(0.01), 4, new StepOptions(0, 0, NonFinitePolicy.STOP, monitor))
                .step(randomInputs(2, 4, 2), 0, new float[4], 0, 4);
        assertEquals(0.5, monitor.latest().inactiveShares()[0], 1e-12);
    }

    // ---------------------------------------------------------------- helpers

    private static GradientMonitor train(Mlp model, double clipNorm, int steps) {
        GradientMonitor monitor = new GradientMonitor(HealthConfig.defaults().withEverySteps(1));
        List<HealthVerdict> delivered = new ArrayList<>();
        monitor.onVerdict(delivered::add);
        TrainingStep step = new TrainingStep(model, new Sgd(0.01), ROWS,
                new StepOptions(clipNorm, 0, NonFinitePolicy.SKIP, monitor));
        float[] x = randomInputs(model.inputWidth(), ROWS, 3);
        float[] y = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            y[r] = x[r * model.inputWidth()] > 0 ? 1 : 0;
        }
        for (int i = 0; i < steps; i++) {
            step.step(x, 0, y, 0, ROWS);
        }
        assertEquals(monitor.verdicts(), delivered, "every verdict is delivered to the sink");
        assertTrue(model.kernels().allFinite(model.parameterCount(), model.parameters(), 0), "weights stay finite");
        return monitor;
    }

    private static Mlp deepNarrow(Activation hidden, Initializer init) {
        Mlp.Builder b = Mlp.builder(4);
        for (int l = 0; l < 9; l++) {
            b.hidden(8, hidden);
        }
        return b.output(1, Activation.SIGMOID).initializer(init).seed(5).kernels(Backends.reference()).build();
    }

    /** 8 ReLU hidden layers of width 16 and a linear output, He weights multiplied by {@code scale}. */
    private static Mlp deepRelu(float scale) {
        Mlp.Builder b = Mlp.builder(8);
        for (int l = 0; l < 8; l++) {
            b.hidden(16, Activation.RELU);
        }
        Mlp model = b.output(1, Activation.LINEAR).loss(Loss.MSE).seed(4).kernels(Backends.reference()).build();
        for (int l = 0; l < model.layerCount(); l++) {
            Dense d = model.layer(l);
            model.kernels().scale(d.weightCount(), scale, model.parameters(), d.weightOffset());
        }
        return model;
    }

    private static float[] randomInputs(int width, int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[width * rows];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static List<HealthVerdict> of(GradientMonitor monitor, HealthVerdict.Kind kind) {
        List<HealthVerdict> out = new ArrayList<>();
        for (HealthVerdict v : monitor.verdicts()) {
            if (v.kind() == kind) {
                out.add(v);
            }
        }
        return out;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float f : v) {
            s += (double) f * f;
        }
        return Math.sqrt(s);
    }

    @Test
    void verdictsAreNotRepeatedWhileTheConditionHolds() {
        GradientMonitor monitor = train(deepNarrow(Activation.SIGMOID, Initializer.XAVIER_UNIFORM), 0, 20);
        long layer0 = monitor.verdicts().stream()
                .filter(v -> v.kind() == HealthVerdict.Kind.VANISHING && v.layer() == 0).count();
        assertEquals(1, layer0);
        assertFalse(monitor.activeVerdicts().isEmpty());
    }
}
