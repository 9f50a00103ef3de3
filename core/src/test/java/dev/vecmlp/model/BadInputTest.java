package dev.vecmlp.model;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.errors.EmptyDataException;
import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.errors.LabelOutOfRangeException;
import dev.vecmlp.errors.NonFiniteValueException;
import dev.vecmlp.errors.ShapeMismatchException;
import dev.vecmlp.kernel.Backends;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.train.Trainer;
import dev.vecmlp.train.TrainingStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of bad input is rejected with its own exception, a message naming expected and found, and no change to the model. */
class BadInputTest {

    private final Mlp model = Mlp.builder(3).hidden(4, Activation.RELU).output(2, Activation.SOFTMAX)
            .seed(1).kernels(Backends.reference()).build();

    private <T extends Throwable> void rejected(Class<T> type, Executable action, String... fragments) {
        float[] before = model.parameters().clone();
        T e = assertThrows(type, action);
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' should contain '" + fragment + "'");
        }
        assertArrayEquals(before, model.parameters(), 0f, "the model must be unchanged");
    }

    private static Trainer trainer() {
        return Trainer.builder().learningRate(0.1).batchSize(2).epochs(1).build();
    }

    @Test
    void wrongFeatureWidth() {
        DataSet data = DataSet.ofClasses(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 4, new int[]{0, 1}, 2);
        rejected(ShapeMismatchException.class, () -> trainer().fit(model, data), "expected 3", "found 4");
    }

    @Test
    void wrongTargetWidth() {
        DataSet data = DataSet.ofClasses(new float[]{1, 2, 3, 4, 5, 6}, 3, new int[]{0, 2}, 3);
        rejected(ShapeMismatchException.class, () -> trainer().fit(model, data), "expected 2", "found 3");
    }

    @Test
    void labelsDoNotMatchRows() {
        rejected(ShapeMismatchException.class,
                () -> DataSet.ofClasses(new float[]{1, 2, 3, 4, 5, 6}, 3, new int[]{0, 1, 1}, 2), "expected 2", "found 3");
        rejected(ShapeMismatchException.class,
                () -> DataSet.of(new float[]{1, 2, 3, 4, 5, 6}, 3, new float[]{1, 0}, 2), "2 feature rows", "found 2");
    }

    @Test
    void batchArrayTooShortForItsRows() {
        Workspace ws = model.newWorkspace(4);
        rejected(ShapeMismatchException.class,
                () -> model.computeGradients(ws, new float[5], 0, new float[4], 0, 2, model.newGradients()),
                "expected 2 rows x 3 features = 6", "length 5");
        rejected(ShapeMismatchException.class,
                () -> model.computeGradients(ws, new float[6], 0, new float[3], 0, 2, model.newGradients()),
                "targets: expected 2 rows x 2 outputs = 4", "length 3");
        rejected(ShapeMismatchException.class,
                () -> model.computeGradients(ws, new float[30], 0, new float[20], 0, 5, model.newGradients()),
                "at most the workspace capacity 4", "found 5");
    }

    @Test
    void nanAndInfiniteInputs() {
        rejected(NonFiniteValueException.class,
                () -> DataSet.ofClasses(new float[]{1, 2, Float.NaN, 4, 5, 6}, 3, new int[]{0, 1}, 2),
                "expected finite", "found NaN", "row 0, column 2");
        rejected(NonFiniteValueException.class,
                () -> DataSet.of(new float[]{1, 2, 3}, 3, new float[]{Float.POSITIVE_INFINITY, 0}, 2),
                "expected finite", "found Infinity");
        TrainingStep step = new TrainingStep(model, new Sgd(0.1), 2);
        rejected(NonFiniteValueException.class,
                () -> step.step(new float[]{1, 2, 3, 4, Float.NEGATIVE_INFINITY, 6}, 0, new float[]{1, 0, 0, 1}, 0, 2),
                "found -Infinity", "row 1, column 1");
    }

    @Test
    void labelOutOfRange() {
        rejected(LabelOutOfRangeException.class,
                () -> DataSet.ofClasses(new float[]{1, 2, 3, 4, 5, 6}, 3, new int[]{0, 2}, 2),
                "row 1", "[0, 2)", "found 2");
        rejected(LabelOutOfRangeException.class,
                () -> DataSet.ofClasses(new float[]{1, 2, 3}, 3, new int[]{-1}, 2), "found -1");
    }

    @Test
    void emptyData() {
        rejected(EmptyDataException.class, () -> DataSet.ofClasses(new float[0], 3, new int[0], 2), "found none");
        rejected(ShapeMismatchException.class,
                () -> model.forward(model.newWorkspace(1), new float[3], 0, 0), "at least 1", "found 0");
    }

    @Test
    void nonPositiveSizesAndRates() {
        rejected(InvalidConfigurationException.class, () -> Mlp.builder(0), "input width", "found 0");
        rejected(InvalidConfigurationException.class, () -> Mlp.builder(3).hidden(-2, Activation.RELU), "found -2");
        rejected(InvalidConfigurationException.class, () -> Trainer.builder().batchSize(0), "batch size", "found 0");
        rejected(InvalidConfigurationException.class, () -> Trainer.builder().epochs(-1), "epochs", "found -1");
        rejected(InvalidConfigurationException.class, () -> new Sgd(0), "learning rate", "found 0");
        rejected(InvalidConfigurationException.class, () -> new Sgd(-0.5), "found -0.5");
        rejected(InvalidConfigurationException.class, () -> new Sgd(Double.NaN), "found NaN");
        rejected(InvalidConfigurationException.class, () -> model.newWorkspace(0), "found 0");
    }

    @Test
    void activationAndLossThatDoNotGoTogether() {
        rejected(InvalidConfigurationException.class,
                () -> Mlp.builder(3).output(2, Activation.RELU).loss(Loss.CROSS_ENTROPY).build(),
                "expected a SOFTMAX output layer", "found RELU");
        rejected(InvalidConfigurationException.class,
                () -> Mlp.builder(3).hidden(3, Activation.SOFTMAX), "only on the output layer");
        rejected(InvalidConfigurationException.class,
                () -> Mlp.builder(3).output(2, Activation.SOFTMAX).loss(Loss.MSE).build(), "expected loss CROSS_ENTROPY");
    }

    @Test
    void explicitWeightsOfTheWrongShape() {
        rejected(ShapeMismatchException.class, () -> model.setLayer(0, new float[11], new float[4]), "= 12 values", "found 11");
        rejected(ShapeMismatchException.class, () -> model.setLayer(1, new float[8], new float[3]), "expected 2", "found 3");
        float[] bad = new float[12];
        bad[5] = Float.NaN;
        rejected(NonFiniteValueException.class, () -> model.setLayer(0, bad, new float[4]), "found NaN");
    }
}
