package dev.vecmlp.inference;

import dev.vecmlp.data.InputScaling;
import dev.vecmlp.errors.NonFiniteValueException;
import dev.vecmlp.errors.ShapeMismatchException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.kernel.Kernels;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Loss;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The predictor computes what {@link Mlp#forward} computes (bit for bit on the same backend),
 * applies the model's input scaling, works on a snapshot, and checks every call's arguments.
 */
class PredictorTest {

    /** The output heads the library allows: output activation and loss. */
    static Mlp model(int heads, Kernels kernels, long seed) {
        Mlp.Builder b = Mlp.builder(13).hidden(17, Activation.RELU).hidden(9, Activation.TANH).seed(seed).kernels(kernels);
        switch (heads) {
            case 0: return b.output(5, Activation.SOFTMAX).build();
            case 1: return b.output(1, Activation.SIGMOID).build();
            case 2: return b.output(3, Activation.LINEAR).build();
            case 3: return b.output(4, Activation.SIGMOID).loss(Loss.MSE).build();
            default: throw new IllegalArgumentException();
        }
    }

    static float[] randomInputs(int rows, int width, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * width];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 4 - 2);
        }
        return x;
    }

    /** Mlp.forward on (already scaled) inputs, row by row as one batch. */
    static float[] mlpForward(Mlp m, float[] x, int rows) {
        Workspace ws = m.newWorkspace(rows);
        m.forward(ws, x, 0, rows);
        return Arrays.copyOf(ws.output(), rows * m.outputWidth());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void singleSamplesMatchMlpForwardBitForBitOnTheReferenceBackend(int heads) {
        Mlp m = model(heads, Backends.reference(), 3);
        Predictor p = Predictor.of(m);
        float[] x = randomInputs(20, 13, 5);
        float[] out = new float[m.outputWidth() + 3];
        for (int r = 0; r < 20; r++) {
            p.predict(x, r * 13, out, 3);
            float[] expected = mlpForward(m, Arrays.copyOfRange(x, r * 13, r * 13 + 13), 1);
            assertArrayEquals(expected, Arrays.copyOfRange(out, 3, out.length), 0f, "row " + r);
            assertArrayEquals(expected, p.predict(Arrays.copyOfRange(x, r * 13, r * 13 + 13)), 0f);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 63, 64, 65, 130})
    void batchesAcrossChunkBoundariesMatchMlpForward(int rows) {
        Mlp m = model(0, Backends.reference(), 11);
        Predictor p = Predictor.of(m);
        float[] x = randomInputs(rows, 13, rows);
        float[] out = new float[rows * 5];
        p.predictBatch(x, 0, rows, out, 0);
        assertArrayEquals(mlpForward(m, x, rows), out, 0f);
        assertArrayEquals(out, p.predictBatch(x), 0f);
        // A small caller-held context splits the batch into more chunks and gives the same numbers.
        float[] chunked = new float[rows * 5];
        p.predictBatch(x, 0, rows, chunked, 0, p.newContext(3));
        assertArrayEquals(out, chunked, 0f);
    }

    @Test
    void matchesMlpForwardOnTheDefaultBackend() {
        Mlp m = model(0, Backends.defaultKernels(), 4);
        Predictor p = Predictor.of(m);
        int rows = 70;
        float[] x = randomInputs(rows, 13, 9);
        float[] expected = mlpForward(m, x, rows);
        float[] out = new float[rows * 5];
        p.predictBatch(x, 0, rows, out, 0);
        assertArrayEquals(expected, out, 1e-5f);
        float[] one = new float[5];
        for (int r = 0; r < rows; r++) {
            p.predict(x, r * 13, one, 0);
            assertArrayEquals(Arrays.copyOfRange(expected, r * 5, r * 5 + 5), one, 1e-5f);
        }
        assertSame(m.kernels(), p.kernels());
    }

    @Test
    void rawOutputsAreTheLogitsAndClassesTheArgMax() {
        Mlp m = model(0, Backends.reference(), 8);
        Predictor p = Predictor.of(m);
        int rows = 9;
        float[] x = randomInputs(rows, 13, 2);
        Workspace ws = m.newWorkspace(rows);
        m.forward(ws, x, 0, rows);
        float[] raw = new float[rows * 5];
        p.predictRawBatch(x, 0, rows, raw, 0);
        assertArrayEquals(Arrays.copyOf(ws.logits(), rows * 5), raw, 0f);
        int[] classes = new int[rows];
        p.predictClasses(x, 0, rows, classes, 0);
        float[] one = new float[5];
        for (int r = 0; r < rows; r++) {
            p.predictRaw(x, r * 13, one, 0);
            assertArrayEquals(Arrays.copyOfRange(raw, r * 5, r * 5 + 5), one, 0f);
            int argMax = 0;
            for (int j = 1; j < 5; j++) {
                if (ws.output()[r * 5 + j] > ws.output()[r * 5 + argMax]) {
                    argMax = j;
                }
            }
            assertEquals(argMax, p.predictClass(x, r * 13), "row " + r);
            assertEquals(argMax, classes[r]);
        }
    }

    @Test
    void oneSigmoidOutputGivesClassOneFromProbabilityOneHalf() {
        Mlp m = model(1, Backends.reference(), 5);
        Predictor p = Predictor.of(m);
        float[] x = randomInputs(200, 13, 6);
        float[] prob = new float[1];
        int ones = 0;
        for (int r = 0; r < 200; r++) {
            p.predict(x, r * 13, prob, 0);
            int expected = prob[0] >= 0.5f ? 1 : 0;
            ones += expected;
            assertEquals(expected, p.predictClass(x, r * 13));
        }
        assertTrue(ones > 0 && ones < 200, "both classes occur, found " + ones + " ones");
    }

    @Test
    void inputScalingIsAppliedAutomatically() {
        Mlp m = model(2, Backends.reference(), 12);
        float[] train = randomInputs(50, 13, 13);
        for (int i = 0; i < train.length; i++) {
            train[i] = train[i] * (1 + i % 13) + 10 * (i % 13); // features on very different scales
        }
        InputScaling scaling = InputScaling.standardize(train, 13);
        m.setInputScaling(scaling);
        Predictor p = Predictor.of(m);
        float[] out = new float[50 * 3];
        p.predictBatch(train, 0, 50, out, 0);
        assertArrayEquals(mlpForward(m, scaling.applied(train), 50), out, 0f);
        float[] one = new float[3];
        p.predict(train, 13, one, 0);
        assertArrayEquals(Arrays.copyOfRange(out, 3, 6), one, 0f);
        // Without the scaling the numbers differ: the test above can fail.
        m.setInputScaling(null);
        assertTrue(!Arrays.equals(out, Predictor.of(m).predictBatch(train)));
    }

    @Test
    void thePredictorKeepsItsSnapshotWhenTheModelChanges() {
        Mlp m = model(0, Backends.reference(), 21);
        Predictor p = Predictor.of(m);
        float[] x = randomInputs(1, 13, 1);
        float[] before = p.predict(x);
        Arrays.fill(m.parameters(), 0.5f);
        assertArrayEquals(before, p.predict(x), 0f);
        assertTrue(!Arrays.equals(before, Predictor.of(m).predict(x)));
    }

    @Test
    void wrongShapesAreRejectedBeforeAnythingIsWritten() {
        Mlp m = model(0, Backends.reference(), 1);
        Predictor p = Predictor.of(m);
        float[] out = new float[5];
        Arrays.fill(out, 7f);
        assertThrows(ShapeMismatchException.class, () -> p.predict(new float[12], 0, out, 0));
        assertThrows(ShapeMismatchException.class, () -> p.predict(new float[13], 1, out, 0));
        assertThrows(ShapeMismatchException.class, () -> p.predict(new float[13], -1, out, 0));
        assertThrows(ShapeMismatchException.class, () -> p.predict(new float[13], 0, out, 1));
        assertThrows(ShapeMismatchException.class, () -> p.predict(new float[13], 0, new float[4], 0));
        assertThrows(ShapeMismatchException.class, () -> p.predict(new float[14]));
        assertThrows(ShapeMismatchException.class, () -> p.predictBatch(new float[26], 0, 3, new float[15], 0));
        assertThrows(ShapeMismatchException.class, () -> p.predictBatch(new float[39], 0, 3, new float[14], 0));
        assertThrows(ShapeMismatchException.class, () -> p.predictBatch(new float[39], 0, -1, new float[15], 0));
        assertThrows(ShapeMismatchException.class, () -> p.predictBatch(new float[27]));
        assertThrows(ShapeMismatchException.class, () -> p.predictClasses(new float[39], 0, 3, new int[2], 0));
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> p.predict(new float[10], 0, out, 0));
        assertTrue(e.getMessage().contains("13") && e.getMessage().contains("10"), e.getMessage());
        float[] shared = new float[20];
        assertThrows(IllegalArgumentException.class, () -> p.predict(shared, 0, shared, 10));
        assertThrows(IllegalArgumentException.class, () -> p.predict(new float[13], 0, out, 0, Predictor.of(m).newContext()));
        assertArrayEquals(new float[]{7f, 7f, 7f, 7f, 7f}, out, 0f);
        p.predictBatch(new float[0], 0, 0, new float[0], 0); // an empty batch is fine
        p.predict(shared, 0, shared, 13); // adjacent, not overlapping
    }

    @Test
    void nonFiniteInputsFollowThePolicy() {
        Mlp m = model(0, Backends.reference(), 1);
        Predictor p = Predictor.of(m);
        assertEquals(NonFinitePolicy.REJECT, p.nonFinitePolicy());
        float[] x = randomInputs(3, 13, 4);
        x[13 + 6] = Float.NaN;
        float[] out = new float[15];
        NonFiniteValueException e = assertThrows(NonFiniteValueException.class, () -> p.predictBatch(x, 0, 3, out, 0));
        assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("column 6"), e.getMessage());
        assertArrayEquals(new float[15], out, 0f);
        assertThrows(NonFiniteValueException.class, () -> p.predict(x, 13, out, 0));
        assertThrows(NonFiniteValueException.class, () -> p.predictClass(x, 13));
        x[13 + 6] = Float.NEGATIVE_INFINITY;
        assertThrows(NonFiniteValueException.class, () -> p.predictRaw(x, 13, out, 0));
        p.predict(x, 0, out, 0); // row 0 is fine

        Predictor allowing = p.withNonFinitePolicy(NonFinitePolicy.ALLOW);
        assertSame(allowing, allowing.withNonFinitePolicy(NonFinitePolicy.ALLOW));
        x[13 + 6] = Float.NaN;
        Arrays.fill(out, -1f);
        allowing.predict(x, 13, out, 0); // computed, not refused (ReLU may turn the NaN into 0)
        assertTrue(out[0] != -1f, "output written");
        // A context fits every predictor of the same snapshot.
        allowing.predict(x, 0, out, 0, p.newContext());
        assertNotSame(p, allowing);
    }

    @Test
    void warmUpRunsEveryPathWithoutChangingResults() {
        Mlp m = model(3, Backends.reference(), 2);
        Predictor p = Predictor.of(m);
        float[] x = randomInputs(3, 13, 8);
        float[] before = p.predictBatch(x);
        long calls = p.warmUp(Duration.ofMillis(200));
        assertTrue(calls > 0, "calls " + calls);
        assertArrayEquals(before, p.predictBatch(x), 0f);
    }
}
