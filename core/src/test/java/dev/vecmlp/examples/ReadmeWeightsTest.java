package dev.vecmlp.examples;

import dev.vecmlp.data.DataSet;
import dev.vecmlp.data.TargetScaling;
import dev.vecmlp.model.Activation;
import dev.vecmlp.model.Mlp;
import dev.vecmlp.optim.Lbfgs;
import dev.vecmlp.train.ClassWeights;
import dev.vecmlp.train.Evaluation;
import dev.vecmlp.train.Trainer;
import dev.vecmlp.train.TrainingResult;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's section on sample and class weights, L-BFGS and target scaling: keep the two in step. */
class ReadmeWeightsTest {

    @Test
    void weightsLbfgsAndTargetScalingSectionRuns() {
        SplittableRandom random = new SplittableRandom(5);
        int rows = 200;
        float[] x = new float[rows * 2];
        int[] labels = new int[rows];
        float[] rowWeights = new float[rows];
        float[] yReg = new float[rows];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = (float) random.nextGaussian();
            x[2 * i + 1] = (float) random.nextGaussian();
            labels[i] = x[2 * i] + 0.3 * random.nextGaussian() > 1 ? 1 : 0;
            rowWeights[i] = 1 + random.nextInt(3);
            yReg[i] = 200 + 50 * x[2 * i] - 20 * x[2 * i + 1];
        }
        DataSet data = DataSet.ofClasses(x, 2, labels, 2);
        DataSet test = data;
        Mlp classifier = Mlp.builder(2).hidden(8, Activation.TANH).output(2, Activation.SOFTMAX).seed(1).build();
        Mlp smallModel = classifier.copy();
        DataSet train = DataSet.of(x, 2, yReg, 1);
        Mlp regressor = Mlp.builder(2).hidden(8, Activation.TANH).output(1, Activation.LINEAR).seed(1).build();
        float[] features = x;

        // --- README snippet start
        // Sample and class weights: each batch's loss is sum_i w_i l_i / sum_i w_i (MSE, CE and BCE).
        DataSet weighted = data.withSampleWeights(rowWeights);          // one finite weight > 0 per row
        Trainer.builder().classWeights(ClassWeights.balanced())          // or ClassWeights.of(1.0, 5.0), of(Map.of(1, 5.0))
                .build().fit(classifier, weighted);
        double[] recall = Evaluation.recallPerClass(classifier, test);   // and Evaluation.balancedAccuracy(...)

        // L-BFGS, full batch: one iteration (direction + strong-Wolfe line search) per epoch.
        TrainingResult lbfgs = Trainer.builder()
                .lbfgs(Lbfgs.builder().history(10).gradientTolerance(1e-5).lossTolerance(1e-9).build())
                .epochs(200)                                             // the iteration limit
                .build().train(smallModel, data);                        // lbfgs.steps(): iterations run

        // Target scaling for regression: fit on the training targets, train on scaled ones.
        TargetScaling targets = TargetScaling.standardize(train);
        regressor.setTargetScaling(targets);                             // saved in the model file (section TSCL)
        Trainer.builder().build().fit(regressor, targets.applied(train));
        float[] inTargetUnits = regressor.predict(features, rows);       // Predictor.predict maps back too
        // --- README snippet end

        assertEquals(2, recall.length);
        assertTrue(recall[1] > 0.5, "minority recall " + recall[1]);
        assertTrue(lbfgs.steps() > 0 && Evaluation.accuracy(smallModel, data) > 0.9);
        double mse = 0;
        for (int i = 0; i < rows; i++) {
            mse += (inTargetUnits[i] - yReg[i]) * (inTargetUnits[i] - yReg[i]);
        }
        assertTrue(mse / rows < 0.35 * 2900, "default trainer (SGD 0.01, 10 epochs): MSE in target units " + mse / rows + " (variance about 2900)");
    }
}
