package dev.vecmlp.examples;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.train.Evaluation;
import dev.vecmlp.train.Trainer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's quick start, kept compiling and working: keep the two in step. */
class ReadmeQuickStartTest {

    @Test
    void quickStartLearnsXor() {
        // --- README quick start begins
        float[] x = {0, 0, 0, 1, 1, 0, 1, 1};           // 4 samples, 2 features, row-major
        int[] labels = {0, 1, 1, 0};                      // XOR
        DataSet data = DataSet.ofClasses(x, 2, labels, 2);

        Mlp model = Mlp.builder(2)
                .hidden(8, Activation.TANH)
                .output(2, Activation.SOFTMAX)            // cross-entropy is the default loss here
                .seed(42)
                .build();

        Trainer.builder()
                .learningRate(0.1)
                .batchSize(1)                             // pure per-sample SGD
                .epochs(1000)
                .seed(42)
                .listener(epoch -> { /* epoch.loss(), epoch.samplesPerSecond() */ })
                .build()
                .fit(model, data);

        float[] probabilities = model.predict(x, 4);      // 4 rows x 2 classes
        double accuracy = Evaluation.accuracy(model, data);
        // --- README quick start ends
        assertEquals(8, probabilities.length);
        assertEquals(1.0, accuracy);
    }
}
