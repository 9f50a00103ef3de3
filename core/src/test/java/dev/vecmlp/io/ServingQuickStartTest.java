package dev.vecmlp.io;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.inference.Predictor;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's serving quick start (save, load, predict from threads; PyTorch interchange), kept working. */
class ServingQuickStartTest {
    @TempDir
    Path dir;

    @Test
    void servingQuickStart() throws IOException {
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
        Mlp model = Mlp.builder(2).hidden(8, Activation.TANH).output(2, Activation.SOFTMAX).seed(42).build();
        Trainer.builder().learningRate(0.1).batchSize(1).epochs(1000).seed(42).build()
                .fit(model, DataSet.ofClasses(x, 2, new int[]{0, 1, 1, 0}, 2));
        Path modelFile = dir.resolve("xor.vmlp");
        Path torchFile = dir.resolve("xor.safetensors");

        // --- README serving quick start begins
        // After training: one file, written atomically, with free-form metadata.
        ModelFiles.save(model, Map.of("name", "xor", "metrics.accuracy", "1.0"), modelFile);

        // In the service: load once, share one predictor between all request threads.
        Predictor predictor = Predictor.of(ModelFiles.load(modelFile));
        predictor.warmUp();                                   // compile every path before traffic

        float[] features = {1, 0};
        float[] probabilities = new float[predictor.outputWidth()];
        predictor.predict(features, 0, probabilities, 0);     // thread-safe, allocates nothing
        int label = predictor.predictClass(features, 0);      // 1

        // PyTorch interchange: a state_dict saved as safetensors, and back.
        SafeTensors.export(model, torchFile);                 // fc1.weight [8, 2], fc1.bias [8], fc2...
        Mlp fromTorch = SafeTensors.importModel(torchFile, List.of(Activation.TANH, Activation.SOFTMAX), null);
        // --- README serving quick start ends

        assertEquals(1, label);
        assertEquals(1f, probabilities[0] + probabilities[1], 1e-6f);
        assertEquals(label, Predictor.of(fromTorch).predictClass(features, 0));
        assertEquals(0, predictor.predictClass(new float[]{1, 1}, 0));
    }
}
