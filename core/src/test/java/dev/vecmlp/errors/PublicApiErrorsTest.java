package dev.vecmlp.errors;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.InputScaling;
import dev.vecmlp.io.Checkpoint;
import dev.vecmlp.io.Checkpoints;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.model.Workspace;
import dev.vecmlp.optim.Adam;
import dev.vecmlp.optim.Momentum;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad arguments to public entry points end in the documented exception types (README "Errors"),
 * with messages naming what was expected and what was found, never in an index or pointer
 * exception from inside, and without changing anything.
 */
class PublicApiErrorsTest {
    @TempDir
    Path dir;

    private static Mlp model() {
        return Mlp.builder(3).hidden(4, Activation.RELU).output(2, Activation.SOFTMAX).seed(1)
                .kernels(Backends.reference()).build();
    }

    @Test
    void aLayerIndexOutOfRangeNamesTheValidRange() {
        Mlp m = model();
        float[] before = m.parameters().clone();
        for (int bad : new int[]{-1, 2, Integer.MAX_VALUE}) {
            String expected = "layer index: expected 0 to 1 (2 layers), found " + bad;
            assertEquals(expected, assertThrows(ShapeMismatchException.class, () -> m.weights(bad)).getMessage());
            assertEquals(expected, assertThrows(ShapeMismatchException.class, () -> m.bias(bad)).getMessage());
            assertEquals(expected, assertThrows(ShapeMismatchException.class, () -> m.layer(bad)).getMessage());
            assertEquals(expected, assertThrows(ShapeMismatchException.class,
                    () -> m.setLayer(bad, new float[12], new float[4])).getMessage());
            Workspace ws = m.newWorkspace(1);
            assertEquals(expected, assertThrows(ShapeMismatchException.class, () -> ws.activations(bad)).getMessage());
            assertEquals(expected, assertThrows(ShapeMismatchException.class, () -> ws.deltas(bad)).getMessage());
        }
        assertArrayEquals(before, m.parameters());
    }

    @Test
    void inputScalingChecksItsArraysBeforeWriting() {
        InputScaling s = new InputScaling(new float[]{1, 2}, new float[]{0.5f, 0.25f});
        float[] out = new float[4];
        Arrays.fill(out, 9);
        ShapeMismatchException shortIn = assertThrows(ShapeMismatchException.class,
                () -> s.apply(new float[3], 0, 2, out, 0));
        assertEquals("input scaling inputs: expected 2 rows x 2 = 4 values from offset 0, found an array of length 3",
                shortIn.getMessage());
        ShapeMismatchException shortOut = assertThrows(ShapeMismatchException.class,
                () -> s.apply(new float[4], 0, 2, out, 1));
        assertTrue(shortOut.getMessage().contains("from offset 1, found an array of length 4"), shortOut.getMessage());
        assertThrows(ShapeMismatchException.class, () -> s.apply(new float[4], -1, 1, out, 0));
        assertThrows(ShapeMismatchException.class, () -> s.apply(new float[4], 0, -1, out, 0));
        assertArrayEquals(new float[]{9, 9, 9, 9}, out);
        s.apply(new float[]{3, 6, 1, 2}, 0, 2, out, 0);
        assertArrayEquals(new float[]{1, 1, 0, 0}, out);
    }

    @Test
    void resumingWithAnotherOptimizersCheckpointNamesBothOptimizers() throws IOException {
        DataSet data = DataSet.ofClasses(new float[]{0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0}, 3, new int[]{0, 1, 1, 0}, 2);
        Mlp m = model();
        Path file = dir.resolve("run.ckpt");
        Trainer.builder().optimizer(new Momentum(0.1, 0.9)).epochs(1).batchSize(2).seed(3)
                .checkpoints(Checkpoints.to(file), 1).build().fit(m, data);
        Checkpoint checkpoint = Checkpoints.load(file);
        for (Trainer other : new Trainer[]{
                Trainer.builder().optimizer(new Adam(0.01)).epochs(2).batchSize(2).build(),
                Trainer.builder().optimizer(new Sgd(0.1)).epochs(2).batchSize(2).build()}) {
            Mlp resumed = checkpoint.model();
            float[] before = resumed.parameters().clone();
            InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                    () -> other.fit(resumed, data, checkpoint.resume()));
            assertTrue(e.getMessage().contains("found the state of optimizer momentum"), e.getMessage());
            assertTrue(e.getMessage().contains("this optimizer, adam") || e.getMessage().contains("this optimizer, sgd"),
                    e.getMessage());
            assertArrayEquals(before, resumed.parameters());
        }
    }

    @Test
    void rowAndPredictorMisusesAreShapeMismatches() {
        DataSet data = DataSet.ofClasses(new float[]{0, 1, 2, 3}, 2, new int[]{1, 0}, 2);
        assertEquals("row index: expected 0 to 1 (2 rows), found 2",
                assertThrows(ShapeMismatchException.class, () -> data.targetClass(2)).getMessage());
        assertThrows(ShapeMismatchException.class, () -> DataSet.argmax(new float[3], 2, 2));
        assertThrows(ShapeMismatchException.class, () -> DataSet.argmax(new float[3], 0, 0));
        dev.vecmlp.inference.Predictor p = dev.vecmlp.inference.Predictor.of(model());
        dev.vecmlp.inference.Predictor other = dev.vecmlp.inference.Predictor.of(
                Mlp.builder(5).output(2, Activation.SOFTMAX).kernels(Backends.reference()).build());
        float[] shared = new float[8];
        ShapeMismatchException overlap = assertThrows(ShapeMismatchException.class, () -> p.predict(shared, 0, shared, 2));
        assertTrue(overlap.getMessage().startsWith("output: expected a range not overlapping the input"), overlap.getMessage());
        assertThrows(ShapeMismatchException.class,
                () -> p.predict(new float[3], 0, new float[2], 0, other.newContext()));
    }
}
