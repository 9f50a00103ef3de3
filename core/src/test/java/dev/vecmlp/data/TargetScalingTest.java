package dev.vecmlp.data;

import dev.vecmlp.errors.InvalidConfigurationException;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.io.ModelFiles;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Sgd;
import dev.vecmlp.train.Trainer;
import dev.vecmlp.train.TrainingDivergedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Target standardisation: fitted, applied and inverted; carried by model files and inverted by
 * {@link Mlp#predict} and the predictor; and on scikit-learn's diabetes data (targets 25 to 346,
 * bundled with scikit-learn, BSD licence; copied into the test resources) the regression that
 * diverges at learning rate 0.01 on raw targets trains normally on standardised ones.
 */
class TargetScalingTest {
    private static final System.Logger LOG = System.getLogger(TargetScalingTest.class.getName());

    @Test
    void standardisesAndInvertsPerColumn() {
        float[] t = {1, 10, 3, 10, 5, 10};
        TargetScaling s = TargetScaling.standardize(t, 2);
        assertArrayEquals(new float[]{3, 10}, s.mean());
        assertEquals(Math.sqrt(8 / 3.0), s.std()[0], 1e-6);
        assertEquals(1f, s.std()[1], "a constant column keeps deviation 1");
        float[] copy = t.clone();
        s.apply(copy, 0, 3);
        assertEquals(0f, copy[2]);
        assertEquals(-2 / Math.sqrt(8 / 3.0), copy[0], 1e-6);
        s.invert(copy, 0, 3);
        for (int i = 0; i < t.length; i++) {
            assertEquals(t[i], copy[i], 1e-5);
        }
        assertThrows(InvalidConfigurationException.class, () -> new TargetScaling(new float[]{0}, new float[]{0}));
    }

    @Test
    void theModelFileCarriesItAndPredictionsComeBackInTargetUnits(@TempDir Path dir) throws IOException {
        Mlp model = Mlp.builder(2).hidden(3, Activation.TANH).output(2, Activation.LINEAR).seed(5).build();
        TargetScaling s = new TargetScaling(new float[]{100, -3}, new float[]{20, 0.5f});
        model.setTargetScaling(s);
        float[] x = {0.3f, -0.7f};
        Predictor before = Predictor.of(model);
        float[] raw = new float[2];
        before.predictRaw(x, 0, raw, 0);
        float[] predicted = before.predict(x);
        assertEquals(raw[0] * 20 + 100, predicted[0], 1e-4);
        assertEquals(raw[1] * 0.5f - 3, predicted[1], 1e-5);
        assertArrayEquals(predicted, model.predict(x, 1));

        Path file = dir.resolve("m.vmlp");
        ModelFiles.save(model, Map.of(), file);
        Mlp loaded = ModelFiles.load(file);
        assertEquals(s, loaded.targetScaling());
        assertArrayEquals(predicted, Predictor.of(loaded).predict(x));
        assertArrayEquals(predicted, loaded.predict(x, 1));

        Path torch = dir.resolve("m.safetensors");
        dev.vecmlp.io.SafeTensors.export(model, torch);
        Mlp imported = dev.vecmlp.io.SafeTensors.importModel(torch, List.of(Activation.TANH, Activation.LINEAR), null);
        assertEquals(s, imported.targetScaling());
        assertArrayEquals(predicted, imported.predict(x, 1));

        Mlp classifier = Mlp.builder(2).output(2, Activation.SOFTMAX).build();
        assertThrows(InvalidConfigurationException.class, () -> classifier.setTargetScaling(s));
        assertThrows(RuntimeException.class, () -> model.setTargetScaling(new TargetScaling(new float[]{1}, new float[]{1})));
    }

    @Test
    void theDiabetesRegressionDivergesOnRawTargetsAndTrainsOnStandardisedOnes() throws IOException {
        DataSet raw = diabetes();
        InputScaling inputs = InputScaling.standardize(raw.features(), raw.featureWidth());
        DataSet data = DataSet.of(inputs.applied(raw.features()), raw.featureWidth(), raw.targets(), 1);
        double variance = TargetScaling.standardize(data).std()[0];
        variance *= variance;

        Mlp unscaled = model();
        Trainer trainer = Trainer.builder().optimizer(new Sgd(0.01)).batchSize(32).epochs(50).seed(1).health(null).build();
        TrainingDivergedException diverged = assertThrows(TrainingDivergedException.class,
                () -> trainer.fit(unscaled, data));
        LOG.log(System.Logger.Level.INFO, "raw targets: {0}", diverged.getMessage());

        Mlp scaled = model();
        TargetScaling targets = TargetScaling.standardize(data);
        scaled.setTargetScaling(targets);
        trainer.fit(scaled, targets.applied(data));
        float[] predictions = scaled.predict(data.features(), data.rows());
        double mse = 0;
        for (int r = 0; r < data.rows(); r++) {
            double d = predictions[r] - data.targets()[r];
            mse += d * d;
        }
        mse /= data.rows();
        // The target variance is about 5,930; a linear fit leaves about 2,860 on this data.
        assertTrue(mse < 0.6 * variance, "training MSE " + mse + " vs target variance " + variance);
        LOG.log(System.Logger.Level.INFO, "standardised targets: training MSE {0} in target units (variance {1})",
                String.valueOf(mse), String.valueOf(variance));
    }

    private static Mlp model() {
        return Mlp.builder(10).hidden(32, Activation.RELU).output(1, Activation.LINEAR).seed(3).build();
    }

    /** scikit-learn's diabetes data: 442 rows of 10 raw features, targets 25 to 346. */
    static DataSet diabetes() throws IOException {
        List<float[]> rows = read("diabetes_data_raw.csv.gz");
        List<float[]> targets = read("diabetes_target.csv.gz");
        float[] x = new float[rows.size() * 10];
        float[] y = new float[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, x, r * 10, 10);
            y[r] = targets.get(r)[0];
        }
        return DataSet.of(x, 10, y, 1);
    }

    private static List<float[]> read(String name) throws IOException {
        List<float[]> out = new ArrayList<>();
        try (InputStream in = TargetScalingTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name);
            BufferedReader reader = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.US_ASCII));
            for (String line; (line = reader.readLine()) != null; ) {
                String[] cells = line.trim().split("\\s+");
                float[] values = new float[cells.length];
                for (int i = 0; i < cells.length; i++) {
                    values[i] = Float.parseFloat(cells[i]);
                }
                out.add(values);
            }
        }
        return out;
    }
}
